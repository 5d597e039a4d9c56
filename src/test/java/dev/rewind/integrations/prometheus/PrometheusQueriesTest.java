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

    @Test
    void aBatchQuerySelectsEveryVersionWithAnEscapedRegexAndKeepsOneSeriesPerVersion() {
        PrometheusQueries q = PrometheusQueries.withOverrides(Map.of());

        String promql = PrometheusQueries.renderBatch(q.batchTemplate("request_rate"), SCOPE, java.util.List.of("2.4.0", "2.4.0+build.7", "rc-1"));

        assertThat(promql).isEqualTo("sum by (version) (rate(http_requests_total{version=~\"2\\\\.4\\\\.0|2\\\\.4\\\\.0\\\\+build\\\\.7|rc-1\"}[1m]))");
    }

    @Test
    void aVersionOutsideTheRegistrationPatternNeverGoesIntoABatchRegex() {
        assertThat(PrometheusQueries.batchable("2.4.0")).isTrue();
        assertThat(PrometheusQueries.batchable("v1|.*")).isFalse();
        assertThat(PrometheusQueries.batchable("v1\"}")).isFalse();
        assertThat(PrometheusQueries.batchable("(a)")).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PrometheusQueries.renderBatch("x{version=~\"$versions\"}", SCOPE, java.util.List.of("v1|.*")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("v1|.*");
    }

    @Test
    void aConfigsOwnQueryIsBatchedOnlyWhenWrittenForManyVersions() {
        PrometheusQueries q = PrometheusQueries.withOverrides(Map.of(
                "error_rate", "x{version=\"$version\"}",
                "request_rate", "sum by (version) (y{env=\"$environment\",version=~\"$versions\"})"));

        assertThat(q.batchTemplate("error_rate")).isNull();
        assertThat(q.batchTemplate("request_rate")).contains("$versions");
        assertThat(q.batchTemplate("p95_latency_ms")).isEqualTo(PrometheusQueries.BATCH_DEFAULTS.get("p95_latency_ms"));
        // read for one release, a batch template is a regex of one version
        assertThat(q.render("request_rate", SCOPE)).isEqualTo("sum by (version) (y{env=\"production\",version=~\"v2\\\\.1\"})");
        // releases of different environments are read apart when the template names the environment
        MetricScope staging = new MetricScope("checkout", "staging", "v2.1");
        assertThat(PrometheusQueries.batchKey(q.batchTemplate("request_rate"), SCOPE))
                .isNotEqualTo(PrometheusQueries.batchKey(q.batchTemplate("request_rate"), staging));
        assertThat(PrometheusQueries.batchKey(q.batchTemplate("p95_latency_ms"), SCOPE))
                .isEqualTo(PrometheusQueries.batchKey(q.batchTemplate("p95_latency_ms"), staging));
    }

    @ParameterizedTest
    @ValueSource(strings = {MetricNames.ERROR_RATE, MetricNames.P50_LATENCY, MetricNames.P95_LATENCY, MetricNames.P99_LATENCY,
            MetricNames.MEMORY, MetricNames.CPU, MetricNames.REQUEST_RATE, MetricNames.DB_CONNECTION_ERRORS,
            MetricNames.HEALTH_CHECK_FAILURES})
    void everyDefaultQueryHasABatchFormGroupedByVersion(String metric) {
        String template = PrometheusQueries.withOverrides(Map.of()).batchTemplate(metric);

        assertThat(template).contains("version=~\"$versions\"").contains("by (").contains("version)").doesNotContain("\"$version\"");
    }
}
