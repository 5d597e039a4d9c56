package dev.rewind.model;

import java.time.Instant;
import java.util.Map;

/** One line of {@code actions_log} (seed 000): read back from the journal, never kept only in memory. */
public record ActionLogEntry(String action, String status, Instant timestamp, Map<String, Object> details) {
    public ActionLogEntry {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
