package dev.rewind.act;

import static dev.rewind.act.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Alert;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.store.RewindStore;
import dev.rewind.time.ManualTimeSource;
import dev.rewind.verify.MetricVerifier;
import dev.rewind.verify.SmokeTestResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor when an actuator misbehaves (says it acted but the world disagrees) or is missing: each such
 * branch of StepRunner, PlanRun and RollbackExecutor, and what lands in the journal and the alerts.
 */
class ActuatorFailureTest {
    private static final List<String> NOISE = List.of("ALERT", "ATTEMPT", "ROLLBACK_FINISHED");

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(T0);
    private final FakeWorld world = new FakeWorld().running("checkout", "2.4.0", "2.3.1");
    private RewindStore store;
    private Actuators actuators;

    @BeforeEach
    void wire() {
        store = RewindStore.open(dir.resolve("rewind.db"));
        world.enabledFlags.add("new-checkout");
        world.routes = Routes.allTo("2.4.0", "2.3.1");
        actuators = Actuators.none().withFlags(world).withRouter(world).withDeployer(world).withHealth(world).withNotifier(world)
                .withMetrics(new MetricVerifier(Fixtures.metricsFollowing(world, world.log), time, Duration.ofSeconds(30)))
                .withSmokeTests(tests -> tests.stream().map(t -> new SmokeTestResult(t.name(), true, 200, Duration.ofMillis(80), "status 200")).toList());
    }

    private RollbackResult rollBack(Release release, Strategy strategy, PlanOptions options) {
        var plan = new RollbackPlanner(Fixtures.POLICY).plan(release, strategy, options);
        return new RollbackExecutor(actuators, store.journal(), time, 3)
                .execute(new RollbackRequest("rb-1", release, null, plan, Fixtures.baseline("2.3.1")));
    }

    private static List<String> steps(RollbackResult r) {
        return r.actionsLog().stream().map(ActionLogEntry::action).filter(a -> !NOISE.contains(a)).toList();
    }

    private static List<ActionLogEntry> entries(RollbackResult r, String action) {
        return r.actionsLog().stream().filter(e -> e.action().equals(action)).toList();
    }

    private static String detail(ActionLogEntry e) {
        return (String) e.details().get("detail");
    }

    private List<String> changes() {
        return world.log.stream().filter(l -> l.startsWith("deploy") || l.startsWith("router.") || l.startsWith("flag.")
                || l.startsWith("scaleDown")).toList();
    }

    private List<String> titles() {
        return world.alerts.stream().map(Alert::title).toList();
    }

    @Test
    void aTargetVersionThatDoesNotExistStopsAtTheGateAfterOneAttemptWithNothingChanged() {
        world.knownVersions.remove("2.3.1");

        RollbackResult r = rollBack(Fixtures.release("new-checkout"), Strategy.BLUE_GREEN, PlanOptions.defaults());

        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(steps(r)).containsExactly("VALIDATION_GATES");
        assertThat(detail(entries(r, "VALIDATION_GATES").getFirst())).isEqualTo("target 2.3.1 of checkout does not exist");
        assertThat(changes()).isEmpty();
        assertThat(world.enabledFlags).contains("new-checkout");
        assertThat(titles()).noneMatch(t -> t.contains("retrying")).anyMatch(t -> t.startsWith("Rollback failed"));
    }

