package dev.rewind.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One row of rollback history.
 *
 * @param status  a {@link dev.rewind.model.RollbackStatus} label, or "running" while it runs
 * @param trigger what started it: a trigger name, "manual", "batch"
 * @param result  the rollback result as a JSON-ready map (what rollback_result.yaml holds), or empty
 * @param approval for a rollback that waited for a person: requested_at, expires_at, decision, decided_by, decided_at, reason
 */
public record RollbackRecord(String id, String service, String environment, String fromVersion, String toVersion,
                             String status, String reason, String actor, String trigger, Instant startedAt,
                             Instant finishedAt, Map<String, Object> result, String reportPath,
                             String incidentId, String batchId, Map<String, Object> approval) {
    public RollbackRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        // a result's fields may be null (normalization_time_sec of a failed rollback): Map.copyOf would refuse them
        result = result == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(result));
        approval = approval == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(approval));
    }

    public RollbackRecord(String id, String service, String environment, String fromVersion, String toVersion,
                          String status, String reason, String actor, String trigger, Instant startedAt,
                          Instant finishedAt, Map<String, Object> result, String reportPath) {
        this(id, service, environment, fromVersion, toVersion, status, reason, actor, trigger, startedAt, finishedAt, result, reportPath,
                null, null, null);
    }

    public RollbackRecord withLinks(String incident, String batch) {
        return new RollbackRecord(id, service, environment, fromVersion, toVersion, status, reason, actor, trigger, startedAt, finishedAt,
                result, reportPath, incident, batch, approval);
    }
}
