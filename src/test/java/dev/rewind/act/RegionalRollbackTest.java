package dev.rewind.act;

import static dev.rewind.act.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.config.PlanLoader;
import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.plan.CompletionCriteria;
import dev.rewind.plan.EscalationLadder;
import dev.rewind.plan.PlanCompiler;
import dev.rewind.plan.RollbackPlanFile;
import dev.rewind.plan.RunContext;
import dev.rewind.report.RollbackResultWriter;
import dev.rewind.store.RewindStore;
import dev.rewind.time.ManualTimeSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 004's multi-region execution: regions one after another, each within its SLA; a region that fails stops the
 * ones after it, and the failure climbs the escalation ladder on the injected clock (a failing rollout here takes
 * three minutes of that clock per attempt), with the timeline in rollback_result.yaml.
 */
class RegionalRollbackTest {
    static final String PLAN = """
            metadata: {operation_id: op-regions, name: checkout in three regions, owner: sre, certification_level: 2}
            operation: {summary: checkout 2.4.0 everywhere, deployment_type: rolling_update, services: [checkout]}
            sla_minutes: 10
            phases:
              - id: application
                name: Application
                objective: 2.3.1 runs
                steps:
                  - {id: revert, action: revert, estimate: 1m, timeout: 5m, description: deploy 2.3.1, verify: the deployer reports 2.3.1}
                  - {id: healthy, action: await_healthy, estimate: 30s, timeout: 2m, description: health, verify: health answers 200}
            regions:
              order:
                - {name: eu, environment: prod-eu}
                - {name: us, environment: prod-us}
                - {name: ap, environment: prod-ap}
            """;

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(T0);
    private RewindStore store;

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    private RollbackResult run(String yaml, FakeWorld eu, FakeWorld us, FakeWorld ap) {
        store = RewindStore.open(dir.resolve("rewind.db"));
        return regional(yaml, eu, us, ap, (rollback, regions) -> rollback.execute("rb-regions", regions, "2.3.1", null, new RollbackControl()));
    }

    private RollbackResult regional(String yaml, FakeWorld eu, FakeWorld us, FakeWorld ap,
                                    java.util.function.BiFunction<RegionalRollback, List<RegionalRollback.Region>, RollbackResult> how) {
        RollbackPlanFile file = new PlanLoader(name -> null).parse("regions.yaml", yaml);
        List<RegionalRollback.Region> regions = new ArrayList<>();
        String[] names = {"eu", "us", "ap"};
        FakeWorld[] worlds = {eu, us, ap};
        for (int i = 0; i < 3; i++) {
            Release release = new Release("checkout", "prod-" + names[i], "2.4.0", "2.3.1", T0.minusSeconds(900), List.of(), null, 100, null);
            var plan = PlanCompiler.compile(file, null, new RunContext("checkout", "2.4.0", "2.3.1", List.of(), null, names[i], null, false));
            Actuators a = Actuators.none().withDeployer(worlds[i]).withHealth(worlds[i]).withNotifier(worlds[i]);
            regions.add(new RegionalRollback.Region(names[i], a, release, plan));
        }
        return how.apply(new RegionalRollback(store.journal(), time, 2, null, file.escalation() == null ? EscalationLadder.SEED_004 : file.escalation(),
                file.completion() == null ? new CompletionCriteria(95) : file.completion(), file.regions().continueOnFailure()), regions);
    }

    /** The process dies here, after the deploy took effect and before its outcome is journaled. */
    static final class ProcessDied extends Error {
    }

