package dev.rewind.report;

import java.util.Locale;

/**
 * Seed 001's {@code rollback_causes}: what a trigger's name says went wrong, and the quality gate that would have
 * caught it before production (seed 001's insights, "feed insights back into quality gates").
 */
public enum RollbackCause {
    ERROR_RATE_SPIKE("error_rate_spike", "Error rate spike", "Error rate spikes: Add more E2E tests for error handling"),
    MEMORY_LEAK("memory_leak", "Memory leak", "Memory leaks: Add memory profiling to testing gate"),
    PERFORMANCE_DEGRADATION("performance_degradation", "Performance degradation", "Performance: Add load testing to performance gate"),
    DATABASE_ISSUES("database_issues", "Database issues",
            "Database issues: Add connection pool checks and production-like load to the staging tests"),
    HEALTH_CHECK_FAILURES("health_check_failures", "Failed health checks",
            "Health checks: Run the readiness and smoke checks in the production gate, before traffic moves"),
    MANUAL("manual", "Manual (operator)", "Manual rollbacks: Turn what people noticed into an automatic trigger"),
    OTHER("other", "Other", "Other triggers: Give each one a check in the quality gates");

    private final String key;
    private final String label;
    private final String insight;

    RollbackCause(String key, String label, String insight) {
        this.key = key;
        this.label = label;
        this.insight = insight;
    }

    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public String insight() {
        return insight;
    }

    /**
     * The cause a trigger name stands for. Trigger names are the config's own (seed 001: error_rate, performance,
     * memory, database, health_check), so the words decide; database comes before error, since
     * {@code db_connection_errors} is a database problem.
     */
    public static RollbackCause of(String trigger) {
        String t = trigger == null ? "manual" : trigger.toLowerCase(Locale.ROOT);
        if (t.equals("manual") || t.contains("operator") || t.equals("batch")) return MANUAL;
        if (has(t, "db", "database", "connection", "pool", "sql")) return DATABASE_ISSUES;
        if (has(t, "memory", "mem", "oom", "heap", "leak")) return MEMORY_LEAK;
        if (has(t, "health", "readiness", "liveness", "probe")) return HEALTH_CHECK_FAILURES;
        if (has(t, "latency", "performance", "p50", "p90", "p95", "p99", "slow", "duration", "response_time")) return PERFORMANCE_DEGRADATION;
        if (has(t, "error", "5xx", "fail", "exception")) return ERROR_RATE_SPIKE;
        return OTHER;
    }

    private static boolean has(String t, String... words) {
        for (String w : words) {
            if (t.contains(w)) return true;
        }
        return false;
    }
}
