package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewindCommandTest {

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        Cli cli = Cli.run("--help");
        assertThat(cli.exit()).isZero();
        assertThat(cli.out()).contains("demo", "replay", "rollback", "watch", "history", "report", "bench")
                .contains("Exit codes:", "2", "bad usage or bad input", "3", "could not be reached");
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
}
