package dev.rewind.integrations.prometheus;

import dev.rewind.model.MetricNames;
import dev.rewind.observe.MetricScope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PromQL templates per metric name, with $service, $environment and $version replaced by the release's
 * labels. The defaults assume the usual instrumentation (http_requests_total with a code label, a
 * http_request_duration_seconds histogram, process/container gauges); configs override any of them.
 * <p>
 * {@code counters} are selectors of raw counters (no functions): Rewind reads their samples scrape by scrape and
 * adds up each scrape's increase, which is what the sequential tests count ({@code request_count}, {@code error_count},
 * and {@code latency_bucket}, a histogram's {@code _bucket} counters split by {@code le}).
 */
public record PrometheusQueries(Map<String, String> templates, Map<String, String> counters) {

    private static final String SEL = "version=\"$version\"";

    public static final Map<String, String> DEFAULTS = defaults();
    public static final Map<String, String> DEFAULT_COUNTERS = Map.of(
            "request_count", "http_requests_total{" + SEL + "}",
            "error_count", "http_requests_total{" + SEL + ",code=~\"5..\"}",
            "latency_bucket", "http_request_duration_seconds_bucket{" + SEL + "}");

    public PrometheusQueries {
        Map<String, String> canonical = new LinkedHashMap<>();
        templates.forEach((metric, q) -> canonical.put(MetricNames.canonical(metric), q));
        templates = Map.copyOf(canonical);
        counters = Map.copyOf(counters);
    }

    public PrometheusQueries(Map<String, String> templates) {
        this(templates, Map.of());
    }

    /** The defaults, with the given templates replacing or adding entries. */
    public static PrometheusQueries withOverrides(Map<String, String> overrides) {
        return withOverrides(overrides, Map.of());
    }

    /** The default queries and counters, with the given ones replacing or adding entries; a query hides a default counter of its name. */
    public static PrometheusQueries withOverrides(Map<String, String> overrides, Map<String, String> counterOverrides) {
        Map<String, String> all = new LinkedHashMap<>(DEFAULTS);
        overrides.forEach((metric, q) -> all.put(MetricNames.canonical(metric), q));
        Map<String, String> counters = new LinkedHashMap<>(DEFAULT_COUNTERS);
        counters.keySet().removeAll(all.keySet());
        counters.putAll(counterOverrides);
        return new PrometheusQueries(all, counters);
    }

    public boolean knows(String metric) {
        return templates.containsKey(MetricNames.canonical(metric)) || counters.containsKey(metric);
    }

    /** Whether {@code metric} is read from a raw counter, scrape by scrape. */
    public boolean isCounter(String metric) {
        return !templates.containsKey(MetricNames.canonical(metric)) && counters.containsKey(metric);
    }

    /** The counter selector for {@code metric} in {@code scope}; null when it has none. */
    public String renderCounter(String metric, MetricScope scope) {
        String template = counters.get(metric);
        return template == null ? null : substitute(template, scope);
    }

    /** The PromQL for {@code metric} in {@code scope}; null when no template exists for it. */
    public String render(String metric, MetricScope scope) {
        String template = templates.get(MetricNames.canonical(metric));
        if (template == null) return null;
        return substitute(template, scope);
    }

    private static String substitute(String template, MetricScope scope) {
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
