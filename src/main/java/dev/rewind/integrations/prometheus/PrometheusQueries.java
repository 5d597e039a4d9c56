package dev.rewind.integrations.prometheus;

import dev.rewind.model.MetricNames;
import dev.rewind.observe.MetricScope;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * PromQL templates per metric name, with $service, $environment and $version replaced by the release's
 * labels. The defaults assume the usual instrumentation (http_requests_total with a code label, a
 * http_request_duration_seconds histogram, process/container gauges); configs override any of them.
 * <p>
 * Server mode reads many releases at once: a batch template selects them all with {@code version=~"$versions"} (a
 * regex of the versions, each escaped) and keeps one series per version ({@code by (version)}). The defaults have
 * one each; a config's own template is batched when it is written that way (it names {@code $versions}), and is
 * otherwise read once per release.
 * {@code counters} are selectors of raw counters (no functions): Rewind reads their samples scrape by scrape and
 * adds up each scrape's increase, which is what the sequential tests count ({@code request_count}, {@code error_count},
 * and {@code latency_bucket}, a histogram's {@code _bucket} counters split by {@code le}).
 */
public record PrometheusQueries(Map<String, String> templates, Map<String, String> counters) {

    private static final String SEL = "version=\"$version\"";
    private static final String BATCH_SEL = "version=~\"$versions\"";
    /** The label that tells a batch answer's series apart. */
    public static final String VERSION_LABEL = "version";
    /**
     * Versions that may go into a batch regex: the registration pattern. Of its characters only '.' and '+' mean
     * something to a regex, and they are escaped; anything else is read on its own, with the quoted single template.
     */
    private static final Pattern BATCHABLE_VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}");

    public static final Map<String, String> DEFAULTS = defaults();
    public static final Map<String, String> BATCH_DEFAULTS = batchDefaults();
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
        if (template.contains("$versions")) {
            // a batch template read for one release: a regex of one version (which must be safe to put in one)
            if (!batchable(scope.version())) return null;
            return renderBatch(template, scope, java.util.List.of(scope.version()));
        }
        return labels(template, scope).replace("$version", escape(scope.version()));
    }

    /**
     * The batch template of {@code metric}: the config's own when it names $versions, the default's batch form when
     * the config kept the default; null when the metric can only be read one release at a time.
     */
    public String batchTemplate(String metric) {
        String canonical = MetricNames.canonical(metric);
        String template = templates.get(canonical);
        if (template == null) return null;
        if (template.contains("$versions")) return template;
        return template.equals(DEFAULTS.get(canonical)) ? BATCH_DEFAULTS.get(canonical) : null;
    }

    /**
     * What stays the same for every release one batch query reads: the template with $service and $environment
     * filled in. Scopes with the same key are read together.
     */
    public static String batchKey(String batchTemplate, MetricScope scope) {
        return labels(batchTemplate, scope);
    }

    /** The batch query for these versions of the scope's service and environment; each must be {@link #batchable}. */
    public static String renderBatch(String batchTemplate, MetricScope scope, Collection<String> versions) {
        StringBuilder regex = new StringBuilder();
        for (String v : versions) {
            if (!batchable(v)) throw new IllegalArgumentException("version '" + v + "' may not go into a PromQL regex");
            if (!regex.isEmpty()) regex.append('|');
            // '.' and '+' are the pattern's only regex characters; in a PromQL string the backslash is doubled
            regex.append(v.replace(".", "\\\\.").replace("+", "\\\\+"));
        }
        return labels(batchTemplate, scope).replace("$versions", regex);
    }

    /** Whether a version may go into a batch regex: positively matched, never escaped after the fact. */
    public static boolean batchable(String version) {
        return version != null && BATCHABLE_VERSION.matcher(version).matches();
    }

    private static String substitute(String template, MetricScope scope) {
        return labels(template, scope).replace("$version", escape(scope.version()));
    }

    private static String labels(String template, MetricScope scope) {
        return template.replace("$service", escape(scope.service())).replace("$environment", escape(scope.environment()));
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

    /**
     * The defaults over many versions, one series per version. "or vector(0)" would add one series without a version
     * label, which matches no version's traffic: a version with traffic and no 5xx gets its zero from "0 * all".
     */
    private static Map<String, String> batchDefaults() {
        String errors = "sum by (version) (rate(http_requests_total{" + BATCH_SEL + ",code=~\"5..\"}[1m]))";
        String all = "sum by (version) (rate(http_requests_total{" + BATCH_SEL + "}[1m]))";
        String latency = "histogram_quantile(%s, sum by (le, version) (rate(http_request_duration_seconds_bucket{" + BATCH_SEL + "}[1m]))) * 1000";
        Map<String, String> d = new LinkedHashMap<>();
        d.put(MetricNames.ERROR_RATE, "(" + errors + " or 0 * " + all + ") / " + all);
        d.put(MetricNames.P50_LATENCY, latency.formatted("0.5"));
        d.put(MetricNames.P95_LATENCY, latency.formatted("0.95"));
        d.put(MetricNames.P99_LATENCY, latency.formatted("0.99"));
        d.put(MetricNames.MEMORY, "max by (version) (container_memory_working_set_bytes{" + BATCH_SEL + "} / container_spec_memory_limit_bytes{"
                + BATCH_SEL + "}) * 100");
        d.put(MetricNames.CPU, "max by (version) (rate(process_cpu_seconds_total{" + BATCH_SEL + "}[1m])) * 100");
        d.put(MetricNames.REQUEST_RATE, all);
        d.put(MetricNames.DB_CONNECTION_ERRORS, "sum by (version) (increase(db_connection_errors_total{" + BATCH_SEL + "}[1m]))");
        d.put(MetricNames.HEALTH_CHECK_FAILURES, "sum by (version) (increase(health_check_failures_total{" + BATCH_SEL + "}[1m]))");
        return Map.copyOf(d);
    }
}
