package dev.rewind.act;

import static dev.rewind.act.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.model.SmokeTest;
import dev.rewind.store.RewindStore;
import dev.rewind.time.ManualTimeSource;
import dev.rewind.verify.CurveMetricSource;
import dev.rewind.verify.MetricVerifier;
import dev.rewind.verify.SmokeTestResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollbackExecutorTest {
    private static final List<String> NOISE = List.of("ALERT", "ATTEMPT", "ROLLBACK_FINISHED");

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(T0);
    private final FakeWorld world = new FakeWorld().running("checkout", "2.4.0", "2.3.1");
    private final List<SmokeTest> smokeRuns = new ArrayList<>();
    private RewindStore store;
    private Actuators actuators;

    @BeforeEach
    void wire() {
        store = RewindStore.open(dir.resolve("rewind.db"));
        world.enabledFlags.add("new-checkout");
        world.routes = dev.rewind.act.Routes.allTo("2.4.0", "2.3.1");
        actuators = Actuators.none().withFlags(world).withRouter(world).withDeployer(world).withHealth(world).withNotifier(world)
                .withMetrics(new MetricVerifier(Fixtures.metricsFollowing(world, world.log), time, Duration.ofSeconds(30)))
                .withSmokeTests(tests -> {
                    world.log.add("smoke " + tests.size());
                    smokeRuns.addAll(tests);
                    return tests.stream().map(t -> new SmokeTestResult(t.name(), true, 200, Duration.ofMillis(80), "status 200")).toList();
                });
    }

    private RollbackResult rollBack(Release release, Strategy strategy, PlanOptions options) {
        var plan = new RollbackPlanner(Fixtures.POLICY).plan(release, strategy, options);
        return new RollbackExecutor(actuators, store.journal(), time, 3)
                .execute(new RollbackRequest("rb-1", release, null, plan, Fixtures.baseline("2.3.1")));
    }

    private static List<String> steps(RollbackResult r) {
        return r.actionsLog().stream().map(ActionLogEntry::action).filter(a -> !NOISE.contains(a)).toList();
    }

    @Test
    void turnsTheFlagOffFirstThenMovesTrafficRevertsChecksHealthVerifiesSmokeTestsAndResumes() {
        RollbackResult r = rollBack(Fixtures.release("new-checkout"), Strategy.BLUE_GREEN,
                new PlanOptions(null, false, null, List.of(Fixtures.LOGIN), null, null));

        assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS);
        assertThat(steps(r)).containsExactly("VALIDATION_GATES", "FLAG_DEACTIVATED", "TRAFFIC_SWITCHED", "REVERT", "HEALTH_VERIFIED",
                "METRICS_VERIFIED", "SMOKE_TESTS", "TRAFFIC_RESUMED", "FAILED_VERSION_SCALED_DOWN");
        assertThat(world.log).containsSubsequence("flag.disable new-checkout", "router.set {2.3.1=100, 2.4.0=0}",
                "deploy checkout 2.3.1", "health checkout 2.3.1 ok", "metrics checkout 2.3.1 error_rate", "smoke 1",
                "router.set {2.3.1=100, 2.4.0=0}", "scaleDown checkout 2.4.0");
        assertThat(r.flagDeactivated()).isTrue();
        assertThat(world.enabledFlags).isEmpty();
        assertThat(world.running).containsEntry("checkout", "2.3.1");
        assertThat(world.routes.percent("2.3.1")).isEqualTo(100.0);
        assertThat(r.metricsNormalized()).isTrue();
        assertThat(r.normalizationTimeSec()).isEqualTo(120L);
        assertThat(r.revertedFrom()).isEqualTo("2.4.0");
        assertThat(r.revertedTo()).isEqualTo("2.3.1");
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.actionsLog()).filteredOn(e -> e.action().equals("REVERT")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("from", "2.4.0").containsEntry("to", "2.3.1"));
        assertThat(smokeRuns).containsExactly(Fixtures.LOGIN);
    }

    @Test
    void aFlagThatCannotBeTurnedOffRaisesACriticalAlertAndTheRollbackGoesOn() {
        world.flagFails = true;

        RollbackResult r = rollBack(Fixtures.release("new-checkout"), Strategy.BLUE_GREEN, PlanOptions.defaults());

        assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS);
        assertThat(r.flagDeactivated()).isFalse();
        assertThat(world.criticalTitles()).contains("Feature flag new-checkout could not be turned off");
        assertThat(r.actionsLog()).filteredOn(e -> e.action().equals("FLAG_DEACTIVATED")).singleElement()
                .extracting(ActionLogEntry::status).isEqualTo("failed");
        assertThat(world.running).containsEntry("checkout", "2.3.1");
        assertThat(r.actionsLog()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("ALERT");
            assertThat(e.status()).isEqualTo("critical");
            assertThat(e.details()).containsEntry("detail", "Feature flag new-checkout could not be turned off");
        });
    }

    @Test
    void aRevertThatKeepsFailingIsRetriedUpToMaxAttemptsThenTheRollbackFails() {
        world.deployFailures = 99;

        RollbackResult r = rollBack(Fixtures.release(null), Strategy.ROLLING_UPDATE, PlanOptions.defaults());

        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(r.actionsLog()).filteredOn(e -> e.action().equals("REVERT")).extracting(ActionLogEntry::status)
                .containsExactly("failed", "failed", "failed");
        assertThat(r.actionsLog()).filteredOn(e -> e.action().equals("REVERT")).extracting(e -> e.details().get("attempt"))
                .containsExactly(1, 2, 3);
        assertThat(steps(r)).doesNotContain("HEALTH_VERIFIED", "TRAFFIC_RESUMED");
        assertThat(world.criticalTitles()).anyMatch(t -> t.startsWith("Rollback failed"));
    }

    @Test
    void aRevertThatFailsOnceSucceedsOnTheSecondAttempt() {
        world.deployFailures = 1;

        RollbackResult r = rollBack(Fixtures.release(null), Strategy.ROLLING_UPDATE, PlanOptions.defaults());

        assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS);
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(r.actionsLog()).filteredOn(e -> e.action().equals("REVERT")).extracting(ActionLogEntry::status)
                .containsExactly("failed", "success");
    }

    @Test
    void aTargetThatNeverTurnsHealthyIsEscalatedAtTheHealthCheckTimeoutEvenWhenTheGatesWereSkipped() {
        world.healthy = (s, v) -> false;

        RollbackResult r = rollBack(Fixtures.release(null), Strategy.ROLLING_UPDATE, PlanOptions.defaults().immediately());

        // seed 001: the previous version unhealthy after the rollback is systemic; another attempt would not help
        assertThat(r.status()).isEqualTo(RollbackStatus.ESCALATED);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.actionsLog()).filteredOn(e -> e.action().equals("HEALTH_VERIFIED")).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo("failed");
            assertThat(e.details()).containsEntry("waited_sec", 120);
        });
        assertThat(world.alerts).anySatisfy(a -> assertThat(a.title()).startsWith("Systemic issue"));
        assertThat(Duration.between(T0, time.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void metricsThatNeverNormalizeRaiseACriticalAlertAtTheFiveMinuteLimitOnTheTimeSource() {
        CurveMetricSource stuck = new CurveMetricSource(T0.minusSeconds(7200)).with("error_rate", (v, t) -> 5.0).with("p95_latency_ms", (v, t) -> 118.0);
        actuators = actuators.withMetrics(new MetricVerifier(stuck, time, Duration.ofSeconds(30)));

        RollbackResult r = rollBack(Fixtures.release(null), Strategy.BLUE_GREEN, PlanOptions.defaults());

        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(r.metricsNormalized()).isFalse();
        assertThat(r.normalizationTimeSec()).isNull();
        assertThat(world.criticalTitles()).contains("Metrics did not normalize after rolling back to 2.3.1");
        ActionLogEntry verify = r.actionsLog().stream().filter(e -> e.action().equals("METRICS_VERIFIED")).findFirst().orElseThrow();
        assertThat(Duration.between(java.time.Instant.parse((String) verify.details().get("started_at")), verify.timestamp()))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(steps(r)).contains("TRAFFIC_RESUMED");
    }

    @Test
    void immediateSkipsTheValidationGates() {
        world.healthy = (s, v) -> !(v.equals("2.3.1") && world.running.get(s).equals("2.4.0"));

        RollbackResult r = rollBack(Fixtures.release(null), Strategy.BLUE_GREEN, PlanOptions.defaults().immediately());

        assertThat(steps(r)).doesNotContain("VALIDATION_GATES").startsWith("TRAFFIC_SWITCHED");
        assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS);
    }

    @Test
    void aPreviousVersionThatIsUnhealthyTooIsEscalatedAsASystemicIssueWithoutTouchingAnything() {
        world.healthy = (s, v) -> false;

        RollbackResult r = rollBack(Fixtures.release("new-checkout"), Strategy.BLUE_GREEN, PlanOptions.defaults());

        assertThat(r.status()).isEqualTo(RollbackStatus.ESCALATED);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(steps(r)).containsExactly("VALIDATION_GATES");
        assertThat(world.criticalTitles()).contains("Systemic issue: previous version 2.3.1 is unhealthy too");
        assertThat(world.log).noneMatch(l -> l.startsWith("deploy") || l.startsWith("router.set"));
    }

    @Test
    void aMissingFlagServiceIsJournaledAsNotConfiguredNeverAsSuccess() {
        actuators = new Actuators(java.util.Optional.empty(), actuators.router(), actuators.deployer(), actuators.health(),
                actuators.smokeTests(), java.util.Optional.empty(), actuators.notifier(), java.util.Optional.empty());

        RollbackResult r = rollBack(Fixtures.release("new-checkout"), Strategy.BLUE_GREEN, PlanOptions.defaults());

        ActionLogEntry flag = r.actionsLog().stream().filter(e -> e.action().equals("FLAG_DEACTIVATED")).findFirst().orElseThrow();
        assertThat(flag.status()).isEqualTo("failed");
        assertThat((String) flag.details().get("detail")).startsWith("not configured");
        ActionLogEntry metrics = r.actionsLog().stream().filter(e -> e.action().equals("METRICS_VERIFIED")).findFirst().orElseThrow();
        assertThat(metrics.status()).isEqualTo("skipped");
        assertThat(r.flagDeactivated()).isFalse();
        assertThat(r.metricsNormalized()).isFalse();
    }

    @Test
    void aCanaryIsShiftedBackInStepsWithPausesOnTheTimeSource() {
        RollbackResult r = rollBack(Fixtures.release(null), Strategy.CANARY, PlanOptions.defaults().immediately());

        assertThat(world.log).filteredOn(l -> l.startsWith("router.set")).startsWith(
                "router.set {2.3.1=50, 2.4.0=50}", "router.set {2.3.1=80, 2.4.0=20}", "router.set {2.3.1=100, 2.4.0=0}");
        ActionLogEntry shift = r.actionsLog().stream().filter(e -> e.action().equals("TRAFFIC_SHIFTED")).findFirst().orElseThrow();
        assertThat(Duration.between(java.time.Instant.parse((String) shift.details().get("started_at")), shift.timestamp()))
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aStepThatOverrunsItsTimeoutOnTheTimeSourceFailsAndTheSlaBreachIsReported() {
        world.onDeploy = () -> time.advance(Duration.ofMinutes(30));

        RollbackResult r = rollBack(Fixtures.release(null), Strategy.BLUE_GREEN, PlanOptions.defaults());

        assertThat(r.actionsLog()).filteredOn(e -> e.action().equals("REVERT")).first().satisfies(e -> {
            assertThat(e.status()).isEqualTo("failed");
            assertThat((String) e.details().get("detail")).contains("over its 60s limit");
        });
        assertThat(world.alerts).anySatisfy(a -> assertThat(a.title()).startsWith("SLA breach: the rollback took"));
    }

    @Test
    void aRollingUpdateDoesNotJudgeItsTargetsHealthBeforeTheTargetRuns() {
        world.healthy = (s, v) -> world.running.get(s).equals(v) && !v.equals("2.4.0");

        RollbackResult r = rollBack(Fixtures.release(null), Strategy.ROLLING_UPDATE, PlanOptions.defaults());

        assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS);
        assertThat(r.actionsLog()).filteredOn(e -> e.action().equals("VALIDATION_GATES")).singleElement()
                .satisfies(e -> assertThat((String) e.details().get("detail")).contains("2.3.1 exists", "not checked: health"));
    }

    @Test
    void anUnreachableDependencyStopsTheRollbackAtTheGateBeforeAnythingChanges() {
        actuators = actuators.withReachability(dep -> dep.equals("db:5432") ? "db:5432 unreachable: connection refused" : null);

        RollbackResult r = rollBack(Fixtures.release(null), Strategy.BLUE_GREEN,
                new PlanOptions(null, false, List.of("cache:6379", "db:5432"), null, null, null));

        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(steps(r)).containsOnly("VALIDATION_GATES");
        assertThat(world.log).noneMatch(l -> l.startsWith("deploy") || l.startsWith("router.set"));
        assertThat(r.actionsLog()).filteredOn(e -> e.action().equals("VALIDATION_GATES")).first()
                .satisfies(e -> assertThat((String) e.details().get("detail")).contains("db:5432 unreachable"));
    }

    @Test
    void aRouterThatFailsHalfwayIsJournaledWithWhatItDidAndDidNotSwitch() {
        FakeWorld half = new FakeWorld() {
            @Override
            public void setRoutes(dev.rewind.act.Routes r) {
                throw new PartialSwitchException("haproxy refused", List.of("be/green"), List.of("be/blue"), null);
            }
        };
        actuators = actuators.withRouter(half);

        RollbackResult r = rollBack(Fixtures.release(null), Strategy.BLUE_GREEN, PlanOptions.defaults().immediately());

        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(r.actionsLog()).filteredOn(e -> e.action().equals("TRAFFIC_SWITCHED")).first().satisfies(e -> {
            assertThat(e.status()).isEqualTo("failed");
            assertThat(e.details()).containsEntry("switched", List.of("be/green")).containsEntry("not_switched", List.of("be/blue"));
        });
    }

    @Test
    void aNotifierThatFailsIsJournaledAndDoesNotStopTheRollback() {
        actuators = actuators.withNotifier(alert -> {
            throw new IllegalStateException("slack answered 500");
        });

        RollbackResult r = rollBack(Fixtures.release(null), Strategy.BLUE_GREEN, PlanOptions.defaults());

        assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS);
        assertThat(r.actionsLog()).filteredOn(e -> e.action().equals("ALERT")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.details()).containsEntry("delivery", "notifier failed: slack answered 500"));
    }
}
