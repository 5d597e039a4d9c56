package dev.rewind.report;

import dev.rewind.model.Alert;
import dev.rewind.model.Diagnosis;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Seed 000 step 6: the operator's alert after a rollback, with the reverted and current versions, the metrics
 * before and after, and the recommendation to find the root cause before re-deploying.
 */
public final class RollbackAlert {

    /** @param result a result with its diagnosis; {@code afterRollback} may be empty */
    public Alert of(RollbackResult result, Map<String, Double> afterRollback, Instant at) {
        Diagnosis d = result.diagnosis();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("rollback_id", result.id());
        fields.put("reverted_from", result.revertedFrom());
        fields.put("current_version", result.revertedTo());
        fields.put("flag_deactivated", result.flagDeactivated());
        fields.put("metrics_normalized", result.metricsNormalized());
        if (d != null) {
            fields.put("metrics_at_detection", new TreeMap<>(d.metricsAtDetection()));
            fields.put("impact_duration_sec", d.impactDurationSec());
        }
        Map<String, Object> after = new TreeMap<>();
        afterRollback.forEach((k, v) -> after.put(k, ReportNumbers.round(v)));
        if (!after.isEmpty()) fields.put("metrics_after_rollback", after);
        String title = "Rollback of " + result.service() + " " + result.revertedFrom() + " in " + result.environment() + ": " + result.status().label();
        String body = d == null ? "no diagnosis" : d.trigger() + ". Probable cause: " + d.probableCause() + ". " + d.recommendation() + ".";
        return new Alert(severity(result), title, body, at, fields);
    }

    /** A rollback that did not bring the service back needs people now; a successful one still needs a look. */
    static Severity severity(RollbackResult result) {
        return switch (result.status()) {
            case FAILED, ESCALATED, ABORTED -> Severity.CRITICAL;
            case SUCCESS, SUCCESS_UNVERIFIED, AWAITING_APPROVAL -> Severity.HIGH;
            case DRY_RUN -> Severity.MEDIUM;
        };
    }
}
