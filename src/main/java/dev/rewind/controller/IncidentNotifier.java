package dev.rewind.controller;

import dev.rewind.model.Alert;
import dev.rewind.model.AlertEvent;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.Severity;
import dev.rewind.report.Notifier;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds what the pipeline knows about an incident (its rollback id, the trigger that fired, the operator's reason)
 * to every alert of one rollback, and makes the "post-mortem ready" alert once the report is written.
 */
final class IncidentNotifier implements Notifier {
    private final Notifier next;
    private final String rollbackId;
    private final RollbackCase incident;

    IncidentNotifier(Notifier next, String rollbackId, RollbackCase incident) {
        this.next = next;
        this.rollbackId = rollbackId;
        this.incident = incident;
    }

    @Override
    public void notify(Alert alert) {
        Map<String, Object> fields = new LinkedHashMap<>(facts());
        fields.putAll(alert.fields());
        next.notify(new Alert(alert.severity(), alert.title(), alert.body(), alert.at(), fields));
    }

    /** The report is on disk: channels that open a post-mortem (an issue) read it from {@code incident_report}. */
    Alert postMortem(RollbackResult result, Path incidentReport, Instant at) {
        Map<String, Object> fields = new LinkedHashMap<>(facts());
        fields.put("service", result.service());
        fields.put("environment", result.environment());
        fields.put("from_version", result.revertedFrom());
        fields.put("to_version", result.revertedTo());
        fields.put("status", result.status().label());
        fields.put("incident_report", incidentReport.toAbsolutePath().toString());
        fields.values().removeIf(java.util.Objects::isNull);
        String title = "Post-mortem ready: " + result.service() + " " + result.revertedFrom() + " in " + result.environment()
                + " (" + result.status().label() + ")";
        String body = result.diagnosis() == null ? "the incident report is written"
                : result.diagnosis().trigger() + ". Probable cause: " + result.diagnosis().probableCause() + ". " + result.diagnosis().recommendation() + ".";
        Severity severity = result.status().rolledBack() ? Severity.HIGH : Severity.CRITICAL;
        return new Alert(severity, title, body, at, AlertEvent.POST_MORTEM_READY.on(fields));
    }

    private Map<String, Object> facts() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("rollback_id", rollbackId);
        f.put("trigger", incident.trigger());
        if (incident.reason() != null && !incident.reason().isBlank()) f.put("reason", incident.reason());
        return f;
    }
}
