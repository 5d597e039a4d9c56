package dev.rewind.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rewind.act.Actuators;
import dev.rewind.act.RollbackControl;
import dev.rewind.act.RollbackExecutor;
import dev.rewind.act.RollbackRequest;
import dev.rewind.model.Phase;
import dev.rewind.model.Plan;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.model.Step;
import dev.rewind.model.StepAction;
import dev.rewind.store.AuditKey;
import dev.rewind.store.JournalEntry;
import dev.rewind.store.RewindStore;
import dev.rewind.store.StoreLocation;
import dev.rewind.testing.RealPostgres;
import dev.rewind.time.SystemTimeSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults in the store: the real PostgreSQL 15 that holds the journal is restarted, or stopped, while a rollback step
 * runs (the step itself does it, so the moment is exact). The journal must lose nothing and repeat nothing: every step
 * that ran has its "started" row and exactly one outcome, the chain verifies, and a rollback whose journal could not be
 * written stops there and is carried on from the journal once the store is back.
 */
class PostgresFaultsTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
    private static final List<String> STEPS = List.of("switch", "revert", "scale-down");

    private RealPostgres pg;
    private String url;
    private final TwoVersionService shop = new TwoVersionService("v2", "v1");

    @BeforeEach
    void database() throws Exception {
        pg = RealPostgres.get();
        url = pg.newDatabase();
    }

    private RewindStore open() {
        return RewindStore.open(new StoreLocation.Postgres(url, null, null), AuditKey.of(KEY), Clock.systemUTC());
    }

    private static RollbackRequest request(String id) {
        Duration limit = Duration.ofSeconds(60);
        Plan plan = new Plan("three-steps", "blue-green", 0, Duration.ofMinutes(5), List.of(new Phase("rollback", "back on v1", List.of(
                new Step("switch", "traffic to v1", new StepAction.SwitchTraffic("shop", "v2", "v1"), limit, Duration.ofSeconds(1), true),
                new Step("revert", "v1 deployed", new StepAction.Revert("shop", "v2", "v1"), limit, Duration.ofSeconds(1), true),
                new Step("scale-down", "v2 to zero", new StepAction.ScaleDown("shop", "v2"), limit, Duration.ofSeconds(1), true)))));
        return new RollbackRequest(id, new Release("shop", "prod", "v2", "v1", Instant.now(), List.of(), null, 100, null), "v1", plan, null);
    }

    private RollbackExecutor executor(RewindStore store) {
        return new RollbackExecutor(Actuators.none().withRouter(shop).withDeployer(shop), store.journal(), new SystemTimeSource(), 1);
    }

    /** Each step's outcome rows (not "started"), by step: exactly one each when nothing was lost or repeated. */
    private static Map<String, List<String>> outcomes(List<JournalEntry> rows) {
        return rows.stream().filter(r -> r.stepId() != null && r.begins() != null)
                .collect(Collectors.groupingBy(JournalEntry::stepId, Collectors.mapping(JournalEntry::state, Collectors.toList())));
    }

    @Test
    void postgresRestartedDuringAStepLosesNoJournalRowAndTheRollbackGoesOn() throws Exception {
        shop.onDeploy = pg::restart;

        try (RewindStore store = open()) {
            RollbackResult r = executor(store).execute(request("rb-pg-restart"));

            List<JournalEntry> rows = store.journal().entries("rb-pg-restart");
            assertThat(r.status()).as("journal: %s", rows).isEqualTo(RollbackStatus.SUCCESS_UNVERIFIED);
            assertThat(outcomes(rows)).containsOnlyKeys(STEPS).allSatisfy((step, states) -> assertThat(states).as(step).containsExactly("success"));
            assertThat(rows.stream().filter(e -> "started".equals(e.state()) && e.stepId() != null).map(JournalEntry::stepId)).containsExactlyElementsOf(STEPS);
            assertThat(rows).extracting(JournalEntry::seq).doesNotHaveDuplicates();
            assertThat(rows).filteredOn(e -> e.action().equals("ROLLBACK_FINISHED")).hasSize(1);
            assertThat(store.journal().verify("rb-pg-restart").intact()).isTrue();
            assertThat(shop.log).containsExactly("router.set {v1=100, v2=0}", "deploy v1", "scaleDown v2");
        }
    }

    @Test
    void postgresStoppedDuringAStepStopsTheRollbackThereAndItIsCarriedOnFromTheJournalOnceBack() throws Exception {
        shop.onDeploy = pg::stopServer;
        Throwable stopped;
        try (RewindStore store = open()) {
            stopped = catchThrowable(() -> executor(store).execute(request("rb-pg-down")));
        } finally {
            if (!shop.log.isEmpty()) pg.startAgain();
        }

        assertThat(stopped).as("a journal that cannot be written stops the rollback").isNotNull();
        assertThat(stopped).hasMessageContaining("the journal of rb-pg-down failed 4 times: the database connection was lost");
        assertThat(shop.log).as("nothing ran after the step whose outcome could not be journaled").containsExactly("router.set {v1=100, v2=0}", "deploy v1");
        try (RewindStore store = open()) {
            List<JournalEntry> before = store.journal().entries("rb-pg-down");
            assertThat(before.getLast().stepId()).as("the journal says where it stopped: %s", before).isEqualTo("revert");
            assertThat(before.getLast().state()).isEqualTo("started");

            RollbackResult r = executor(store).resume(request("rb-pg-down"), new RollbackControl(), "the store is back");

            List<JournalEntry> rows = store.journal().entries("rb-pg-down");
            assertThat(r.status()).as("journal: %s", rows).isEqualTo(RollbackStatus.SUCCESS_UNVERIFIED);
            assertThat(outcomes(rows)).containsOnlyKeys(STEPS).allSatisfy((step, states) -> assertThat(states).as(step).containsExactly("success"));
            // the revert had landed: the resume asked the deployer, found v1 running, and did not deploy again
            assertThat(rows).filteredOn(e -> "revert".equals(e.stepId()) && "success".equals(e.state())).singleElement()
                    .satisfies(e -> assertThat(e.detail()).startsWith("already done"));
            assertThat(shop.log).containsExactly("router.set {v1=100, v2=0}", "deploy v1", "scaleDown v2");
            assertThat(store.journal().verify("rb-pg-down").intact()).isTrue();
        }
    }
}
