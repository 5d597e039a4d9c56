package dev.rewind.act;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.Phase;
import dev.rewind.model.Plan;
import dev.rewind.model.Step;
import dev.rewind.model.StepAction;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Where the GitOps steps sit in a plan: the pause before anything changes, the Git side after the cluster's revert. */
class GitOpsPlanTest {
    private static final GitOpsOptions ARGO = new GitOpsOptions("Argo CD Application argocd/shop", Duration.ofSeconds(30), Duration.ofMinutes(4));
    private final RollbackPlanner planner = new RollbackPlanner(Fixtures.POLICY);

    private static List<String> ids(Plan plan) {
        return plan.steps().stream().map(Step::id).toList();
    }

    @Test
    void pausesAfterTheReadOnlyGatesAndBeforeTheFlagTrafficAndRevertThenRevertsInGitResumesAndVerifies() {
        Plan plan = planner.plan(Fixtures.release("new-checkout"), Strategy.ROLLING_UPDATE, PlanOptions.defaults().withGitOps(ARGO));

        assertThat(ids(plan)).containsExactly("validate-target", "pause-sync", "disable-flag", "drain-traffic", "revert", "restart",
                "await-healthy", "revert-in-git", "resume-sync", "verify-convergence", "verify-metrics", "resume-traffic", "scale-down");
        assertThat(plan.phases()).extracting(Phase::name).containsSubsequence("Validation gates", "Pause GitOps", "Stop impact", "Revert", "GitOps", "Verify");
    }

    @Test
    void withoutValidationGatesThePauseIsTheVeryFirstStep() {
        Plan plan = planner.plan(Fixtures.release("new-checkout"), Strategy.BLUE_GREEN, PlanOptions.defaults().immediately().withGitOps(ARGO));

        assertThat(ids(plan).getFirst()).isEqualTo("pause-sync");
    }

    @Test
    void theStepsCarryTheirOwnTimeoutsAndOnlyPauseAndRevertHaltTheRollback() {
        Plan plan = planner.plan(Fixtures.release(null), Strategy.ROLLING_UPDATE, PlanOptions.defaults().withGitOps(ARGO));

        Step pause = step(plan, "pause-sync");
        Step revert = step(plan, "revert-in-git");
        Step resume = step(plan, "resume-sync");
        Step converge = step(plan, "verify-convergence");
        assertThat(pause.haltOnFailure()).isTrue();
        assertThat(revert.haltOnFailure()).as("resuming after a failed revert would re-apply the bad version").isTrue();
        assertThat(resume.haltOnFailure()).isFalse();
        assertThat(converge.haltOnFailure()).isFalse();
        assertThat(revert.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(converge.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(converge.action()).isEqualTo(new StepAction.AwaitConvergence(ARGO.app(), Duration.ofMinutes(4)));
        assertThat(revert.action()).isEqualTo(new StepAction.RevertInGit("checkout", "2.4.0", "2.3.1"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Strategy.class)
    void withoutAGitOpsBlockNoStrategyGetsAGitOpsStep(Strategy strategy) {
        Plan plan = planner.plan(Fixtures.release("new-checkout"), strategy, PlanOptions.defaults());

        assertThat(plan.steps()).noneMatch(s -> s.action().journalName().startsWith("GITOPS_"));
    }

    @Test
    void aFlagOnlyRollbackKeepsTheVersionSoItTouchesNeitherTheSyncNorGit() {
        Plan plan = planner.plan(Fixtures.release("new-checkout"), Strategy.FEATURE_FLAG, PlanOptions.defaults().withGitOps(ARGO));

        assertThat(plan.steps()).noneMatch(s -> s.action().journalName().startsWith("GITOPS_"));
    }

    private static Step step(Plan plan, String id) {
        return plan.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }
}
