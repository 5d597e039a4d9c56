package dev.rewind.config;

import dev.rewind.model.AutomationLevel;
import dev.rewind.model.Severity;

import java.util.Locale;

/**
 * Seed 003's trigger table, used only where a config leaves a trigger's severity or automation unsaid.
 * The kind is guessed from the trigger's name and metric: error rate full/critical, latency semi/high,
 * health check full/critical, business metric manual/high, security manual/critical, throughput semi/medium.
 * Memory and database exhaustion are not in seed 003's table; seed 001 calls them critical and rolls back at once.
 * Anything else asks for approval at high severity: an unknown signal should not act alone.
 */
public enum TriggerKind {
    ERROR_RATE(Severity.CRITICAL, AutomationLevel.FULL),
    LATENCY(Severity.HIGH, AutomationLevel.SEMI),
    HEALTH_CHECK(Severity.CRITICAL, AutomationLevel.FULL),
    MEMORY(Severity.CRITICAL, AutomationLevel.FULL),
    DATABASE(Severity.CRITICAL, AutomationLevel.FULL),
    BUSINESS_METRIC(Severity.HIGH, AutomationLevel.MANUAL),
    SECURITY(Severity.CRITICAL, AutomationLevel.MANUAL),
    THROUGHPUT(Severity.MEDIUM, AutomationLevel.SEMI),
    OTHER(Severity.HIGH, AutomationLevel.SEMI);

    private final Severity severity;
    private final AutomationLevel automation;

    TriggerKind(Severity severity, AutomationLevel automation) {
        this.severity = severity;
        this.automation = automation;
    }

    public Severity severity() {
        return severity;
    }

    public AutomationLevel automation() {
        return automation;
    }

    public static TriggerKind of(String name, String metric) {
        String s = (name + " " + metric).toLowerCase(Locale.ROOT);
        if (s.contains("auth") || s.contains("security") || s.contains("vulnerab")) return SECURITY;
        if (s.contains("health")) return HEALTH_CHECK;
        if (s.contains("db_") || s.contains("database") || s.contains("connection")) return DATABASE;
        if (s.contains("error") || s.contains("5xx") || s.contains("failure_rate")) return ERROR_RATE;
        if (s.contains("latency") || s.contains("p95") || s.contains("p99") || s.contains("p50") || s.contains("performance")) return LATENCY;
        if (s.contains("memory") || s.contains("heap")) return MEMORY;
        if (s.contains("revenue") || s.contains("conversion") || s.contains("business") || s.contains("checkout")) return BUSINESS_METRIC;
        if (s.contains("throughput") || s.contains("request_rate") || s.contains("rps")) return THROUGHPUT;
        return OTHER;
    }
}
