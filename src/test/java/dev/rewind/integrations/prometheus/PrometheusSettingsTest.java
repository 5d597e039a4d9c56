package dev.rewind.integrations.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.BadInputException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrometheusSettingsTest {

    private static IntegrationConfig config(Map<String, Object> settings) {
        return new IntegrationConfig("prometheus", settings, "rewind.yaml", 7, "metrics");
    }

    private static Map<String, Object> with(Object... pairs) {
        Map<String, Object> m = new HashMap<>(Map.of("url", "http://prom.internal:9090"));
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], pairs[i + 1]);
        return m;
    }

    @Test
    void readsEverySettingOfAFullBlock() {
        PrometheusSettings s = PrometheusSettings.from(config(with(
                "queries", Map.of("latency_p99", "max(p99{version=\"$version\"})"),
                "step_seconds", 2, "timeout_seconds", "1.5", "bearer_token", "tok-abc",
                "tls", Map.of("insecure_skip_verify", true))));

        assertThat(s.url().toString()).isEqualTo("http://prom.internal:9090");
        assertThat(s.step()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.auth().headerValue()).isEqualTo("Bearer tok-abc");
        assertThat(s.insecureSkipVerify()).isTrue();
        assertThat(s.queries().templates()).containsEntry("p99_latency_ms", "max(p99{version=\"$version\"})");
        assertThat(s.queries().knows("error_rate")).as("defaults stay for the metrics not overridden").isTrue();
        assertThat(s.source()).isEqualTo(new PrometheusSettings.Source("rewind.yaml", 7, "metrics"));
    }

    static Stream<Arguments> badBlocks() {
        return Stream.of(
                Arguments.of(with("querys", Map.of()), "metrics.querys", "unknown setting"),
                Arguments.of(Map.of("step_seconds", 5), "metrics.url", "is required"),
                Arguments.of(with("url", "prom.internal:9090"), "metrics.url", "http:// or https://"),
                Arguments.of(with("step_seconds", "fast"), "metrics.step_seconds", "expected a number of seconds"),
                Arguments.of(with("timeout_seconds", -1), "metrics.timeout_seconds", "from 0.001 to 86400"),
                Arguments.of(with("queries", "error_rate"), "metrics.queries", "map of metric name to PromQL"),
                Arguments.of(with("queries", Map.of("error_rate", " ")), "metrics.queries.error_rate", "expected a PromQL query"),
                Arguments.of(with("password", "pw"), "metrics.username", "required when password"),
                Arguments.of(with("username", "u"), "metrics.password", "required when username"),
                Arguments.of(with("bearer_token", "t", "username", "u", "password", "p"), "metrics.bearer_token", "choose one"),
                Arguments.of(with("tls", Map.of("ca", "x")), "metrics.tls.ca", "unknown setting"),
                Arguments.of(with("tls", Map.of("ca_file", "/nonexistent/ca.pem")), "metrics.tls.ca_file", "readable PEM file"),
                Arguments.of(with("tls", "on"), "metrics.tls", "expected a map"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("badBlocks")
    void rejectsABadBlockNamingFileLineAndField(Map<String, Object> settings, String field, String problem) {
        assertThatThrownBy(() -> PrometheusSettings.from(config(settings)))
                .isInstanceOfSatisfying(BadInputException.class, e -> {
                    assertThat(e.file()).isEqualTo("rewind.yaml");
                    assertThat(e.line()).isEqualTo(7);
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(problem);
                });
    }

    @Test
    void credentialsInTheUrlAreRejectedWithoutRepeatingThem() {
        assertThatThrownBy(() -> PrometheusSettings.from(config(with("url", "http://admin:hunter2@prom:9090"))))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("credentials do not belong in the URL")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void secretsNeverAppearInToString() {
        PrometheusMetricSource bearer = PrometheusMetricSource.from(config(with("bearer_token", "tok-abc")));
        PrometheusMetricSource basic = PrometheusMetricSource.from(config(with("username", "ops", "password", "hunter2")));

        assertThat(bearer.toString()).contains("prom.internal:9090").doesNotContain("tok-abc");
        assertThat(bearer.settings().toString()).doesNotContain("tok-abc");
        assertThat(basic.toString()).contains("ops").doesNotContain("hunter2");
        assertThat(basic.settings().toString()).doesNotContain("hunter2");
    }

    @Test
    void basicAuthSendsTheEncodedPair() {
        assertThat(new PrometheusAuth.Basic("ops", "pw").headerValue()).isEqualTo("Basic b3BzOnB3");
    }
}
