package dev.rewind.controller;

import static dev.rewind.controller.ShopIncident.CANDIDATE;
import static dev.rewind.controller.ShopIncident.DEPLOY;
import static dev.rewind.controller.ShopIncident.ENVIRONMENT;
import static dev.rewind.controller.ShopIncident.FLAG;
import static dev.rewind.controller.ShopIncident.SERVICE;
import static dev.rewind.controller.ShopIncident.STABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.config.ConfigLoader;
import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Decision;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.store.JournalEntry;
import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackJournal;
import dev.rewind.store.RollbackRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the live pipeline must not do: act when the policy is off, or lose track of a rollback it was killed in. */
class RollbackSafetyTest {
    @TempDir
    Path dir;

    /**
     * Nothing in the live path (ReleaseWatcher, RollbackPipeline, DemoRun) reads {@code enabled}: the watcher decides
     * the same rollback either way, so the caller must check the policy before running the pipeline, as here.
     */
    @Test
    void theWatcherStillDecidesRollbackWhenDisabledSoACallerMustCheckTheFlagAndLeaveTheReleaseAlone() {
        RollbackPolicy on = ConfigLoader.defaults().policy();
        RollbackPolicy off = new RollbackPolicy(false, on.checkInterval(), on.baselineWindow(), on.triggers(), on.maxRollbackAttempts(),
                on.healthCheckTimeout(), on.rollbackTimeout(), on.verification());
        ShopIncident enabled = new ShopIncident(dir.resolve("on"), Fault.ERROR_SPIKE, on).deploy();
        ShopIncident disabled = new ShopIncident(dir.resolve("off"), Fault.ERROR_SPIKE, off).deploy();

        Decision whenOn = enabled.watch(Duration.ofMinutes(30)).decision();
        Decision whenOff = disabled.watch(Duration.ofMinutes(30)).decision();

        assertThat(whenOff).isInstanceOf(Decision.Rollback.class);
        assertThat(whenOff.at()).isEqualTo(whenOn.at()).isEqualTo(DEPLOY.plusSeconds(60));
        if (disabled.policy.enabled()) disabled.rollBack((Decision.Rollback) whenOff);
        assertThat(disabled.world.calls).containsExactly("deploy " + CANDIDATE, "enable " + FLAG, "setRoutes {2.4.0=100, 2.3.1=0}");
        assertThat(disabled.world.isEnabled(FLAG)).isTrue();
        assertThat(disabled.world.routes().percent(CANDIDATE)).isEqualTo(100);
        assertThat(disabled.store.history().list(10)).isEmpty();
        assertThat(disabled.store.releases().current(SERVICE, ENVIRONMENT)).map(r -> r.version()).contains(CANDIDATE);
    }

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
