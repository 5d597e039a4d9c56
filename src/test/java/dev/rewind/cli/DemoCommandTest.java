package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.store.RewindStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code rewind demo} end to end, every scenario: real service processes, real traffic, real measurements.
 * The demo runs on the wall clock by design (its windows are scaled, see DemoProfile); nothing here
 * asserts on speed, only on what happened and what was measured.
 */
class DemoCommandTest {
    private static final ObjectMapper YAML = new YAMLMapper();

    @ParameterizedTest(name = "{0} rolls back on {1}")
    @CsvSource({
            "error-spike,    error_rate,   error_rate",
            "latency,        latency,      p95_latency_ms",
            "memory-leak,    memory,       memory_usage_percent",
            "db-connections, database,     db_connection_errors"})
    void aBadReleaseIsRolledBackOnTheRightTriggerAndTheRecoveryIsMeasured(String scenario, String trigger, String metric, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Cli cli = Cli.run("demo", "--scenario", scenario, "--out", out.toString(), "--store", dir.resolve("s.db").toString());
        assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();

        JsonNode r = YAML.readTree(out.resolve("rollback_result.yaml").toFile()).get("rollback_result");
        assertThat(r.get("status").asString()).isEqualTo("success");
        assertThat(r.get("reverted_to").asString()).isEqualTo("2.3.1");
        assertThat(r.get("flag_deactivated").asBoolean()).isTrue();
        assertThat(r.get("metrics_normalized").asBoolean()).isTrue();
        assertThat(r.get("normalization_time_sec").asLong()).isBetween(0L, 60L);
        assertThat(r.get("actions_log")).extracting(a -> a.get("action").asString())
                .containsSubsequence("FLAG_DEACTIVATED", "TRAFFIC_SWITCHED", "REVERT", "METRICS_VERIFIED", "TRAFFIC_RESUMED");

        JsonNode diagnosis = r.get("diagnosis");
        assertThat(diagnosis.get("trigger").asString()).startsWith(trigger);
        assertThat(diagnosis.get("impacted_traffic_percent").asDouble()).isEqualTo(100.0);
        JsonNode atDetection = diagnosis.get("metrics_at_detection");
        double current = atDetection.get(metric).asDouble();
        double baseline = atDetection.get("baseline_" + metric).asDouble();
        // measured from the real traffic: the firing metric is really off its baseline
        assertThat(current).isGreaterThan(baseline);
        assertThat(diagnosis.get("probable_cause").asString()).isNotBlank();

        assertThat(Files.readString(out.resolve("incident-report.md"))).contains("# Rollback Report").contains("chart.svg");
        assertThat(Files.readString(out.resolve("chart.svg"))).startsWith("<svg").contains("<polyline");
        assertThat(RewindStore.open(dir.resolve("s.db")).history().list(5)).singleElement()
                .satisfies(row -> assertThat(row.status()).isEqualTo("success"));
    }

    @ParameterizedTest
    @CsvSource("healthy")
    void aHealthyReleaseIsKeptAndNothingIsRolledBack(String scenario, @TempDir Path dir) {
        Path out = dir.resolve("out");
        Cli cli = Cli.run("demo", "--scenario", scenario, "--out", out.toString(), "--store", dir.resolve("s.db").toString());
        assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("no_rollback").contains("Healthy release kept");
        assertThat(out.resolve("rollback_result.yaml")).doesNotExist();
        RewindStore store = RewindStore.open(dir.resolve("s.db"));
        assertThat(store.history().list(5)).isEmpty();
        assertThat(store.releases().current("shop", "demo")).get().satisfies(rec -> assertThat(rec.version()).isEqualTo("2.4.0"));
    }

    @ParameterizedTest
    @CsvSource("volcano")
    void anUnknownScenarioIsBadUsage(String scenario, @TempDir Path dir) {
        Cli cli = Cli.run("demo", "--scenario", scenario, "--out", dir.toString());
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("volcano").contains(String.join(", ", "error-spike", "latency"));
    }

}
