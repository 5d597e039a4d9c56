package dev.rewind.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Seed 000 step 5: what failed, when, the impact, the probable cause, the action taken, the current state,
 * and a recommendation. Field names follow {@code rollback_result.yaml} (DESIGN.md §3.4).
 */
public record Diagnosis(
        String trigger,
        Instant detectedAt,
        double impactedTrafficPercent,
        long impactDurationSec,
        String probableCause,
        Map<String, Object> metricsAtDetection,
        String recommendation,
        List<String> whatFailed,
        List<String> actionTaken,
        String currentState) {

    public Diagnosis {
        metricsAtDetection = metricsAtDetection == null ? Map.of() : Map.copyOf(metricsAtDetection);
        whatFailed = whatFailed == null ? List.of() : List.copyOf(whatFailed);
        actionTaken = actionTaken == null ? List.of() : List.copyOf(actionTaken);
    }
}
