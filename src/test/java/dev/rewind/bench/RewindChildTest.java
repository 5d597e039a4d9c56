package dev.rewind.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.config.ConfigLoader;
import dev.rewind.config.RewindConfig;
import dev.rewind.model.Trigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example config a new user starts from, and the copy the benchmark makes of it. */
class RewindChildTest {
    private static final Path EXAMPLE = Path.of("examples/haproxy-prometheus.yaml");

    @TempDir
    Path dir;

    @Test
    void theExampleLoadsWithHalfSecondChecksAndTheDefaultRulesWhoseErrorRateIsASequentialTest() {
        RewindConfig cfg = ConfigLoader.load(EXAMPLE);

        assertThat(cfg.policy().checkInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(cfg.policy().triggers()).extracting(Trigger::name).as("no triggers set: seed 001's defaults")
                .containsExactlyInAnyOrderElementsOf(ConfigLoader.defaults().policy().triggers().stream().map(Trigger::name).toList());
        Trigger errors = cfg.policy().triggers().stream().filter(t -> t.name().equals("error_rate")).findFirst().orElseThrow();
        assertThat(errors.detection().kind()).as("the default error rule runs the sequential test").isEqualTo(dev.rewind.model.Detection.Kind.AUTO);
        assertThat(errors.detection().alpha()).isEqualTo(0.05);
        assertThat(errors.severity()).isEqualTo(dev.rewind.model.Severity.CRITICAL);
        assertThat(cfg.environments().get("production").router().settings()).containsEntry("backend", "be_app");
        assertThat(cfg.environments().get("production").metrics().settings()).containsKey("counters");
    }

    @Test
    void theBenchmarkFillsInItsOwnPrometheusAndSocketAndTheResultStillLoads() throws Exception {
        String filled = RewindChild.config(Files.readString(EXAMPLE), "http://127.0.0.1:19090", dir.resolve("admin.sock"));
        Path file = Files.writeString(dir.resolve("rewind.yaml"), filled);

        RewindConfig cfg = ConfigLoader.load(file);
        assertThat(cfg.environments().get("production").metrics().settings()).containsEntry("url", "http://127.0.0.1:19090");
        assertThat(cfg.environments().get("production").router().settings()).containsEntry("socket", dir.resolve("admin.sock").toString());
    }

    @Test
    void refusesAnExampleWithoutTheAddressesItWouldReplace() {
        assertThatThrownBy(() -> RewindChild.config("rollback_policy: {}\n", "http://127.0.0.1:1", dir.resolve("s")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(RewindChild.EXAMPLE_PROMETHEUS);
    }
}
