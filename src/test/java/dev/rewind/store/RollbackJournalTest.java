package dev.rewind.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Step;
import dev.rewind.model.StepAction;
import dev.rewind.model.StepOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollbackJournalTest {
    private static final Instant T0 = Instant.parse("2026-02-24T10:20:00Z");
    private static final Step FLAG = new Step("disable-flag", "flag OFF", new StepAction.DisableFlag("new-orders"), Duration.ofMinutes(1), null, false);
    private static final Step REVERT = new Step("revert", "apply 2.3.1", new StepAction.Revert("checkout", "2.4.0-abc123", "2.3.1"), Duration.ofMinutes(1), null, true);

    @TempDir
    Path dir;

    @Test
    void aStepBegunButNeverFinishedReadsAsInterruptedAfterReopeningTheFile() {
        Path file = dir.resolve("r.db");
        RollbackJournal journal = RewindStore.open(file).journal();
        long flag = journal.begin("rb-1", 1, "Stop impact", FLAG, T0);
        journal.finish("rb-1", flag, new StepOutcome.Succeeded("flag new-orders OFF"), T0.plusSeconds(1));
        journal.begin("rb-1", 1, "Revert", REVERT, T0.plusSeconds(30));

        List<ActionLogEntry> log = RewindStore.open(file).journal().actionsLog("rb-1");

        assertThat(log).extracting(ActionLogEntry::action).containsExactly("FLAG_DEACTIVATED", "REVERT");
        assertThat(log).extracting(ActionLogEntry::status).containsExactly("success", RollbackJournal.INTERRUPTED);
        assertThat(log.get(0).timestamp()).isEqualTo(T0.plusSeconds(1));
        assertThat(log.get(1).timestamp()).isEqualTo(T0.plusSeconds(30));
        assertThat(log.get(1).details()).containsEntry("phase", "Revert").containsEntry("step", "revert");
    }

    @Test
    void outcomeDataAndEventsComeBackFromTheDatabaseInTheOrderWritten() {
        RollbackJournal journal = RewindStore.open(dir.resolve("r.db")).journal();
        journal.event("rb-1", 0, "ALERT", "critical", "Rollback initiated", Map.of("service", "checkout"), T0);
        long seq = journal.begin("rb-1", 1, "Revert", REVERT, T0.plusSeconds(1));
        journal.finish("rb-1", seq, new StepOutcome.Failed("rollout timed out", Map.of("from", "2.4.0-abc123", "to", "2.3.1", "replicas", 3)),
                T0.plusSeconds(61));

        List<ActionLogEntry> log = journal.actionsLog("rb-1");

        assertThat(log.get(0)).extracting(ActionLogEntry::action, ActionLogEntry::status).containsExactly("ALERT", "critical");
        assertThat(log.get(1).status()).isEqualTo("failed");
        assertThat(log.get(1).details()).containsEntry("from", "2.4.0-abc123").containsEntry("replicas", 3)
                .containsEntry("detail", "rollout timed out").containsEntry("started_at", T0.plusSeconds(1).toString());
        assertThat(journal.entries("rb-1")).extracting(JournalEntry::state).containsExactly("critical", "started", "failed");
        assertThat(journal.entries("rb-1").get(2).begins()).isEqualTo(seq);
    }

    @Test
    void rollbacksKeepSeparateJournals() {
        RollbackJournal journal = RewindStore.open(dir.resolve("r.db")).journal();
        journal.finish("rb-1", journal.begin("rb-1", 1, "Stop impact", FLAG, T0), new StepOutcome.Skipped("not configured"), T0);
        journal.begin("rb-2", 1, "Revert", REVERT, T0);

        assertThat(journal.actionsLog("rb-1")).singleElement().extracting(ActionLogEntry::status).isEqualTo("skipped");
        assertThat(journal.actionsLog("rb-2")).singleElement().extracting(ActionLogEntry::action).isEqualTo("REVERT");
        assertThat(journal.actionsLog("rb-3")).isEmpty();
    }
}
