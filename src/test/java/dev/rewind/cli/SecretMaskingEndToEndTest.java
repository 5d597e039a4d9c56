package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.Release;
import dev.rewind.store.JournalEntry;
import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackRecord;
import dev.rewind.testing.Command;
import dev.rewind.testing.RewindLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rewind.secrets.FreshSecrets;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Finding 1 of the security review, end to end through the real command line: a secret that an outside system's
 * error quotes must not reach any output a rollback writes, and a secret holding a control character (the trailing
 * newline that made the JDK's HTTP client quote the header) is refused before anything runs.
 */
@ExtendWith(FreshSecrets.class) // the secrets registered here do not outlive the class
class SecretMaskingEndToEndTest {
    @TempDir
    Path dir;

    private Path config(String flags, String metrics) throws Exception {
        String yaml = """
                environments:
                  shop:
                    service: shop
                    strategy: feature_flag
                    feature_flag: new-checkout
                """ + "    flags: " + flags + "\n" + (metrics == null ? "" : "    metrics: " + metrics + "\n");
        return Files.writeString(dir.resolve("rewind.yaml"), yaml);
    }

    @Test
    void aTokenQuotedInAnOutsideSystemsErrorIsMaskedInEveryPlaceARollbackWrites() throws Exception {
        String token = "unleash-admin-" + UUID.randomUUID();
        Path store = dir.resolve("store.db");
        Path out = dir.resolve("out");
        Path log = dir.resolve("rewind.log");
        Instant deployed = Instant.parse("2026-03-02T09:00:00Z");
        RewindStore.open(store).releases().register(new Release("shop", "shop", "1.0.0", null, deployed.minusSeconds(86_400), List.of(), null, 100, null));
        RewindStore.open(store).releases().register(new Release("shop", "shop", "1.1.0", "1.0.0", deployed, List.of(), "new-checkout", 100, null));
        Cli cli;
        try (EchoingUnleash unleash = EchoingUnleash.start(); RewindLog ignored = RewindLog.to(log)) {
            Path config = config("{type: unleash, url: \"" + unleash.url() + "\", project: default, environment: production, token: \"" + token + "\"}", null);
            cli = Cli.run("rollback", "--config", config.toString(), "--environment", "shop", "--reason", "checkout errors",
                    "--store", store.toString(), "--out", out.toString());
            assertThat(unleash.tokens()).as("Unleash was sent the real token").isNotEmpty().containsOnly(token);
        }

        assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(1);
        assertThat(cli.out()).contains("selected rollback target: 1.0.0").contains("Status: failed");
        RewindStore db = RewindStore.open(store);
        RollbackRecord rollback = db.history().list(1).getFirst();
        List<JournalEntry> rows = db.journal().entries(rollback.id());
        assertThat(rows).as("the leak path was taken: the step failed on Unleash's echo, which is kept, masked")
                .filteredOn(r -> r.detail() != null && r.detail().contains("HTTP 500") && r.detail().contains("****")).hasSize(3);

        Map<String, String> places = new LinkedHashMap<>();
        places.put("stdout", cli.out());
        places.put("stderr", cli.err());
        places.put("log " + log, Files.readString(log, StandardCharsets.UTF_8));
        rows.forEach(r -> places.put("journal row " + r.seq() + " (" + r.action() + ")", r.detail() + " " + r.data()));
        places.put("history row", rollback + " " + db.history().resultJson(rollback.id()).orElse(""));
        db.audit().entries().forEach(e -> places.put("audit row " + e.id(), e.detail() + " " + e.target()));
        for (Path folder : List.of(out, out.resolve(rollback.id()))) {
            for (String file : List.of("rollback_result.yaml", "incident-report.md", "chart.svg")) {
                places.put(folder.resolve(file).toString(), Files.readString(folder.resolve(file), StandardCharsets.UTF_8));
            }
        }
        assertThat(places.get("stdout")).contains("****");
        assertThat(places.get("log " + log)).as("alerts were logged").contains("Rollback failed").contains("****");
        places.forEach((where, text) -> assertThat(text).as(where).doesNotContain(token));
    }

    /** The finding as reported: the token comes from ${VAR} and ends in a newline; env vars need a process of its own. */
    @Test
    void aTokenFromTheEnvironmentEndingInANewlineIsRefusedNamingTheFieldNotTheValue() throws Exception {
        String token = "unleash-admin-" + UUID.randomUUID();
        Path log = dir.resolve("child.log");
        try (EchoingUnleash unleash = EchoingUnleash.start()) {
            Path config = config("{type: unleash, url: \"" + unleash.url() + "\", token: \"${REWIND_TEST_UNLEASH_TOKEN}\"}",
                    "{type: prometheus, url: \"" + unleash.url() + "\", bearer_token: \"${REWIND_TEST_PROM_TOKEN}\"}");
            List<Command.Result> runs = new ArrayList<>();
            for (List<String> args : List.of(
                    List.of("rollback", "--config", config.toString(), "--environment", "shop", "--to", "1.0.0", "--store", dir.resolve("s.db").toString()),
                    List.of("watch", "--config", config.toString(), "--environment", "shop", "--release", "2", "--previous", "1",
                            "--store", dir.resolve("s.db").toString()))) {
                ProcessBuilder child = rewind(args);
                child.environment().put("REWIND_TEST_UNLEASH_TOKEN", token + "\n");
                child.environment().put("REWIND_TEST_PROM_TOKEN", "prom-" + token + "\n");
                child.environment().put("REWIND_LOG", log.toString());
                runs.add(Command.run(child, Duration.ofMinutes(2)));
            }
            assertThat(unleash.tokens()).as("nothing was sent").isEmpty();
            for (Command.Result run : runs) {
                assertThat(run.exit()).as(run.output()).isEqualTo(2);
                // the metrics block is read first: its bearer_token is the field named
                assertThat(run.output()).contains("rewind.yaml:").contains("field 'environments.shop.").contains("line feed (U+000A) at its end")
                        .doesNotContain(token).doesNotContain("at dev.rewind");
            }
            assertThat(runs.getFirst().output()).containsPattern("rewind\\.yaml:\\d+: field 'environments\\.shop\\.(metrics\\.bearer_token|flags\\.token)'");
        }
        if (Files.exists(log)) assertThat(Files.readString(log)).doesNotContain(token);
    }

    private static ProcessBuilder rewind(List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), RewindCommand.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command);
    }
}
