package dev.rewind.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.config.ConfigLoader;
import dev.rewind.config.RewindConfig;
import dev.rewind.model.Threshold;
import dev.rewind.model.Trigger;
import dev.rewind.time.ManualTimeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The configs a new user copies: the README's Prometheus + HAProxy block as printed, and the example file. */
class ReadmeConfigTest {
    static final String MARKER = "<!-- readme-config: haproxy-prometheus -->";

    /** The first ```yaml block after the marker, exactly as the README prints it. */
    static String readmeConfig() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int marker = readme.indexOf(MARKER);
        assertThat(marker).as("README.md holds the marker %s", MARKER).isNotNegative();
        int start = readme.indexOf("```yaml\n", marker) + "```yaml\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    private static EnvironmentWiring wire(String file, String yaml) {
        RewindConfig cfg = new ConfigLoader(name -> null).parse(file, yaml).config();
        ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-22T10:00:00Z"));
        Integrations integrations = new Integrations(time, () -> {
            throw new AssertionError("no demo world here");
        });
        return EnvironmentWiring.build(cfg, cfg.environments().get("production"), cfg.policy(), integrations, time, alert -> { }, null);
    }

    @Test
    void theReadmesPrometheusAndHaproxyConfigLoadsAsPrintedWithNothingToWidenOrMiss() throws IOException {
        EnvironmentWiring w = wire("README.md", readmeConfig());

        assertThat(w.strategy().label()).isEqualTo("blue_green");
        assertThat(w.metrics()).isPresent();
        assertThat(w.metrics().get().serves("error_rate")).isTrue();
        // no request_count query in the README: the default counter (http_requests_total, read raw) serves it, and
        // verification sums it over its window
        assertThat(w.metrics().get().serves("request_count")).isTrue();
        assertThat(w.metrics().get().resolution()).isEqualTo(Duration.ofSeconds(2));
        assertThat(w.actuators().router()).isPresent();
        assertThat(w.check().notes()).as("a config printed in the README must not need adjusting").isEmpty();
        Trigger errorRate = w.policy().triggers().stream().filter(t -> t.name().equals("error_rate")).findFirst().orElseThrow();
        assertThat(errorRate.threshold()).isEqualTo(new Threshold.RelativeToBaseline(2.0, 0.02));
        assertThat(errorRate.window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(w.policy().checkInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(w.policy().baselineWindow()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theExampleConfigLoadsAndPassesTheSameChecks() throws IOException {
        EnvironmentWiring w = wire("examples/haproxy-prometheus.yaml", Files.readString(Path.of("examples/haproxy-prometheus.yaml")));

        assertThat(w.actuators().router()).isPresent();
        assertThat(w.metrics().get().serves("request_count")).isTrue();
        assertThat(w.check().notes()).isEmpty();
    }
}
