package dev.rewind.integrations.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.MetricNames;
import dev.rewind.observe.MetricScope;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrometheusQueriesTest {
    private static final MetricScope SCOPE = new MetricScope("checkout", "production", "v2.1");

    @ParameterizedTest
    @ValueSource(strings = {MetricNames.ERROR_RATE, MetricNames.P50_LATENCY, MetricNames.P95_LATENCY, MetricNames.P99_LATENCY,
            MetricNames.MEMORY, MetricNames.CPU, MetricNames.REQUEST_RATE, MetricNames.DB_CONNECTION_ERRORS,
            MetricNames.HEALTH_CHECK_FAILURES})
    void hasADefaultQueryForEverySeedMetricScopedToTheRelease(String metric) {
        String promql = PrometheusQueries.withOverrides(Map.of()).render(metric, SCOPE);

        assertThat(promql).contains("version=\"v2.1\"").doesNotContain("$");
    }

    @Test
    void substitutesServiceEnvironmentAndVersion() {
        PrometheusQueries q = PrometheusQueries.withOverrides(Map.of("error_rate", "x{service=\"$service\",env=\"$environment\",v=\"$version\"}"));

        assertThat(q.render("error_rate", SCOPE)).isEqualTo("x{service=\"checkout\",env=\"production\",v=\"v2.1\"}");
    }

    @Test
    void escapesQuotesSoALabelValueCannotEndThePromqlString() {
        PrometheusQueries q = PrometheusQueries.withOverrides(Map.of("error_rate", "x{v=\"$version\"}"));

        String promql = q.render("error_rate", new MetricScope("s", "e", "v1\"} or up{x=\"\\"));

        assertThat(promql).isEqualTo("x{v=\"v1\\\"} or up{x=\\\"\\\\\"}");
    }

    @Test
    void aliasesFindTheCanonicalQuery() {
        PrometheusQueries q = PrometheusQueries.withOverrides(Map.of("latency_p99", "custom"));

        assertThat(q.render("p99_latency_ms", SCOPE)).isEqualTo("custom");
        assertThat(q.render("latency_p99", SCOPE)).isEqualTo("custom");
        assertThat(q.render("queue_depth", SCOPE)).isNull();
    }
}
