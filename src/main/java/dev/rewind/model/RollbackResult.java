package dev.rewind.model;

import java.time.Instant;
import java.util.List;

/**
 * What a rollback did and how it ended: {@code rollback_result} of seed 000, plus timings.
 *
 * @param normalizationTimeSec seconds from the end of the revert until metrics were back at baseline; null if never
 * @param verificationNote     why the recovery could not be verified (blind metric source, none configured), null otherwise
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
        Diagnosis diagnosis,
        String verificationNote) {

    public RollbackResult {
        actionsLog = List.copyOf(actionsLog);
    }

    /** A result whose recovery needs no note: verified, or a status that is not a rollback's end. */
    public RollbackResult(String id, RollbackStatus status, String service, String environment, String revertedFrom, String revertedTo,
                          boolean flagDeactivated, boolean metricsNormalized, Long normalizationTimeSec, int attempts,
                          Instant startedAt, Instant finishedAt, List<ActionLogEntry> actionsLog, Diagnosis diagnosis) {
        this(id, status, service, environment, revertedFrom, revertedTo, flagDeactivated, metricsNormalized, normalizationTimeSec,
                attempts, startedAt, finishedAt, actionsLog, diagnosis, null);
    }

    /** Seed 001: the rollback ended with the service kept in maintenance (its journal's {@code MAINTENANCE_HELD}). */
    public boolean heldInMaintenance() {
        return actionsLog.stream().anyMatch(a -> MaintenanceMode.HELD.equals(a.action()));
    }

    public RollbackResult withDiagnosis(Diagnosis d) {
        return new RollbackResult(id, status, service, environment, revertedFrom, revertedTo, flagDeactivated, metricsNormalized,
                normalizationTimeSec, attempts, startedAt, finishedAt, actionsLog, d, verificationNote);
    }
}
