package dev.rewind.act;

import dev.rewind.model.Alert;
import dev.rewind.model.AlertEvent;
import dev.rewind.model.Severity;
import dev.rewind.report.Notifier;
import dev.rewind.secrets.Redactor;
import dev.rewind.store.RollbackJournal;
import dev.rewind.time.TimeSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sends an alert to the notifier and journals it; a notifier that fails does not stop the rollback. Every alert
 * carries its {@link AlertEvent} and the rollback's facts ({@code context}: id, service, versions), so that
 * notification channels can pick and render it without reading its title.
 */
final class Alerts {
    private final Optional<Notifier> notifier;
    private final RollbackJournal journal;
    private final RollbackListener listener;
    private final TimeSource time;
    private final Map<String, Object> context;

    Alerts(Optional<Notifier> notifier, RollbackJournal journal, RollbackListener listener, TimeSource time, Map<String, Object> context) {
        this.notifier = notifier;
        this.journal = journal;
        this.listener = listener;
        this.time = time;
        this.context = Map.copyOf(context);
    }

    Alerts(Optional<Notifier> notifier, RollbackJournal journal, RollbackListener listener, TimeSource time) {
        this(notifier, journal, listener, time, Map.of());
    }

    /** Title, body and fields pass the redactor before any notifier, listener or journal row sees them. */
    void send(String rollbackId, int attempt, Severity severity, String title, String body, Map<String, Object> fields) {
        send(rollbackId, attempt, AlertEvent.NOTICE, severity, title, body, fields);
    }

    void send(String rollbackId, int attempt, AlertEvent event, Severity severity, String title, String body, Map<String, Object> fields) {
        Map<String, Object> told = new LinkedHashMap<>(context);
        told.put("rollback_id", rollbackId);
        told.putAll(fields);
        Alert alert = new Alert(severity, Redactor.redact(title), Redactor.redact(body), time.now(), Redactor.redactMap(event.on(told)));
        Map<String, Object> data = new LinkedHashMap<>(Redactor.redactMap(fields));
        data.put("severity", severity.label());
        data.put("body", alert.body());
        String delivery;
        if (notifier.isEmpty()) {
            delivery = "not configured: no notifier; journaled only";
        } else {
            try {
                notifier.get().notify(alert);
                delivery = "sent";
            } catch (RuntimeException e) {
                delivery = Redactor.redact("notifier failed: " + e.getMessage());
            }
        }
        data.put("delivery", delivery);
        journal.event(rollbackId, attempt, "ALERT", severity.label(), alert.title(), data, alert.at());
        listener.alerted(alert);
    }
}
