package dev.rewind.controller;

import static dev.rewind.controller.ShopIncident.CANDIDATE;
import static dev.rewind.controller.ShopIncident.FLAG;
import static dev.rewind.controller.ShopIncident.SERVICE;
import static dev.rewind.controller.ShopIncident.STABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Decision;
import dev.rewind.store.JournalEntry;
import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackJournal;
import dev.rewind.store.RollbackRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the live pipeline must not do: lose track of a rollback it was killed in. */
class RollbackSafetyTest {
    @TempDir
    Path dir;

    // enabled: false is checked where the engine reads it: FleetTest (server mode) and WatchEndToEndTest (rewind watch)

    @Test
    void aControllerKilledWhileRevertingLeavesEveryStepItStartedInTheJournalForAFreshStoreToRead() {
        ShopIncident incident = new ShopIncident(dir, Fault.ERROR_SPIKE).deploy();
        incident.world.killDuring("deploy");
        Decision.Rollback decision = (Decision.Rollback) incident.watch(Duration.ofMinutes(30)).decision();

        assertThatThrownBy(() -> incident.rollBack(decision)).isInstanceOf(ShopWorld.ProcessKilled.class);

        RewindStore reopened = RewindStore.open(dir.resolve("rewind.db"));
        List<RollbackRecord> rows = reopened.history().list(10);
        assertThat(rows).hasSize(1);
        RollbackRecord row = rows.getFirst();
        assertThat(row.status()).isEqualTo("running");
        assertThat(row.startedAt()).isEqualTo(decision.at());
        List<JournalEntry> journal = reopened.journal().entries(row.id());
        assertThat(journal).filteredOn(e -> e.stepId() != null && e.state().equals("started")).extracting(JournalEntry::action)
                .containsExactly("FLAG_DEACTIVATED", "TRAFFIC_SWITCHED", "REVERT");
        List<ActionLogEntry> steps = reopened.journal().actionsLog(row.id()).stream().filter(a -> a.details().containsKey("step")).toList();
        assertThat(steps).extracting(ActionLogEntry::action, ActionLogEntry::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("FLAG_DEACTIVATED", "success"),
                org.assertj.core.groups.Tuple.tuple("TRAFFIC_SWITCHED", "success"),
                org.assertj.core.groups.Tuple.tuple("REVERT", RollbackJournal.INTERRUPTED));
        assertThat(steps).allSatisfy(a -> assertThat(a.timestamp()).isEqualTo(decision.at()));
        // what the journal says was done was really done; what it says was interrupted was not
        assertThat(incident.world.isEnabled(FLAG)).isFalse();
        assertThat(incident.world.routes().percent(STABLE)).isEqualTo(100);
        assertThat(incident.world.currentVersion(SERVICE)).isEqualTo(CANDIDATE);
        assertThat(reopened.audit().entries()).extracting(e -> e.action()).containsExactly("rollback.started");
        assertThat(reopened.audit().verify().intact()).isTrue();
    }
}
