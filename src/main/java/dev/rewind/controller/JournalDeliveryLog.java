package dev.rewind.controller;

import dev.rewind.report.notify.DeliveryLog;
import dev.rewind.report.notify.DeliveryRecord;
import dev.rewind.store.RollbackJournal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes each delivery of a rollback's notifications into that rollback's journal (action NOTIFICATION, state
 * delivered/failed/dropped/abandoned). Deliveries end on the channels' threads, but the journal's SQLite store
 * takes one writer: a second one mid-rollback gets SQLITE_BUSY. So records wait here, bounded, and
 * {@link #writePending()} writes them from the thread that owns the journal (the command, when it closes its
 * notifications). Deliveries with no rollback (an approval request) have no journal and are left to the other logs.
 */
public final class JournalDeliveryLog implements DeliveryLog {
    public static final String ACTION = "NOTIFICATION";
    static final int MAX_PENDING = 10_000;
    private final RollbackJournal journal;
    private final DeliveryLog tap;
    private final List<DeliveryRecord> pending = new ArrayList<>();
    private int lost;

    public JournalDeliveryLog(RollbackJournal journal) {
        this(journal, r -> { });
    }

    /** @param tap also hears every record, with or without a rollback (server mode's metrics count failures); must not block */
    public JournalDeliveryLog(RollbackJournal journal, DeliveryLog tap) {
        this.journal = journal;
        this.tap = tap;
    }

    @Override
    public void record(DeliveryRecord r) {
        try {
            tap.record(r);
        } catch (RuntimeException e) {
            // the tap's trouble must not cost the journal its record
        }
        keep(r);
    }

    private synchronized void keep(DeliveryRecord r) {
        if (r.rollbackId() == null) return;
        if (pending.size() >= MAX_PENDING) {
            lost++;
            return;
        }
        pending.add(r);
    }

    /** Journals what was recorded so far, in order; call it from the thread that writes the journal. */
    public void writePending() {
        List<DeliveryRecord> batch;
        int dropped;
        synchronized (this) {
            batch = List.copyOf(pending);
            pending.clear();
            dropped = lost;
            lost = 0;
        }
        for (DeliveryRecord r : batch) write(r);
        if (dropped > 0 && !batch.isEmpty()) {
            DeliveryRecord last = batch.getLast();
            journal.event(last.rollbackId(), 0, ACTION, "unrecorded", dropped + " more delivery records than " + MAX_PENDING + " were not journaled",
                    Map.of(), last.at());
        }
    }

    private void write(DeliveryRecord r) {
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
