package dev.rewind.store;

import java.time.Instant;
import java.util.Map;

/**
 * One row of the journal as written. A step has two rows: {@code started} before it runs and its outcome
 * ({@code success}, {@code failed}, {@code skipped}) after, pointing back through {@code begins}. Events
 * (alerts, attempts) are single rows.
 */
public record JournalEntry(String rollbackId, long seq, Long begins, int attempt, String phase, String stepId,
                           String action, String state, String detail, Map<String, Object> data, Instant at) {
    public JournalEntry {
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
