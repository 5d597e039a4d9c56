package dev.rewind.act;

import static dev.rewind.act.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Plan;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.store.Fence;
import dev.rewind.store.LeaseLostException;
import dev.rewind.store.Leases;
import dev.rewind.store.RewindStore;
import dev.rewind.time.ManualTimeSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollback whose process died mid-plan, resumed from its journal by another executor (another replica, or the same
 * process restarted). The death is simulated in process: an actuator throws an Error, which no layer of the executor
 * catches, so the journal is left exactly as a SIGKILL at that point leaves it (KilledRollbackTest shows that part
 * with a real SIGKILL).
 */
class ResumedRollbackTest {
    private static final Duration LEASE = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(T0);
    private final FakeWorld world = new FakeWorld().running("checkout", "2.4.0", "2.3.1");
    private RewindStore store;
    private Actuators actuators;

    /** What a SIGKILL is to the executor: nothing after it runs, nothing catches it. */
    private static final class Killed extends Error {
        Killed() {
            super("process killed");
        }
    }

    @BeforeEach
    void wire() {
        store = RewindStore.open(dir.resolve("rewind.db"), time.clock());
        world.enabledFlags.add("new-checkout");
        world.routes = Routes.allTo("2.4.0", "2.3.1");
        actuators = Actuators.none().withFlags(world).withRouter(world).withDeployer(world).withHealth(world).withNotifier(world);
    }

    private RollbackRequest request(Strategy strategy) {
        Release release = Fixtures.release("new-checkout");
        Plan plan = new RollbackPlanner(Fixtures.POLICY).plan(release, strategy, PlanOptions.defaults());
        return new RollbackRequest("rb-1", release, null, plan, null);
    }

    private RollbackExecutor executor() {
        return new RollbackExecutor(actuators, store.journal(), time, 3);
    }

    private static List<String> steps(RollbackResult r) {
        return r.actionsLog().stream().filter(e -> !List.of("ALERT", "ATTEMPT", "ROLLBACK_FINISHED").contains(e.action()))
                .map(e -> e.action() + ":" + e.status()).toList();
    }

