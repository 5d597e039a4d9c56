package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rewind.secrets.FreshSecrets;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshSecrets.class) // the secrets registered here do not outlive the class
class RewindCommandTest {

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        Cli cli = Cli.run("--help");
        assertThat(cli.exit()).isZero();
        String commands = cli.out().substring(cli.out().indexOf("Commands:"), cli.out().indexOf("Exit codes:"));
        assertThat(commands.lines().filter(l -> l.matches("  [a-z]+ .*")).map(l -> l.strip().split(" ")[0]))
                .containsExactly("demo", "watch", "replay", "rollback", "plan", "history", "report", "audit", "doctor", "serve", "release", "token", "bench", "maintenance", "help");
        assertThat(cli.out().substring(cli.out().indexOf("Exit codes:")).lines())
                .anyMatch(l -> l.matches("\\s+0\\s+success.*"))
                .anyMatch(l -> l.matches("\\s+1\\s+the rollback or check itself failed"))
                .anyMatch(l -> l.matches("\\s+2\\s+bad usage or bad input.*"))
                .anyMatch(l -> l.matches("\\s+3\\s+an outside system could not be reached.*"));
    }

    @Test
    void anUnknownCommandWithHelpIsBadUsageNamingTheKnownCommandsNotTheTopLevelHelp() {
        Cli cli = Cli.run("nosuchcommand", "--help");

        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("unknown command 'nosuchcommand'; known: demo, watch, replay, rollback, plan, history, report, audit, doctor, serve, release, token, bench, maintenance, help")
                .doesNotContain("did you mean");
        assertThat(cli.out()).doesNotContain("Usage:");
    }

    @Test
    void anUnknownCommandAloneIsBadUsageToo() {
        Cli cli = Cli.run("nosuchcommand");

        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("unknown command 'nosuchcommand'; known: demo,");
    }

    @Test
    void aMistypedCommandGetsADidYouMean() {
        Cli cli = Cli.run("rollbak", "--environment", "demo");

        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("unknown command 'rollbak'", "did you mean 'rollback'?");
    }

    @Test
    void anUnknownOptionBeforeAnyCommandIsReportedAsAnOptionNotACommand() {
        Cli cli = Cli.run("--frobnicate");

        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("Unknown option: '--frobnicate'").doesNotContain("unknown command");
    }

    @Test
    void anUnknownOptionIsBadUsage() {
        Cli cli = Cli.run("rollback", "--environment", "demo", "--frobnicate");
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("--frobnicate");
    }

    @Test
    void aBadConfigNamesTheFileLineAndFieldAndExitsTwo(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("rollback.yml");
        Files.writeString(config, """
                rollback_policy:
                  monitoring:
                    check_interval_seconds: 60
                  triggers:
                    error_rate:
                      multiplier: "twice"
                """);
        Cli cli = Cli.run("rollback", "--config", config.toString(), "--environment", "demo", "--dry-run", "--store", dir.resolve("s.db").toString());
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("rollback.yml:6").contains("rollback_policy.triggers.error_rate.multiplier");
    }

    @Test
    void anUnknownKeyIsRefusedWithADidYouMean(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("rollback.yml");
        Files.writeString(config, """
                rollback_policy:
                  enabeld: true
                """);
        Cli cli = Cli.run("rollback", "--config", config.toString(), "--environment", "demo", "--dry-run", "--store", dir.resolve("s.db").toString());
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("rollback.yml:2").contains("enabeld").contains("enabled");
    }

    @Test
    void subcommandsWhoseVersionOptionNamesAReleaseStillAnswerHelp() {
        for (String sub : java.util.List.of("register", "traffic")) {
            Cli cli = Cli.run("release", sub, "--help");
            assertThat(cli.exit()).as("release " + sub + " --help: " + cli.err()).isZero();
            assertThat(cli.out()).contains("Usage: rewind release " + sub, "--version=VERSION", "--help");
        }
    }
}
