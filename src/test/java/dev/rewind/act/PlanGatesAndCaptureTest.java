package dev.rewind.act;

import static dev.rewind.act.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.config.PlanLoader;
import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Plan;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.plan.PlanCompiler;
import dev.rewind.plan.RollbackPlanFile;
import dev.rewind.plan.RunContext;
import dev.rewind.store.RewindStore;
import dev.rewind.time.ManualTimeSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan as code's safety gates run before anything changes and its state capture right before the first change
 * (seed 003/004): a gate that refuses leaves the world as it was; a capture keeps what ran, in the journal.
 */
class PlanGatesAndCaptureTest {
    static final String PLAN = """
            metadata: {operation_id: op-gates, name: checkout 2.4.0, owner: sre, certification_level: 2}
            operation: {summary: new checkout, deployment_type: blue_green, services: [checkout]}
            sla_minutes: 15
            state_capture:
              - {id: version, capture: versions}
              - {id: deployment, capture: deployment}
            safety_checks: {verify_previous_version_healthy: true, verify_rollback_tested: true}
            phases:
              - id: stop
                name: Stop impact
                objective: the flag is off
                steps:
                  - {id: flag-off, action: disable_flag, flag: new-checkout, estimate: 5s, timeout: 30s}
              - id: application
                name: Application
                objective: 2.3.1 runs
                steps:
                  - {id: revert, action: revert, estimate: 1m, timeout: 5m}
            testing: {rehearsal_max_age_days: 7}
            """;

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(T0);
    private final FakeWorld world = new FakeWorld().running("checkout", "2.4.0", "2.3.1");
    private RewindStore store;

    @BeforeEach
    void open() {
        store = RewindStore.open(dir.resolve("rewind.db"));
        world.enabledFlags.add("new-checkout");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private RollbackResult run(Instant lastRehearsal) {
        RollbackPlanFile file = new PlanLoader(name -> null).parse("plan.yaml", PLAN);
        Release release = Fixtures.release("new-checkout");
        Plan plan = PlanCompiler.compile(file, null, new RunContext("checkout", "2.4.0", "2.3.1", List.of(), null, null, lastRehearsal, false));
        Actuators a = Actuators.none().withFlags(world).withDeployer(world).withHealth(world).withNotifier(world);
        return new RollbackExecutor(a, store.journal(), time, 1).execute(new RollbackRequest("rb-gates", release, "2.3.1", plan, null));
    }

    private static List<String> done(RollbackResult r) {
        return r.actionsLog().stream().filter(e -> e.status().equals("success") || e.status().equals("failed"))
                .map(e -> e.action() + " " + e.status()).toList();
    }

    @Test
    void withoutARecentRehearsalTheGateRefusesAndNothingChanges() {
        RollbackResult r = run(T0.minus(Duration.ofDays(8)));

        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(world.enabledFlags).contains("new-checkout");
        assertThat(world.running).containsEntry("checkout", "2.4.0");
        assertThat(world.log).noneMatch(l -> l.startsWith("deploy") || l.startsWith("flag.disable"));
        assertThat(done(r)).contains("REHEARSAL_CHECKED failed").doesNotContain("STATE_CAPTURED success");
    }

    @Test
    void anUnhealthyTargetIsRefusedBeforeTheCapture() {
        world.healthy = (service, version) -> !version.equals("2.3.1");

        RollbackResult r = run(T0.minus(Duration.ofDays(1)));

        // an unhealthy target is handed to people (escalated), not retried
        assertThat(r.status()).isEqualTo(RollbackStatus.ESCALATED);
        assertThat(world.running).containsEntry("checkout", "2.4.0");
        assertThat(world.enabledFlags).contains("new-checkout");
        assertThat(done(r)).contains("VALIDATION_GATES failed").doesNotContain("STATE_CAPTURED success");
    }

    @Test
    void withTheGatesPassedTheStateIsCapturedBeforeTheFirstChange() {
        RollbackResult r = run(T0.minus(Duration.ofDays(1)));

        assertThat(r.status().rolledBack()).as(r.toString()).isTrue();
        assertThat(world.running).containsEntry("checkout", "2.3.1");
        List<String> order = done(r);
        assertThat(order).containsSubsequence("VALIDATION_GATES success", "REHEARSAL_CHECKED success", "STATE_CAPTURED success",
                "STATE_CAPTURED success", "FLAG_DEACTIVATED success", "REVERT success");
        ActionLogEntry version = r.actionsLog().stream().filter(e -> e.action().equals("STATE_CAPTURED") && e.status().equals("success"))
                .findFirst().orElseThrow();
        assertThat(version.details()).containsEntry("capture", "versions").containsEntry("version", "2.4.0");
    }
}
