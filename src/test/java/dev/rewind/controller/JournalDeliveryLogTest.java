package dev.rewind.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.AlertEvent;
import dev.rewind.report.notify.DeliveryRecord;
import dev.rewind.report.notify.DeliveryStatus;
import dev.rewind.store.JournalEntry;
import dev.rewind.store.RewindStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalDeliveryLogTest {
    private static final Instant T0 = Instant.parse("2026-01-26T10:00:00Z");

    private static DeliveryRecord record(String rollbackId, DeliveryStatus status) {
        return new DeliveryRecord("oncall", "pagerduty", AlertEvent.STARTED, "n-1", rollbackId, status, 3, 503,
                "https://events.pagerduty.com answered HTTP 503 (gave up after 3 attempts)", T0, T0.plusSeconds(7));
    }

    @Test
    void deliveriesWaitUntilTheJournalsOwnerWritesThemAndThenLandInTheirRollbacksJournal(@TempDir Path dir) {
        RewindStore store = RewindStore.open(dir.resolve("s.db"));
        JournalDeliveryLog log = new JournalDeliveryLog(store.journal());

        log.record(record("rb-1", DeliveryStatus.FAILED));
        log.record(record(null, DeliveryStatus.DELIVERED)); // an approval request: no rollback, no journal
        assertThat(store.journal().entries("rb-1")).isEmpty();

        log.writePending();
        List<JournalEntry> rows = store.journal().entries("rb-1");
        assertThat(rows).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("NOTIFICATION");
            assertThat(e.state()).isEqualTo("failed");
            assertThat(e.detail()).isEqualTo("oncall (pagerduty) started: failed: https://events.pagerduty.com answered HTTP 503 (gave up after 3 attempts)");
            assertThat(e.data()).containsEntry("channel", "oncall").containsEntry("event", "started").containsEntry("attempts", 3)
                    .containsEntry("http_status", 503);
            assertThat(e.at()).isEqualTo(T0.plusSeconds(7));
        });
        log.writePending();
        assertThat(store.journal().entries("rb-1")).hasSize(1);
    }
}
