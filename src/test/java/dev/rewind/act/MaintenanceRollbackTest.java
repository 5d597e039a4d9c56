package dev.rewind.act;

import static dev.rewind.act.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Alert;
import dev.rewind.model.MaintenanceMode;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.model.Severity;
import dev.rewind.report.ActionSentence;
import dev.rewind.store.RewindStore;
import dev.rewind.time.ManualTimeSource;
import dev.rewind.verify.CurveMetricSource;
import dev.rewind.verify.MetricVerifier;
import dev.rewind.verify.SmokeTestResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seed 001's rollback sequence with maintenance mode, on fakes and a manual clock: maintenance ON before the revert,
 * OFF after verification; "health checks pass? NO -> keep in maintenance, escalate to the operator".
 */
class MaintenanceRollbackTest {
    private static final MaintenanceMode ROUTER = new MaintenanceMode(MaintenanceMode.Via.ROUTER, "maint");
    private static final MaintenanceMode FLAG = new MaintenanceMode(MaintenanceMode.Via.FLAG, "maintenance_mode");
    private static final List<String> NOISE = List.of("ALERT", "ATTEMPT", "ROLLBACK_FINISHED", "RESUMED_FROM_JOURNAL");

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(T0);
    private final FakeWorld world = new FakeWorld().running("checkout", "2.4.0", "2.3.1");
    /** Where the users were sent (routes) and the maintenance flag, as the revert ran. */
    private final List<String> duringRevert = new ArrayList<>();
    private boolean targetMetricsBad;
    private boolean smokeTestsPass = true;
    private RewindStore store;
    private Actuators actuators;

    /** What a SIGKILL is to the executor: nothing after it runs, nothing catches it (as in ResumedRollbackTest). */
    private static final class Killed extends Error {
        Killed() {
            super("process killed");
        }
    }

    @BeforeEach
    void wire() {
        store = RewindStore.open(dir.resolve("rewind.db"), time.clock());
        world.enabledFlags.add("new-checkout");
        Map<String, Integer> routes = new LinkedHashMap<>();
        routes.put("2.4.0", 100);
        routes.put("2.3.1", 0);
        routes.put("maint", 0);
        world.routes = new Routes(routes);
        world.onDeploy = () -> duringRevert.add(world.routes.weights() + " flag=" + world.isEnabled("maintenance_mode"));
        CurveMetricSource metrics = new CurveMetricSource(T0.minusSeconds(7200))
                .with("error_rate", (v, t) -> v.equals("2.4.0") || targetMetricsBad ? 5.0 : 0.5)
                .with("p95_latency_ms", (v, t) -> v.equals("2.4.0") || targetMetricsBad ? 340.0 : 118.0);
        actuators = Actuators.none().withFlags(world).withRouter(world).withDeployer(world).withHealth(world).withNotifier(world)
                .withMetrics(new MetricVerifier(metrics, time, Duration.ofSeconds(30)))
                .withSmokeTests(tests -> tests.stream().map(t -> new SmokeTestResult(t.name(), smokeTestsPass, smokeTestsPass ? 200 : 500,
                        Duration.ofMillis(80), "status " + (smokeTestsPass ? 200 : 500))).toList());
    }

    private RollbackRequest request(MaintenanceMode mode) {
        Release release = Fixtures.release("new-checkout");
        var plan = new RollbackPlanner(Fixtures.POLICY).plan(release, Strategy.BLUE_GREEN,
                new PlanOptions(null, false, null, List.of(Fixtures.LOGIN), null, null).withMaintenance(mode));
        return new RollbackRequest("rb-1", release, null, plan, Fixtures.baseline("2.3.1"));
    }

    private RollbackExecutor executor() {
        return new RollbackExecutor(actuators, store.journal(), time, 3);
    }

    private static List<String> steps(RollbackResult r) {
        return r.actionsLog().stream().map(ActionLogEntry::action).filter(a -> !NOISE.contains(a)).toList();
    }

