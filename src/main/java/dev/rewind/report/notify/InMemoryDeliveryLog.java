package dev.rewind.report.notify;

import java.util.ArrayDeque;
import java.util.List;

/** The newest records in memory, bounded: for the end-of-run summary and for tests. */
public final class InMemoryDeliveryLog implements DeliveryLog {
    private final int capacity;
    private final ArrayDeque<DeliveryRecord> records = new ArrayDeque<>();

    public InMemoryDeliveryLog(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        this.capacity = capacity;
    }

    public InMemoryDeliveryLog() {
        this(1000);
    }

    @Override
    public synchronized void record(DeliveryRecord r) {
        if (records.size() == capacity) records.removeFirst();
        records.addLast(r);
    }

    public synchronized List<DeliveryRecord> records() {
        return List.copyOf(records);
    }
}
