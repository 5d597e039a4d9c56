package dev.rewind.model;

import java.time.Instant;

/** A trigger that fired: what, how far off, and how bad (DESIGN.md §2). */
public record Finding(
        String trigger,
        String metric,
        Severity severity,
        AutomationLevel automation,
        Double baseline,
        double current,
        double threshold,
        Instant detectedAt,
        String reason) {

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
