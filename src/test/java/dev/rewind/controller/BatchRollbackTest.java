package dev.rewind.controller;

import static dev.rewind.controller.ShopIncident.DEPLOY;
import static dev.rewind.controller.ShopIncident.ENVIRONMENT;
import static dev.rewind.controller.ShopIncident.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.act.BatchRollbackResult;
import dev.rewind.act.PlanOptions;
import dev.rewind.act.RollbackControl;
import dev.rewind.act.RollbackExecutor;
import dev.rewind.act.RollbackPlanner;
import dev.rewind.act.RollbackRequest;
import dev.rewind.act.Strategy;
import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Batch;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.store.JournalEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed 000 step 4 on the simulated shop: a batch of three releases rolled back whole, last first, verified after each. */
class BatchRollbackTest {
    @TempDir
    Path dir;

    @Test
    void rollsBackThreeReleasesLastDeployFirstVerifyingMetricsAfterEachBeforeTheNext() {
        ShopIncident shop = new ShopIncident(dir, Fault.NONE);
        shop.world.build("2.4.1", Fault.NONE, null).build("2.4.2", Fault.ERROR_SPIKE, "new-search");
        List<Release> releases = List.of(
                release("2.4.0", "2.3.1", DEPLOY, ShopIncident.FLAG),
                release("2.4.1", "2.4.0", DEPLOY.plus(Duration.ofMinutes(10)), null),
                release("2.4.2", "2.4.1", DEPLOY.plus(Duration.ofMinutes(20)), "new-search"));
        for (Release r : releases) {
            shop.time.advance(Duration.between(shop.time.now(), r.deployedAt()));
            shop.world.release(r.version(), r.previousVersion());
        }
        shop.time.advance(Duration.ofMinutes(5));
        ReleaseWatcher watcher = shop.watcher();
        RollbackPlanner planner = new RollbackPlanner(shop.policy);
        RollbackExecutor executor = new RollbackExecutor(shop.actuators(), shop.store.journal(), shop.time, shop.policy.maxRollbackAttempts());
        Instant start = shop.time.now();

        BatchRollbackResult batch = executor.executeBatch(new Batch("batch-1", releases), r -> new RollbackRequest("rb-" + r.version(), r, null,
                planner.plan(r, Strategy.BLUE_GREEN, PlanOptions.defaults().immediately()), watcher.baseline(r)), new RollbackControl());

        assertThat(batch.status()).isEqualTo(RollbackStatus.SUCCESS);
        assertThat(batch.notReached()).isEmpty();
        assertThat(batch.results()).extracting(RollbackResult::revertedFrom, RollbackResult::revertedTo).containsExactly(
                org.assertj.core.groups.Tuple.tuple("2.4.2", "2.4.1"),
                org.assertj.core.groups.Tuple.tuple("2.4.1", "2.4.0"),
                org.assertj.core.groups.Tuple.tuple("2.4.0", "2.3.1"));
        assertThat(batch.results()).allSatisfy(r -> {
            assertThat(r.metricsNormalized()).isTrue();
            assertThat(r.normalizationTimeSec()).isEqualTo(120L);
        });
        for (int i = 0; i < 3; i++) {
            Instant verified = verifiedAt(batch.results().get(i));
            assertThat(verified).isEqualTo(start.plus(Duration.ofMinutes(2L * (i + 1))));
            if (i < 2) assertThat(batch.results().get(i + 1).startedAt()).isEqualTo(verified);
        }
        assertThat(shop.world.calls).filteredOn(c -> c.startsWith("deploy ") || c.startsWith("disable "))
                .endsWith("disable new-search", "deploy 2.4.1", "deploy 2.4.0", "disable " + ShopIncident.FLAG, "deploy 2.3.1");
        assertThat(shop.store.journal().entries("batch-1")).extracting(JournalEntry::action, JournalEntry::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("BATCH_RELEASE", "started"), org.assertj.core.groups.Tuple.tuple("BATCH_RELEASE", "success"),
                org.assertj.core.groups.Tuple.tuple("BATCH_RELEASE", "started"), org.assertj.core.groups.Tuple.tuple("BATCH_RELEASE", "success"),
                org.assertj.core.groups.Tuple.tuple("BATCH_RELEASE", "started"), org.assertj.core.groups.Tuple.tuple("BATCH_RELEASE", "success"));
        assertThat(shop.world.currentVersion(SERVICE)).isEqualTo("2.3.1");
        assertThat(shop.world.routes().percent("2.3.1")).isEqualTo(100);
        assertThat(shop.world.now().running()).containsExactly("2.3.1");
        assertThat(shop.world.now().flagsOn()).isEmpty();
    }

    private static Instant verifiedAt(RollbackResult r) {
        return r.actionsLog().stream().filter(a -> a.action().equals("METRICS_VERIFIED")).map(ActionLogEntry::timestamp).findFirst().orElseThrow();
    }

    private static Release release(String version, String previous, Instant at, String flag) {
        return new Release(SERVICE, ENVIRONMENT, version, previous, at, List.of(), flag, 100, null);
    }
}