    /**
     * The process dies in the middle of region us's revert (2.3.1 already runs there): the resumed rollback keeps region
     * eu as it ended (nothing run there again, its rows not written again), probes the interrupted revert (found done,
     * not deployed again), goes on with us's health check, then rolls ap back; the completion criteria count all three.
     */
    @Test
    void aRollbackThatDiedInTheSecondRegionIsResumedThereStepByStep() {
        FakeWorld eu = world();
        FakeWorld us = world();
        FakeWorld ap = world();
        us.onDeploy = () -> {
            us.running.put("checkout", "2.3.1");
            us.onDeploy = () -> { };
            throw new ProcessDied();
        };
        store = RewindStore.open(dir.resolve("rewind.db"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> regional(PLAN, eu, us, ap,
                (rollback, regions) -> rollback.execute("rb-regions", regions, "2.3.1", null, new RollbackControl()))).isInstanceOf(ProcessDied.class);
        List<String> euBefore = List.copyOf(eu.log);

        RollbackResult r = regional(PLAN, eu, us, ap,
                (rollback, regions) -> rollback.resume("rb-regions", regions, "2.3.1", null, new RollbackControl(), "resumed by the test"));

        assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS_UNVERIFIED);
        assertThat(eu.log).as("eu had ended: nothing runs there again").isEqualTo(euBefore);
        assertThat(us.log).as("the interrupted revert is found done by the probe, not deployed again").containsOnlyOnce("deploy checkout 2.3.1");
        assertThat(ap.running).containsEntry("checkout", "2.3.1");
        assertThat(entries(r, RegionalRollback.REGION)).extracting(e -> e.details().get("region") + " " + e.status())
                .containsExactly("eu started", "eu success_unverified", "us started", "us success_unverified", "ap started", "ap success_unverified");
        assertThat(store.journal().entries("rb-regions")).filteredOn(e -> "revert".equals(e.stepId()) && e.begins() != null)
                .extracting(e -> e.data().get("resumed")).as("eu's, us's (found done) and ap's revert").containsExactly(null, "found done; not run again", null);
        assertThat(entries(r, RegionalRollback.COMPLETION)).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo("met");
            assertThat(e.details()).containsEntry("targets", 3).containsEntry("targets_rolled_back", 3);
        });
        assertThat(store.journal().verify("rb-regions").intact()).isTrue();
    }

    private static FakeWorld world() {
        return new FakeWorld().running("checkout", "2.4.0", "2.3.1");
    }

    private static List<ActionLogEntry> entries(RollbackResult r, String action) {
        return r.actionsLog().stream().filter(e -> e.action().equals(action)).toList();
    }

    @Test
    void aFailedRegionStopsTheOnesAfterItAndTheEscalationTimelineIsInTheResult() {
        FakeWorld eu = world();
        FakeWorld us = world();
        FakeWorld ap = world();
        us.deployFailures = 100;
        us.onDeploy = () -> time.advance(Duration.ofMinutes(3));

        RollbackResult r = run(PLAN, eu, us, ap);

        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(eu.running).containsEntry("checkout", "2.3.1");
        assertThat(us.running).containsEntry("checkout", "2.4.0");
        assertThat(ap.log).as("ap comes after the failed us, and is never touched").isEmpty();
        assertThat(entries(r, RegionalRollback.REGION)).extracting(e -> e.details().get("region") + " " + e.status())
                .containsExactly("eu started", "eu success_unverified", "us started", "us failed", "ap skipped");

        List<ActionLogEntry> escalation = entries(r, Escalation.JOURNAL_ACTION);
        // two attempts of three minutes each: the failure is first known 3 min in (level 1), then 6 min in (level 2)
        assertThat(escalation).filteredOn(e -> e.status().equals("reached")).extracting(e -> e.details().get("level")).containsExactly(1, 2);
        assertThat(escalation).filteredOn(e -> e.status().equals("due")).extracting(e -> e.details().get("due_at"))
                .containsExactly(T0.plus(Duration.ofMinutes(15)).toString(), T0.plus(Duration.ofMinutes(30)).toString());
        assertThat(entries(r, RegionalRollback.COMPLETION)).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo("not_met");
            assertThat(e.details()).containsEntry("targets", 3).containsEntry("targets_rolled_back", 1);
        });

        String yaml = new RollbackResultWriter().toYaml(r);
        assertThat(yaml).contains("escalation_timeline:").contains("Retry failed").contains("Critical incident")
                .contains("region: \"ap\"").contains("status: \"skipped\"");
    }

    @Test
    void onFailureContinueRollsTheLaterRegionsBackAnyway() {
        FakeWorld eu = world();
        FakeWorld us = world();
        FakeWorld ap = world();
        us.deployFailures = 100;

        RollbackResult r = run(PLAN.replace("  order:", "  on_failure: continue\n  order:"), eu, us, ap);

        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(ap.running).containsEntry("checkout", "2.3.1");
        assertThat(entries(r, RegionalRollback.REGION)).extracting(e -> e.details().get("region") + " " + e.status())
                .containsExactly("eu started", "eu success_unverified", "us started", "us failed", "ap started", "ap success_unverified");
    }

    @Test
    void everyRegionWithinItsSlaMeetsTheCompletionCriteria() {
        FakeWorld eu = world();
        FakeWorld us = world();
        FakeWorld ap = world();
        eu.onDeploy = () -> time.advance(Duration.ofMinutes(4));
        us.onDeploy = () -> time.advance(Duration.ofMinutes(4));
        ap.onDeploy = () -> time.advance(Duration.ofMinutes(4));

        RollbackResult r = run(PLAN, eu, us, ap);

        // 12 minutes in all, over a single 10-minute SLA, but each region took 4: the SLA is per region
        // the plan has no verify_metrics step, so recovery is rolled back but not verified by metrics (exit 4's status)
        assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS_UNVERIFIED);
        assertThat(entries(r, RegionalRollback.COMPLETION)).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo("met");
            assertThat(e.details()).containsEntry("sla_met", true).containsEntry("targets_rolled_back", 3);
        });
        assertThat(entries(r, Escalation.JOURNAL_ACTION)).isEmpty();
    }
}
