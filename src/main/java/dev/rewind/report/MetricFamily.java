package dev.rewind.report;

import dev.rewind.model.MetricNames;
import java.util.List;
import java.util.Locale;

/**
 * Groups metrics by the kind of fault that usually moves them, with the words a change touching that kind of
 * code tends to carry. Words match as prefixes ("listener" matches "listeners"), so stems are enough.
 */
public enum MetricFamily {
    LATENCY("latency", List.of("endpoint", "quer", "db", "database", "n+1", "sql", "join", "index", "slow", "timeout", "serializ"),
            "slow queries or N+1 data access behind the changed code path"),
    ERRORS("error rate", List.of("handler", "exception", "dependenc", "error", "middleware", "auth", "validat", "null", "client", "retry", "crash"),
            "unhandled exceptions or failing calls to a dependency"),
    MEMORY("memory", List.of("cache", "listener", "buffer", "leak", "memory", "heap", "gc", "session", "alloc"),
            "objects retained by caches, listeners or buffers (a leak)"),
    DB_CONNECTIONS("database connections", List.of("pool", "db", "database", "connection", "quer", "jdbc", "hikari", "datasource", "transaction"),
            "database connection pool sizing and connections that are not released"),
    CPU("cpu", List.of("loop", "regex", "serializ", "compress", "thread", "cpu", "hash", "encrypt", "parse"),
            "hot loops or expensive computation on the request path"),
    HEALTH("health checks", List.of("health", "startup", "readiness", "liveness", "config", "crash", "dependenc"),
            "startup, configuration or a dependency the health check needs"),
    TRAFFIC("request rate", List.of("rout", "redirect", "rate", "limit", "client", "dns", "ingress"),
            "routing or client changes that send requests elsewhere"),
    OTHER("other", List.of(), "the metric's own code path");

    private final String label;
    private final List<String> words;
    private final String suspect;

    MetricFamily(String label, List<String> words, String suspect) {
        this.label = label;
        this.words = words;
        this.suspect = suspect;
    }

    public String label() { return label; }

    public List<String> words() { return words; }

    /** What to look at first when this family regresses; used in recommendations. */
    public String suspect() { return suspect; }

    public static MetricFamily of(String metric) {
        String m = MetricNames.canonical(metric).toLowerCase(Locale.ROOT);
        if (m.equals(MetricNames.DB_CONNECTION_ERRORS) || (m.contains("db") && m.contains("connection")) || m.contains("pool")) return DB_CONNECTIONS;
        if (m.contains("latency") || m.contains("response_time") || m.contains("duration")) return LATENCY;
        if (m.contains("memory") || m.contains("heap")) return MEMORY;
        if (m.contains("health")) return HEALTH;
        if (m.contains("error") || m.contains("5xx") || m.contains("exception")) return ERRORS;
        if (m.contains("cpu")) return CPU;
        if (m.contains("request_rate") || m.contains("throughput") || m.contains("rps")) return TRAFFIC;
        return OTHER;
    }
}
