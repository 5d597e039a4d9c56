package dev.rewind.integrations.prometheus;

import dev.rewind.model.MetricNames;
import dev.rewind.observe.MetricScope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PromQL templates per metric name, with $service, $environment and $version replaced by the release's
 * labels. The defaults assume the usual instrumentation (http_requests_total with a code label, a
 * http_request_duration_seconds histogram, process/container gauges); configs override any of them.
 */
public record PrometheusQueries(Map<String, String> templates) {

    private static final String SEL = "version=\"$version\"";

    public static final Map<String, String> DEFAULTS = defaults();

    public PrometheusQueries {
        Map<String, String> canonical = new LinkedHashMap<>();
        templates.forEach((metric, q) -> canonical.put(MetricNames.canonical(metric), q));
        templates = Map.copyOf(canonical);
    }

    /** The defaults, with the given templates replacing or adding entries. */
    public static PrometheusQueries withOverrides(Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>(DEFAULTS);
        overrides.forEach((metric, q) -> all.put(MetricNames.canonical(metric), q));
        return new PrometheusQueries(all);
    }

    public boolean knows(String metric) {
        return templates.containsKey(MetricNames.canonical(metric));
    }

    /** The PromQL for {@code metric} in {@code scope}; null when no template exists for it. */
    public String render(String metric, MetricScope scope) {
        String template = templates.get(MetricNames.canonical(metric));
        if (template == null) return null;
        return template.replace("$service", escape(scope.service()))
                .replace("$environment", escape(scope.environment()))
                .replace("$version", escape(scope.version()));
    }

    /** Label values go inside double-quoted PromQL strings: a quote or backslash must not end them early. */
    static String escape(String value) {
        if (value == null) return "";
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static Map<String, String> defaults() {
        String errors = "sum(rate(http_requests_total{" + SEL + ",code=~\"5..\"}[1m]))";
        String all = "sum(rate(http_requests_total{" + SEL + "}[1m]))";
        String latency = "histogram_quantile(%s, sum by (le) (rate(http_request_duration_seconds_bucket{" + SEL + "}[1m]))) * 1000";
        Map<String, String> d = new LinkedHashMap<>();
        d.put(MetricNames.ERROR_RATE, "(" + errors + " or vector(0)) / " + all);
        d.put(MetricNames.P50_LATENCY, latency.formatted("0.5"));
        d.put(MetricNames.P95_LATENCY, latency.formatted("0.95"));
        d.put(MetricNames.P99_LATENCY, latency.formatted("0.99"));
        d.put(MetricNames.MEMORY, "max(container_memory_working_set_bytes{" + SEL + "} / container_spec_memory_limit_bytes{" + SEL + "}) * 100");
        d.put(MetricNames.CPU, "max(rate(process_cpu_seconds_total{" + SEL + "}[1m])) * 100");
        d.put(MetricNames.REQUEST_RATE, all);
        d.put(MetricNames.DB_CONNECTION_ERRORS, "sum(increase(db_connection_errors_total{" + SEL + "}[1m]))");
        d.put(MetricNames.HEALTH_CHECK_FAILURES, "sum(increase(health_check_failures_total{" + SEL + "}[1m]))");
        return Map.copyOf(d);
    }
}
