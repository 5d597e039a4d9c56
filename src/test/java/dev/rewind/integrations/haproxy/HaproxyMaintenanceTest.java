package dev.rewind.integrations.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.act.Actuators;
import dev.rewind.act.PlanOptions;
import dev.rewind.act.RollbackExecutor;
import dev.rewind.act.RollbackPlanner;
import dev.rewind.act.RollbackRequest;
import dev.rewind.act.Routes;
import dev.rewind.act.Strategy;
import dev.rewind.integrations.routing.ColourBackends;
import dev.rewind.integrations.routing.Traffic;
import dev.rewind.model.MaintenanceMode;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.model.SmokeTest;
import dev.rewind.model.VerificationPolicy;
import dev.rewind.store.RewindStore;
import dev.rewind.time.ManualTimeSource;
import dev.rewind.verify.HealthProbe;
import dev.rewind.verify.SmokeTestResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 001's maintenance mode through a real HAProxy 2.6: backend be_app has blue (2.4.0, failing), green (2.3.1) and maint
 * (the maintenance page), each a real HTTP server answering its name. Real requests through the frontend show where users
 * go while the rollback runs (sent from the smoke-test step, which runs after the revert) and after it ends.
 */
class HaproxyMaintenanceTest {
    private static final int REQUESTS = 60;
    private static final Instant T0 = Instant.parse("2026-02-24T10:20:00Z");
    private static final MaintenanceMode MAINT = new MaintenanceMode(MaintenanceMode.Via.ROUTER, "maint");
    private static final SmokeTest HOME = new SmokeTest("home", "GET", "http://127.0.0.1:1/", null, null, 200, null, null);
    private static final RollbackPolicy POLICY = new RollbackPolicy(true, Duration.ofSeconds(60), Duration.ofMinutes(5), List.of(), 3,
            Duration.ofSeconds(120), Duration.ofMinutes(15), VerificationPolicy.SEED_000);

    @TempDir static Path dir;
    private static ColourBackends backends;
    private static RealHaproxy haproxy;
    private static HaproxyRouter router;

    @TempDir Path storeDir;
    private final ManualTimeSource time = new ManualTimeSource(T0);
    /** Where real requests went while the rollback ran, one map per smoke-test run. */
    private final List<Map<String, Integer>> duringRollback = new ArrayList<>();
    private boolean smokeTestsPass = true;

    @BeforeAll
    static void startHaproxy() throws Exception {
        backends = new ColourBackends("blue", "green", "maint");
        haproxy = new RealHaproxy(dir, String.valueOf(backends.port("blue")), String.valueOf(backends.port("green")),
                String.valueOf(backends.port("maint")));
        router = HaproxyRouter.from(HaproxyRouterTest.config(Map.of("socket", haproxy.adminSocket.toString(), "backend", "be_app",
                "servers", Map.of("2.4.0", "blue", "2.3.1", "green", "maint", "maint"))));
    }

    @AfterAll
    static void stopHaproxy() throws Exception {
        if (haproxy != null) haproxy.close();
        if (backends != null) backends.close();
    }

    @BeforeEach
    void failingVersionServesEveryone() {
        Map<String, Integer> w = new LinkedHashMap<>();
        w.put("2.4.0", 100);
        w.put("2.3.1", 0);
        w.put("maint", 0);
        router.setRoutes(new Routes(w));
        assertThat(traffic()).as("before the rollback").isEqualTo(Map.of("blue", REQUESTS));
    }

    private static Map<String, Integer> traffic() {
        return Traffic.send(haproxy.frontendPort, REQUESTS);
    }

    private RollbackResult rollBack() {
        HealthProbe health = (service, version) -> new HealthProbe.Health(true, "200 from /health");
        Actuators actuators = Actuators.none().withRouter(router).withHealth(health).withSmokeTests(tests -> {
            duringRollback.add(traffic());
            return tests.stream().map(t -> new SmokeTestResult(t.name(), smokeTestsPass, smokeTestsPass ? 200 : 500, Duration.ofMillis(5),
                    "status " + (smokeTestsPass ? 200 : 500))).toList();
        });
        Release release = new Release("shop", "production", "2.4.0", "2.3.1", T0.minusSeconds(900), List.of(), null, 100, null);
        var plan = new RollbackPlanner(POLICY).plan(release, Strategy.BLUE_GREEN,
                new PlanOptions(null, false, null, List.of(HOME), null, null).withMaintenance(MAINT));
        try (RewindStore store = RewindStore.open(storeDir.resolve("rewind.db"), time.clock())) {
            return new RollbackExecutor(actuators, store.journal(), time, 3).execute(new RollbackRequest("rb-1", release, null, plan, null));
        }
    }

    @Test
    void usersGetTheMaintenancePageWhileRolledBackAndTheTargetVersionAfterVerification() {
        RollbackResult r = rollBack();

        assertThat(duringRollback).as("real requests during the rollback").containsExactly(Map.of("maint", REQUESTS));
        assertThat(traffic()).as("after the rollback").isEqualTo(Map.of("green", REQUESTS));
        assertThat(r.status()).as("no metric source: rolled back, not verified by metrics").isEqualTo(RollbackStatus.SUCCESS_UNVERIFIED);
        assertThat(r.heldInMaintenance()).isFalse();
        assertThat(router.routes()).isEqualTo(new Routes(Map.of("2.4.0", 0, "2.3.1", 100, "maint", 0)));
    }

    @Test
    void aFailedVerificationLeavesUsersOnTheMaintenancePage() {
        smokeTestsPass = false;

        RollbackResult r = rollBack();

        assertThat(duringRollback).containsExactly(Map.of("maint", REQUESTS));
        assertThat(traffic()).as("after the rollback: held in maintenance").isEqualTo(Map.of("maint", REQUESTS));
        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(r.heldInMaintenance()).isTrue();
        assertThat(r.actionsLog()).extracting(e -> e.action()).contains("MAINTENANCE_ON", "MAINTENANCE_HELD").doesNotContain("MAINTENANCE_OFF");
    }
}
