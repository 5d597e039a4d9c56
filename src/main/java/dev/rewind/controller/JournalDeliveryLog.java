package dev.rewind.controller;

import dev.rewind.report.notify.DeliveryLog;
import dev.rewind.report.notify.DeliveryRecord;
import dev.rewind.store.RollbackJournal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes each delivery of a rollback's notifications into that rollback's journal (action NOTIFICATION, state
 * delivered/failed/dropped/abandoned), beside the alert it delivers. Deliveries with no rollback (an approval
 * request) have no journal to go to and are left to the other logs.
 */
public final class JournalDeliveryLog implements DeliveryLog {
    public static final String ACTION = "NOTIFICATION";
    private final RollbackJournal journal;

    public JournalDeliveryLog(RollbackJournal journal) {
        this.journal = journal;
    }

    @Override
    public void record(DeliveryRecord r) {
        if (r.rollbackId() == null) return;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("channel", r.channel());
        data.put("type", r.type());
        data.put("event", r.event().label());
        data.put("attempts", r.attempts());
        if (r.httpStatus() != null) data.put("http_status", r.httpStatus());
        if (r.queuedAt() != null) data.put("queued_at", r.queuedAt().toString());
        String detail = r.channel() + " (" + r.type() + ") " + r.event().label() + ": " + r.status().label()
                + (r.detail() == null || r.detail().isBlank() ? "" : ": " + r.detail());
        journal.event(r.rollbackId(), 0, ACTION, r.status().label(), detail, data, r.at());
    }
}
