package dev.rewind.model;

import java.time.Instant;
import java.util.List;

/**
 * What a rollback did and how it ended: {@code rollback_result} of seed 000, plus timings.
 *
 * @param normalizationTimeSec seconds from the end of the revert until metrics were back at baseline; null if never
 */
public record RollbackResult(
        String id,
        RollbackStatus status,
        String service,
        String environment,
        String revertedFrom,
        String revertedTo,
        boolean flagDeactivated,
        boolean metricsNormalized,
        Long normalizationTimeSec,
        int attempts,
        Instant startedAt,
        Instant finishedAt,
        List<ActionLogEntry> actionsLog,
        Diagnosis diagnosis) {

    public RollbackResult {
        actionsLog = List.copyOf(actionsLog);
    }
}
