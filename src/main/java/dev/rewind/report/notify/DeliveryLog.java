package dev.rewind.report.notify;

import java.util.List;

/** Where delivery outcomes go: memory for a summary and tests, the rollback's journal for the record. */
@FunctionalInterface
public interface DeliveryLog {
    /** Called on a delivery thread; must not throw (a broken record must not stop later deliveries). */
    void record(DeliveryRecord r);

    static DeliveryLog all(DeliveryLog... logs) {
        List<DeliveryLog> list = List.of(logs);
        return r -> list.forEach(l -> {
            try {
                l.record(r);
            } catch (RuntimeException e) {
                // one log's failure must not cost the others their record
            }
        });
    }
}