    @Test
    void aFlagThatStillReadsOnAfterDisablingIsJournaledAsFailedAndNotReportedOff() {
        FakeWorld stuckFlag = new FakeWorld() {
            @Override
            public void disable(String flag) {
                log.add("flag.disable " + flag);
            }
        };
        stuckFlag.enabledFlags.add("new-checkout");
        actuators = actuators.withFlags(stuckFlag);

        RollbackResult r = rollBack(Fixtures.release("new-checkout"), Strategy.BLUE_GREEN, PlanOptions.defaults());

        assertThat(stuckFlag.log).containsExactly("flag.disable new-checkout");
        assertThat(entries(r, "FLAG_DEACTIVATED")).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo("failed");
            assertThat(detail(e)).isEqualTo("flag new-checkout still reads as enabled after disabling it");
        });
        assertThat(r.flagDeactivated()).isFalse();
        assertThat(world.criticalTitles()).contains("Feature flag new-checkout could not be turned off");
        assertThat(r.status()).as("a flag failure alerts, and the rollback goes on").isEqualTo(RollbackStatus.SUCCESS);
        assertThat(world.running).containsEntry("checkout", "2.3.1");
    }

    @Test
    void aRouterThatKeepsHalfTheTrafficOnTheBadVersionFailsTheSwitchOnEveryAttemptAndNothingIsReverted() {
        actuators = actuators.withRouter(new FakeWorld() {
            @Override
            public void setRoutes(Routes r) {
                log.add("router.set " + r.weights());
                routes = new Routes(Map.of("2.3.1", 50, "2.4.0", 50));
            }
        });

        RollbackResult r = rollBack(Fixtures.release(null), Strategy.BLUE_GREEN, PlanOptions.defaults().immediately());

        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(entries(r, "TRAFFIC_SWITCHED")).hasSize(3).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo("failed");
            assertThat(detail(e)).isEqualTo("router reports 50.0% on 2.3.1 after the switch");
        });
        assertThat(steps(r)).containsOnly("TRAFFIC_SWITCHED");
        assertThat(world.log).noneMatch(l -> l.startsWith("deploy"));
    }

    @Test
    void aCanaryShiftTheRouterDoesNotHonourFailsInsteadOfClaimingTrafficIsBack() {
        actuators = actuators.withRouter(new FakeWorld() {
            @Override
            public void setRoutes(Routes r) {
                log.add("router.set " + r.weights());
            }
        }.withRoutes(Routes.allTo("2.4.0", "2.3.1")));

        RollbackResult r = rollBack(Fixtures.release(null), Strategy.CANARY, PlanOptions.defaults().immediately());

        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(entries(r, "TRAFFIC_SHIFTED")).first().satisfies(e -> {
            assertThat(e.status()).isEqualTo("failed");
            assertThat(detail(e)).isEqualTo("router reports 0.0% on 2.3.1 after shifting it to 50%");
        });
        assertThat(steps(r)).doesNotContain("REVERT", "TRAFFIC_RESUMED");
    }

    @Test
    void resumingTrafficTheRouterDoesNotHonourFailsTheRollback() {
        FakeWorld readOnly = new FakeWorld() {
            @Override
            public void setRoutes(Routes r) {
                log.add("router.set " + r.weights());
            }
        }.withRoutes(Routes.allTo("2.4.0", "2.3.1"));
        actuators = actuators.withRouter(readOnly);

        RollbackResult r = rollBack(Fixtures.release(null), Strategy.ROLLING_UPDATE, PlanOptions.defaults());

        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(entries(r, "TRAFFIC_RESUMED")).isNotEmpty().allSatisfy(e -> {
            assertThat(e.status()).isEqualTo("failed");
            assertThat(detail(e)).isEqualTo("router reports 0.0% on 2.3.1 after resuming");
        });
        assertThat(titles()).noneMatch(t -> t.startsWith("Rollback successful"));
    }

    @Test
    void aDeployerStillRunningTheBadVersionAfterTheRevertFailsItAndHealthIsNeverChecked() {
        FakeWorld stuck = new FakeWorld() {
            @Override
            public void deploy(String service, String version) {
                log.add("deploy " + service + " " + version);
            }
        }.running("checkout", "2.4.0", "2.3.1");
        actuators = actuators.withDeployer(stuck);

        RollbackResult r = rollBack(Fixtures.release(null), Strategy.ROLLING_UPDATE, PlanOptions.defaults());

        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(entries(r, "REVERT")).hasSize(3).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo("failed");
            assertThat(detail(e)).isEqualTo("deployer reports 2.4.0 running after applying 2.3.1");
            assertThat(e.details()).containsEntry("before", Map.of("version", "2.4.0"));
        });
        assertThat(steps(r)).doesNotContain("HEALTH_VERIFIED", "METRICS_VERIFIED");
    }

    @Test
    void aFailingSmokeTestFailsTheRollbackThoughEveryStepRan() {
        actuators = actuators.withSmokeTests(tests -> tests.stream()
                .map(t -> new SmokeTestResult(t.name(), false, 500, Duration.ofMillis(40), "status 500, expected 200")).toList());

        RollbackResult r = rollBack(Fixtures.release(null), Strategy.BLUE_GREEN,
                new PlanOptions(null, false, null, List.of(Fixtures.LOGIN), null, null));

        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.metricsNormalized()).isTrue();
        assertThat(entries(r, "SMOKE_TESTS")).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo("failed");
            assertThat(detail(e)).isEqualTo("0/1 smoke tests passed");
        });
        assertThat(steps(r)).endsWith("SMOKE_TESTS", "TRAFFIC_RESUMED", "FAILED_VERSION_SCALED_DOWN");
        assertThat(world.criticalTitles()).contains("Smoke tests failed after the rollback");
        assertThat(titles()).noneMatch(t -> t.startsWith("Rollback successful"));
    }

    @Test
    void aFailureNoRetryCanFixStopsAfterTheFirstAttempt() {
        actuators = new Actuators(actuators.flags(), actuators.router(), Optional.empty(), actuators.health(), actuators.smokeTests(),
                actuators.metrics(), actuators.notifier(), Optional.empty());

        RollbackResult r = rollBack(Fixtures.release(null), Strategy.ROLLING_UPDATE, PlanOptions.defaults());

        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(r.attempts()).as("max_rollback_attempts is 3").isEqualTo(1);
        assertThat(entries(r, "REVERT")).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo("failed");
            assertThat(detail(e)).isEqualTo("not configured: no deployer to apply 2.3.1");
            assertThat(e.details()).containsEntry("retryable", false);
        });
        assertThat(entries(r, "ATTEMPT")).hasSize(1);
        assertThat(titles()).noneMatch(t -> t.contains("retrying"));
    }

    @Test
    void aBlueGreenRollbackWithoutARouterFailsAtTheSwitchWithoutRetryingOrDeploying() {
        actuators = new Actuators(actuators.flags(), Optional.empty(), actuators.deployer(), actuators.health(), actuators.smokeTests(),
                actuators.metrics(), actuators.notifier(), Optional.empty());

        RollbackResult r = rollBack(Fixtures.release(null), Strategy.BLUE_GREEN, PlanOptions.defaults());

        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(steps(r)).containsExactly("VALIDATION_GATES", "TRAFFIC_SWITCHED");
        assertThat(detail(entries(r, "TRAFFIC_SWITCHED").getFirst())).isEqualTo("not configured: no traffic router for a blue-green switch");
        assertThat(world.log).noneMatch(l -> l.startsWith("deploy"));
    }

    @Test
    void aRollingUpdateWithoutARouterLetsTheDeployerMoveTrafficAndSkipsDrainAndResume() {
        actuators = new Actuators(actuators.flags(), Optional.empty(), actuators.deployer(), actuators.health(), actuators.smokeTests(),
                actuators.metrics(), actuators.notifier(), Optional.empty());

        RollbackResult r = rollBack(Fixtures.release(null), Strategy.ROLLING_UPDATE, PlanOptions.defaults());

        assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS);
        assertThat(entries(r, "TRAFFIC_DRAINED")).singleElement().extracting(ActionLogEntry::status).isEqualTo("skipped");
        assertThat(entries(r, "TRAFFIC_RESUMED")).singleElement().extracting(ActionLogEntry::status).isEqualTo("skipped");
        assertThat(world.running).containsEntry("checkout", "2.3.1");
        assertThat(world.log).noneMatch(l -> l.startsWith("router."));
    }

    @Test
    void aBlueGreenRollbackWithoutADeployerTreatsTheSwitchAsTheRevertAndSaysWhatItCouldNotCheck() {
        actuators = new Actuators(actuators.flags(), actuators.router(), Optional.empty(), actuators.health(), actuators.smokeTests(),
                actuators.metrics(), actuators.notifier(), Optional.empty());

        RollbackResult r = rollBack(Fixtures.release(null), Strategy.BLUE_GREEN, PlanOptions.defaults());

        assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS);
        assertThat(detail(entries(r, "VALIDATION_GATES").getFirst())).contains("2.3.1 healthy", "not checked: existence (no deployer)");
        assertThat(entries(r, "REVERT")).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo("skipped");
            assertThat(detail(e)).contains("the traffic switch was the revert");
        });
        assertThat(entries(r, "FAILED_VERSION_SCALED_DOWN")).singleElement().extracting(ActionLogEntry::status).isEqualTo("skipped");
        assertThat(world.routes.percent("2.3.1")).isEqualTo(100.0);
        assertThat(world.log).noneMatch(l -> l.startsWith("deploy") || l.startsWith("scaleDown"));
    }
}
