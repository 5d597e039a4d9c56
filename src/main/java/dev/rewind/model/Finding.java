package dev.rewind.model;

import java.time.Instant;

/**
 * A trigger that fired: what, how far off, and how bad (DESIGN.md §2).
 *
 * @param evidence a sequential test's statistic and counts; null for a window rule. For such a finding, baseline,
 *                 current and threshold are events per request (or per second): the reference's, the new release's
 *                 since the deploy, and the highest rate the test's null hypothesis allows
 */
public record Finding(
        String trigger,
        String metric,
        Severity severity,
        AutomationLevel automation,
        Double baseline,
        double current,
        double threshold,
        Instant detectedAt,
        String reason,
        Evidence evidence) {

    public Finding(String trigger, String metric, Severity severity, AutomationLevel automation, Double baseline, double current,
                   double threshold, Instant detectedAt, String reason) {
        this(trigger, metric, severity, automation, baseline, current, threshold, detectedAt, reason, null);
    }

    /** {@code sequential} when a sequential test fired, {@code threshold} for a window rule. */
    public String kind() {
        return evidence == null ? "threshold" : "sequential";
    }

    /** How far above (or below) the baseline, in percent; null without a baseline or when it is zero. */
    public Double deltaPercent() {
        if (baseline == null || baseline == 0.0) return null;
        return (current - baseline) / baseline * 100.0;
    }

    /** A finding for an operator's command ("manual" trigger of seed 001). */
    public static Finding manual(String reason, Instant at) {
        return new Finding("manual", "operator_command", Severity.CRITICAL, AutomationLevel.FULL,
                null, 1.0, 1.0, at, reason == null || reason.isBlank() ? "manual rollback" : reason);
    }
}
