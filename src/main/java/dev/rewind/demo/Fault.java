package dev.rewind.demo;

import java.util.Arrays;
import java.util.Locale;

/**
 * What is wrong with the demo's bad release. The fault lives behind the release's feature flag:
 * requests carrying the flag header take the new (broken) code path.
 */
public enum Fault {
    /** a fifth of the new code path's requests fail with 500 */
    ERROR_SPIKE("error-spike"),
    /** the new code path adds a slow query to every request */
    LATENCY("latency"),
    /** the new code path keeps every response buffer: memory grows until the budget is full */
    MEMORY_LEAK("memory-leak"),
    /** the new code path forgets to return pooled DB connections; once the pool is empty, requests fall back to cache */
    DB_CONNECTIONS("db-connections"),
    /** nothing: the new release is as good as the old one */
    NONE("healthy");

    private final String scenario;

    Fault(String scenario) {
        this.scenario = scenario;
    }

    public String scenario() {
        return scenario;
    }

    public static Fault ofScenario(String name) {
        return Arrays.stream(values()).filter(f -> f.scenario.equals(name.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + name + "'"));
    }
}