    @Test
    void aRollbackKilledInItsRestartIsResumedWithoutRepeatingAnEndedStepAndTheRestartIsRunAgain() {
        world.onRestart = () -> {
            world.onRestart = () -> { };
            throw new Killed();
        };
        RollbackRequest req = request(Strategy.ROLLING_UPDATE);
        assertThatThrownBy(() -> executor().execute(req)).isInstanceOf(Killed.class);
        assertThat(world.log).containsExactly("flag.disable new-checkout", "router.drain 2.4.0", "deploy checkout 2.3.1", "restart checkout 2.3.1");
        world.log.clear();

        RollbackResult r = executor().resume(req, new RollbackControl(), "replica b took the rollback over from replica a");

        assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS_UNVERIFIED);
        assertThat(world.log).as("no step that ended ran again; the restart, which leaves nothing to read, did")
                .containsExactly("restart checkout 2.3.1", "health checkout 2.3.1 ok", "router.set {2.3.1=100, 2.4.0=0}", "scaleDown checkout 2.4.0");
        assertThat(steps(r)).containsExactly("VALIDATION_GATES:success", "FLAG_DEACTIVATED:success", "TRAFFIC_DRAINED:success", "REVERT:success",
                "RESTART:interrupted", "RESUMED_FROM_JOURNAL:resumed", "RESTART:success", "HEALTH_VERIFIED:success", "METRICS_VERIFIED:skipped",
                "TRAFFIC_RESUMED:success", "FAILED_VERSION_SCALED_DOWN:success");
        ActionLogEntry resumed = r.actionsLog().stream().filter(e -> e.action().equals("RESUMED_FROM_JOURNAL")).findFirst().orElseThrow();
        assertThat(resumed.details().get("detail").toString()).contains("replica b took the rollback over from replica a", "attempt 1 goes on",
                "restart was cut off");
        assertThat(r.flagDeactivated()).as("the flag went off before the kill").isTrue();
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(world.alerts).extracting(a -> a.title()).filteredOn(t -> t.startsWith("Rollback initiated")).hasSize(1);
        assertThat(world.alerts).extracting(a -> a.title()).anyMatch(t -> t.startsWith("Rollback resumed"));
        assertThat(store.journal().verify("rb-1").intact()).isTrue();
    }

    @Test
    void aTrafficSwitchThatTookEffectBeforeTheKillIsFoundDoneAndNotMadeAgain() {
        world.afterSetRoutes = () -> {
            world.afterSetRoutes = () -> { };
            throw new Killed();
        };
        RollbackRequest req = request(Strategy.BLUE_GREEN);
        assertThatThrownBy(() -> executor().execute(req)).isInstanceOf(Killed.class);
        assertThat(world.routes.percent("2.3.1")).isEqualTo(100.0);
        world.log.clear();

        RollbackResult r = executor().resume(req, new RollbackControl(), "restarted");

        assertThat(world.log).as("the switch is not made twice: the only route change is the resume step's")
                .containsExactly("deploy checkout 2.3.1", "health checkout 2.3.1 ok", "router.set {2.3.1=100, 2.4.0=0}", "scaleDown checkout 2.4.0");
        ActionLogEntry switched = r.actionsLog().stream().filter(e -> e.action().equals("TRAFFIC_SWITCHED") && e.status().equals("success"))
                .findFirst().orElseThrow();
        assertThat(switched.details()).containsEntry("resumed", "found done; not run again");
        assertThat(switched.details().get("detail").toString()).contains("already done", "100% of traffic already on 2.3.1");
        assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS_UNVERIFIED);
    }

    @Test
    void aFlagTheKilledProcessHadNotYetTurnedOffIsTurnedOffOnResume() {
        RollbackRequest req = request(Strategy.BLUE_GREEN);
        // killed in the flag step before the flag service was called
        Actuators dying = actuators.withFlags(new FlagSwitch() {
            @Override
            public boolean isEnabled(String flag) {
                return world.isEnabled(flag);
            }

            @Override
            public void disable(String flag) {
                throw new Killed();
            }

            @Override
            public void enable(String flag) {
                world.enable(flag);
            }
        });
        assertThatThrownBy(() -> new RollbackExecutor(dying, store.journal(), time, 3).execute(req)).isInstanceOf(Killed.class);
        world.log.clear();

        RollbackResult r = executor().resume(req, new RollbackControl(), "restarted");

        assertThat(world.log).as("validation had ended: not run again").startsWith("flag.disable new-checkout", "router.set {2.3.1=100, 2.4.0=0}");
        assertThat(r.actionsLog()).filteredOn(e -> e.action().equals("FLAG_DEACTIVATED") && e.status().equals("success")).singleElement()
                .satisfies(e -> assertThat(e.details().get("resumed").toString()).contains("run again", "still reads as enabled"));
        assertThat(world.enabledFlags).isEmpty();
        assertThat(r.flagDeactivated()).isTrue();
    }

    @Test
    void aProcessKilledAfterItsLastStepGetsItsResultBackWithoutActingAgain() {
        RollbackRequest req = request(Strategy.BLUE_GREEN);
        RollbackResult first = executor().execute(req);
        world.log.clear();
        int alerts = world.alerts.size();

        RollbackResult again = executor().resume(req, new RollbackControl(), "restarted while writing the report");

        assertThat(world.log).isEmpty();
        assertThat(again.status()).isEqualTo(first.status());
        assertThat(again.flagDeactivated()).isTrue();
        assertThat(again.actionsLog()).filteredOn(e -> e.action().equals("ROLLBACK_FINISHED")).hasSize(1);
        assertThat(world.alerts.subList(alerts, world.alerts.size())).extracting(a -> a.title()).singleElement()
                .satisfies(t -> assertThat(t).startsWith("Rollback resumed"));
    }

    @Test
    void aWriterWhoseLeaseWasTakenOverCannotStartItsNextStep() {
        Leases leases = store.leases(time.clock());
        long token = leases.acquire("replica-a", "rollback:rb-1", LEASE).orElseThrow().token();
        Fence fence = leases.fence("rollback:rb-1", "replica-a", token);
        world.onRestart = () -> {
            // replica a stalls in the restart (a long GC pause, a network cut): its lease runs out and b takes over
            time.advance(LEASE.plusSeconds(1));
            assertThat(leases.acquire("replica-b", "rollback:rb-1", LEASE)).isPresent();
        };

        assertThatThrownBy(() -> new RollbackExecutor(actuators, store.journal().fenced(fence), time, 3).execute(request(Strategy.ROLLING_UPDATE)))
                .isInstanceOf(LeaseLostException.class).hasMessageContaining("replica-a no longer holds lease rollback:rb-1")
                .hasMessageContaining("replica-b holds it with token " + (token + 1));
        assertThat(world.log).as("the step after the restart never started on replica a").last().isEqualTo("restart checkout 2.3.1");
        assertThat(store.journal().entries("rb-1")).extracting(e -> e.action() + ":" + e.state())
                .doesNotContain("HEALTH_VERIFIED:started").contains("RESTART:started").doesNotContain("RESTART:success");
        assertThat(Map.of("b", leases.find("rollback:rb-1").orElseThrow().owner())).containsEntry("b", "replica-b");
    }
}
