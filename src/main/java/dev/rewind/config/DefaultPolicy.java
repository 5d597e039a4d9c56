package dev.rewind.config;

import dev.rewind.model.Aggregation;
import dev.rewind.model.AutomationLevel;
import dev.rewind.model.Comparison;
import dev.rewind.model.Detection;
import dev.rewind.model.MetricNames;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.Severity;
import dev.rewind.model.Threshold;
import dev.rewind.model.Trigger;
import dev.rewind.model.VerificationPolicy;

import java.time.Duration;
import java.util.List;

/** Seed 001's rollback_triggers and monitoring numbers: what Rewind does when a config says nothing. */
public final class DefaultPolicy {
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(60);
    public static final Duration BASELINE_WINDOW = Duration.ofMinutes(5);
    public static final int MAX_ROLLBACK_ATTEMPTS = 3;
    public static final Duration HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(120);

    private DefaultPolicy() {
    }

    /**
     * error_rate, latency, memory, database, health_check: every one "immediate_rollback", so automation full. The two
     * relative rules are {@code auto}: a sequential test judges them when the counts for it are there (requests and
     * errors, a latency histogram), and the seed's window rule when not.
     */
    public static List<Trigger> triggers() {
        return List.of(
                trigger("error_rate", MetricNames.ERROR_RATE, new Threshold.RelativeToBaseline(2.0), Aggregation.MEAN, 5, Severity.CRITICAL)
                        .withDetection(Detection.auto(Detection.DEFAULT_ERROR_TOLERANCE)),
                trigger("latency", MetricNames.P95_LATENCY, new Threshold.RelativeToBaseline(1.5), Aggregation.MEAN, 5, Severity.HIGH)
                        .withDetection(Detection.auto(Detection.DEFAULT_LATENCY_TOLERANCE)),
                trigger("memory", MetricNames.MEMORY, new Threshold.Absolute(90), Aggregation.MEAN, 10, Severity.CRITICAL),
                trigger("database", MetricNames.DB_CONNECTION_ERRORS, new Threshold.Absolute(10), Aggregation.SUM, 2, Severity.CRITICAL),
                trigger("health_check", MetricNames.HEALTH_CHECK_FAILURES, new Threshold.Absolute(3), Aggregation.SUM, 5, Severity.CRITICAL));
    }

    public static RollbackPolicy policy() {
        return new RollbackPolicy(true, CHECK_INTERVAL, BASELINE_WINDOW, triggers(), MAX_ROLLBACK_ATTEMPTS,
                HEALTH_CHECK_TIMEOUT, null, VerificationPolicy.SEED_000);
    }

    private static Trigger trigger(String name, String metric, Threshold threshold, Aggregation aggregation, int windowMinutes, Severity severity) {
        return new Trigger(name, metric, Comparison.GREATER_THAN, threshold, aggregation, Duration.ofMinutes(windowMinutes),
                Duration.ZERO, false, severity, AutomationLevel.FULL);
    }
}
