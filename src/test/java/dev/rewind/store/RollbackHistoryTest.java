package dev.rewind.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollbackHistoryTest {
    private static final Instant T0 = Instant.parse("2026-02-24T10:20:00Z");

    @TempDir
    Path dir;

    private static RollbackRecord running(String id, Instant at) {
        return new RollbackRecord(id, "checkout", "production", "2.4.0", "2.3.1", "running", "error spike",
                "alice", "error_rate", at, null, null, null);
    }

    @Test
    void listsNewestFirstUpToTheLimitAndFindsById() {
        RollbackHistory history = RewindStore.open(dir.resolve("r.db")).history();
        for (int i = 0; i < 5; i++) history.record(running("rb-" + i, T0.plusSeconds(60L * i)));

        assertThat(history.list(3)).extracting(RollbackRecord::id).containsExactly("rb-4", "rb-3", "rb-2");
        assertThat(history.find("rb-1")).get().extracting(RollbackRecord::startedAt).isEqualTo(T0.plusSeconds(60));
        assertThat(history.find("rb-9")).isEmpty();
    }

    @Test
    void updateStoresTheOutcomeResultAndReportAndSurvivesReopening() {
        Path file = dir.resolve("r.db");
        RollbackHistory history = RewindStore.open(file).history();
        history.record(running("rb-1", T0));

        history.update("rb-1", "success", T0.plusSeconds(112), Map.of("metrics_normalized", true, "normalization_time_sec", 90),
                "rewind-out/incident-report.md");

        RollbackRecord r = RewindStore.open(file).history().find("rb-1").orElseThrow();
        assertThat(r.status()).isEqualTo("success");
        assertThat(r.finishedAt()).isEqualTo(T0.plusSeconds(112));
        assertThat(r.result()).containsEntry("metrics_normalized", true).containsEntry("normalization_time_sec", 90);
        assertThat(r.reportPath()).isEqualTo("rewind-out/incident-report.md");
        assertThat(r.trigger()).isEqualTo("error_rate");
    }

    @Test
    void updatingAnUnknownRollbackIsAnErrorNamingIt() {
        RollbackHistory history = RewindStore.open(dir.resolve("r.db")).history();

        assertThatThrownBy(() -> history.update("nope", "failed", T0, null, null)).hasMessageContaining("nope");
    }

    @Test
    void aRollbackResultIsStoredWithSeed000FieldNamesAndItsActionsLog() {
        RollbackHistory history = RewindStore.open(dir.resolve("r.db")).history();
        var result = new dev.rewind.model.RollbackResult("rb-7", dev.rewind.model.RollbackStatus.SUCCESS, "checkout", "production",
                "2.4.0", "2.3.1", true, true, 90L, 1, T0, T0.plusSeconds(112),
                java.util.List.of(new dev.rewind.model.ActionLogEntry("FLAG_DEACTIVATED", "success", T0, Map.of("flag", "new-orders"))), null);

        history.record(RollbackRecords.of(result, "error spike", "rewind", "error_rate", null));

        RollbackRecord r = history.find("rb-7").orElseThrow();
        assertThat(r.status()).isEqualTo("success");
        assertThat(r.result()).containsEntry("reverted_to", "2.3.1").containsEntry("flag_deactivated", true)
                .containsEntry("normalization_time_sec", 90);
        assertThat((java.util.List<?>) r.result().get("actions_log")).singleElement()
                .isEqualTo(Map.of("action", "FLAG_DEACTIVATED", "status", "success", "timestamp", T0.toString(), "flag", "new-orders"));
    }
}
