package dev.rewind.model;

import java.util.Map;

/**
 * Canonical metric names (seed 001, DESIGN.md §3.3) and the spellings other configs use for them
 * (seed 004 writes latency_p99). Lookups go through {@link #canonical(String)}.
 */
public final class MetricNames {
    public static final String ERROR_RATE = "error_rate";
    public static final String P50_LATENCY = "p50_latency_ms";
    public static final String P95_LATENCY = "p95_latency_ms";
    public static final String P99_LATENCY = "p99_latency_ms";
    public static final String MEMORY = "memory_usage_percent";
    public static final String CPU = "cpu_usage_percent";
    public static final String REQUEST_RATE = "request_rate";
    public static final String DB_CONNECTION_ERRORS = "db_connection_errors";
    public static final String HEALTH_CHECK_FAILURES = "health_check_failures";

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("latency_p50", P50_LATENCY), Map.entry("p50", P50_LATENCY), Map.entry("p50_latency", P50_LATENCY),
            Map.entry("latency_p95", P95_LATENCY), Map.entry("p95", P95_LATENCY), Map.entry("p95_latency", P95_LATENCY),
            Map.entry("latency_p99", P99_LATENCY), Map.entry("p99", P99_LATENCY), Map.entry("p99_latency", P99_LATENCY),
            Map.entry("memory_usage", MEMORY), Map.entry("memory", MEMORY),
            Map.entry("cpu_usage", CPU), Map.entry("cpu", CPU));

    private MetricNames() {
    }

    public static String canonical(String name) {
        return ALIASES.getOrDefault(name, name);
    }

    /** Counts are summed over a window; everything else is averaged. */
    public static boolean isCount(String metric) {
        String m = canonical(metric);
        return m.equals(DB_CONNECTION_ERRORS) || m.equals(HEALTH_CHECK_FAILURES) || m.endsWith("_count") || m.endsWith("_total");
    }
}