    private static ActionLogEntry entry(RollbackResult r, String action) {
        return r.actionsLog().stream().filter(e -> e.action().equals(action)).reduce((a, b) -> b).orElseThrow(() -> new AssertionError(
                "no " + action + " in " + r.actionsLog().stream().map(ActionLogEntry::action).toList()));
    }

    @Test
    void viaTheRouterUsersSeeTheMaintenanceTargetWhileRolledBackAndTheTargetVersionAfterVerification() {
        RollbackResult r = executor().execute(request(ROUTER));

        assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS);
        assertThat(steps(r)).containsExactly("VALIDATION_GATES", "FLAG_DEACTIVATED", "MAINTENANCE_ON", "REVERT", "HEALTH_VERIFIED",
                "METRICS_VERIFIED", "SMOKE_TESTS", "MAINTENANCE_OFF", "FAILED_VERSION_SCALED_DOWN");
        assertThat(duringRevert).containsExactly("{maint=100, 2.4.0=0, 2.3.1=0} flag=false");
        assertThat(world.log).containsSubsequence("router.set {maint=100, 2.4.0=0, 2.3.1=0}", "deploy checkout 2.3.1",
                "health checkout 2.3.1 ok", "router.set {2.3.1=100, maint=0, 2.4.0=0}", "scaleDown checkout 2.4.0");
        assertThat(world.routes.weights()).containsEntry("2.3.1", 100).containsEntry("maint", 0);
        assertThat(r.heldInMaintenance()).isFalse();
        assertThat(ActionSentence.of(entry(r, "MAINTENANCE_ON"))).startsWith("maintenance ON: all traffic to maint");
        assertThat(ActionSentence.of(entry(r, "MAINTENANCE_OFF"))).startsWith("maintenance OFF: all traffic to 2.3.1");
    }

    @ParameterizedTest(name = "{0} fail")
    @ValueSource(strings = {"metrics", "smoke tests"})
    void aFailedVerificationKeepsTheServiceInMaintenanceAndEscalates(String failing) {
        if (failing.equals("metrics")) targetMetricsBad = true;
        else smokeTestsPass = false;

        RollbackResult r = executor().execute(request(ROUTER));

        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(r.attempts()).as("verification is not a step to retry").isEqualTo(1);
        assertThat(steps(r)).contains("MAINTENANCE_ON", "REVERT", "MAINTENANCE_HELD")
                .doesNotContain("MAINTENANCE_OFF", "TRAFFIC_RESUMED", "FAILED_VERSION_SCALED_DOWN");
        assertThat(world.routes.percent("maint")).as("users still see the maintenance page").isEqualTo(100.0);
        assertThat(world.log).doesNotContain("scaleDown checkout 2.4.0");
        assertThat(r.heldInMaintenance()).isTrue();
        ActionLogEntry held = entry(r, MaintenanceMode.HELD);
        assertThat(held.status()).isEqualTo("held");
        assertThat(held.details()).containsEntry("via", "router").containsEntry("target", "maint")
                .containsEntry("end_with", "rewind maintenance off --environment production --to 2.3.1 --reason '...'");
        assertThat(ActionSentence.of(held)).startsWith("kept in maintenance, escalated to the operator: checkout in production is held");
        Alert alert = world.alerts.stream().filter(a -> a.title().startsWith("Held in maintenance")).findFirst().orElseThrow();
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.title()).isEqualTo("Held in maintenance: checkout in production");
        assertThat(alert.body()).contains("verification failed", "rewind maintenance off --environment production --to 2.3.1");
        if (failing.equals("metrics")) {
            assertThat(Duration.between(T0, time.now())).as("the metric check waited its whole window on the manual clock")
                    .isGreaterThanOrEqualTo(Fixtures.POLICY.verification().limit());
        }
    }

    @Test
    void aTargetUnhealthyAfterTheRevertIsASystemicIssueThatAlsoLeavesTheServiceInMaintenance() {
        // healthy beside the failing version (the validation gate passes), down once it is the one running
        world.healthy = (service, version) -> !version.equals(world.running.get(service));

        RollbackResult r = executor().execute(request(ROUTER));

        assertThat(r.status()).isEqualTo(RollbackStatus.ESCALATED);
        assertThat(r.heldInMaintenance()).isTrue();
        assertThat(world.routes.percent("maint")).isEqualTo(100.0);
        assertThat(entry(r, MaintenanceMode.HELD).details().get("reason").toString()).contains("await-healthy");
    }

    @Test
    void viaAFlagTheFlagIsOnWhileRolledBackAndOffAfterVerification() {
        RollbackResult r = executor().execute(request(FLAG));

        assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS);
        assertThat(steps(r)).containsSubsequence("MAINTENANCE_ON", "TRAFFIC_SWITCHED", "REVERT", "SMOKE_TESTS", "MAINTENANCE_OFF", "TRAFFIC_RESUMED");
        assertThat(duringRevert).singleElement().asString().endsWith("flag=true");
        assertThat(world.isEnabled("maintenance_mode")).isFalse();
    }

    @Test
    void viaAFlagAFailedVerificationLeavesTheFlagOn() {
        smokeTestsPass = false;

        RollbackResult r = executor().execute(request(FLAG));

        assertThat(world.isEnabled("maintenance_mode")).isTrue();
        assertThat(r.heldInMaintenance()).isTrue();
        assertThat(entry(r, MaintenanceMode.HELD).details()).containsEntry("flag", "maintenance_mode")
                .containsEntry("end_with", "rewind maintenance off --environment production --reason '...'");
    }

    @Test
    void aMaintenanceOnThatTookEffectBeforeTheKillIsFoundDoneOnResumeAndNotMadeAgain() {
        world.afterSetRoutes = () -> {
            world.afterSetRoutes = () -> { };
            throw new Killed();
        };
        RollbackRequest req = request(ROUTER);
        assertThatThrownBy(() -> executor().execute(req)).isInstanceOf(Killed.class);
        assertThat(world.routes.percent("maint")).isEqualTo(100.0);
        world.log.clear();

        RollbackResult r = executor().resume(req, new RollbackControl(), "restarted");

        assertThat(world.log).as("maintenance is not turned on twice: the only route change is ending it")
                .filteredOn(l -> l.startsWith("router.set")).containsExactly("router.set {2.3.1=100, maint=0, 2.4.0=0}");
        ActionLogEntry on = r.actionsLog().stream().filter(e -> e.action().equals("MAINTENANCE_ON") && e.status().equals("success")).findFirst().orElseThrow();
        assertThat(on.details()).containsEntry("resumed", "found done; not run again");
        assertThat(on.details().get("detail").toString()).contains("already in maintenance");
        assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS);
    }

    @Test
    void aMaintenanceOnThatEndedBeforeTheKillIsKeptOnResumeAndAMaintenanceOffNotYetMadeIsMade() {
        world.onDeploy = () -> {
            world.onDeploy = () -> { };
            throw new Killed();
        };
        RollbackRequest req = request(ROUTER);
        assertThatThrownBy(() -> executor().execute(req)).isInstanceOf(Killed.class);
        world.log.clear();
        // a person (or a bug) took the users off the maintenance page while no process ran: the kept step is not re-checked
        world.routes = Routes.allTo("2.4.0", "2.3.1", "maint");
        RollbackResult r = executor().resume(req, new RollbackControl(), "restarted");

        assertThat(world.log).as("maintenance not made again (the kept step was not re-checked): the one route change ends it")
                .filteredOn(l -> l.startsWith("router.set")).singleElement().asString().contains("2.3.1=100", "maint=0", "2.4.0=0");
        assertThat(r.actionsLog()).filteredOn(e -> e.action().equals("MAINTENANCE_ON")).extracting(ActionLogEntry::status).containsExactly("success");
        assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS);
    }
}
