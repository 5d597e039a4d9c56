package dev.rewind.integrations.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.act.Actuators;
import dev.rewind.act.PlanOptions;
import dev.rewind.act.RollbackExecutor;
import dev.rewind.act.RollbackPlanner;
import dev.rewind.act.RollbackRequest;
import dev.rewind.act.Routes;
import dev.rewind.act.Strategy;
import dev.rewind.act.TrafficRouter;
import dev.rewind.integrations.routing.ColourBackends;
import dev.rewind.integrations.routing.Traffic;
import dev.rewind.model.MaintenanceMode;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.RollbackResult;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 001's maintenance mode through a real nginx: its upstream holds blue (2.4.0), green (2.3.1) and maint (the
 * maintenance page); the router rewrites it and reloads. Real requests show where users go during and after the rollback.
 */
class NginxMaintenanceTest {
    private static final int REQUESTS = 40;
    private static final Instant T0 = Instant.parse("2026-02-24T10:20:00Z");
    private static final MaintenanceMode MAINT = new MaintenanceMode(MaintenanceMode.Via.ROUTER, "maint");
    private static final RollbackPolicy POLICY = new RollbackPolicy(true, Duration.ofSeconds(60), Duration.ofMinutes(5), List.of(), 3,
            Duration.ofSeconds(120), Duration.ofMinutes(15), VerificationPolicy.SEED_000);

    @TempDir static Path dir;
    private static ColourBackends backends;
    private static RealNginx nginx;
    private static TrafficRouter router;

    @TempDir Path storeDir;
    private final List<Map<String, Integer>> duringRollback = new ArrayList<>();
    private boolean smokeTestsPass = true;

    @BeforeAll
    static void startNginx() throws Exception {
        backends = new ColourBackends("blue", "green", "maint");
        nginx = new RealNginx(dir, "upstream app {\n    server " + backends.address("blue") + ";\n}\n");
        NginxRouter nginxRouter = NginxRouter.from(nginx.config(Map.of(), Map.of("2.4.0", backends.address("blue"),
                "2.3.1", backends.address("green"), "maint", backends.address("maint"))));
        // each change waits (bounded) until nginx's old workers are gone, so every request counted after it saw the new routes
        router = new TrafficRouter() {
            public Routes routes() {
                return nginxRouter.routes();
            }

            public void setRoutes(Routes r) {
                Set<Long> old = nginx.workers();
                nginxRouter.setRoutes(r);
                try {
                    nginx.awaitWorkersReplacing(old);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }

            public void drain(String target) {
                nginxRouter.drain(target);
            }
        };
    }

    @AfterAll
    static void stopNginx() throws Exception {
        if (nginx != null) nginx.close();
        if (backends != null) backends.close();
    }

    @BeforeEach
    void failingVersionServesEveryone() {
        router.setRoutes(new Routes(Map.of("2.4.0", 100, "2.3.1", 0, "maint", 0)));
        assertThat(traffic()).as("before the rollback").isEqualTo(Map.of("blue", REQUESTS));
    }

    private static Map<String, Integer> traffic() {
        return Traffic.send(nginx.port, REQUESTS);
    }

    private RollbackResult rollBack() {
        HealthProbe health = (service, version) -> new HealthProbe.Health(true, "200 from /health");
        Actuators actuators = Actuators.none().withRouter(router).withHealth(health).withSmokeTests(tests -> {
            duringRollback.add(traffic());
            return tests.stream().map(t -> new SmokeTestResult(t.name(), smokeTestsPass, smokeTestsPass ? 200 : 500, Duration.ofMillis(5),
                    "status " + (smokeTestsPass ? 200 : 500))).toList();
        });
        Release release = new Release("shop", "production", "2.4.0", "2.3.1", T0.minusSeconds(900), List.of(), null, 100, null);
        var plan = new RollbackPlanner(POLICY).plan(release, Strategy.BLUE_GREEN, new PlanOptions(null, false, null,
                List.of(new SmokeTest("home", "GET", "http://127.0.0.1:1/", null, null, 200, null, null)), null, null).withMaintenance(MAINT));
        ManualTimeSource time = new ManualTimeSource(T0);
        try (RewindStore store = RewindStore.open(storeDir.resolve("rewind.db"), time.clock())) {
            return new RollbackExecutor(actuators, store.journal(), time, 3).execute(new RollbackRequest("rb-1", release, null, plan, null));
        }
    }

    @Test
    void usersGetTheMaintenanceUpstreamWhileRolledBackAndTheTargetAfter() {
        RollbackResult r = rollBack();

        assertThat(duringRollback).containsExactly(Map.of("maint", REQUESTS));
        assertThat(traffic()).as("after the rollback").isEqualTo(Map.of("green", REQUESTS));
        assertThat(r.heldInMaintenance()).isFalse();
    }

    @Test
    void aFailedVerificationLeavesTheMaintenanceUpstreamInPlace() {
        smokeTestsPass = false;

        RollbackResult r = rollBack();

        assertThat(duringRollback).containsExactly(Map.of("maint", REQUESTS));
        assertThat(traffic()).as("after the rollback: held in maintenance").isEqualTo(Map.of("maint", REQUESTS));
        assertThat(r.heldInMaintenance()).isTrue();
    }
}
