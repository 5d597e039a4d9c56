package dev.rewind.act;

import static dev.rewind.act.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.ActionFailedException;
import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.model.UnreachableException;
import dev.rewind.store.RewindStore;
import dev.rewind.time.ManualTimeSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitOps steps inside the executor, on in-memory stand-ins for the controller and the repository: what runs
 * in which order, what halts, what is retried, and how long convergence is awaited on the manual clock.
 */
class GitOpsExecutionTest {
    private static final String APP = "Argo CD Application argocd/checkout";
    private static final GitOpsOptions OPTIONS = new GitOpsOptions(APP, Duration.ofSeconds(30), Duration.ofMinutes(2));

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(T0);
    private final FakeWorld world = new FakeWorld().running("checkout", "2.4.0", "2.3.1");
    private final FakeGitOps gitops = new FakeGitOps(world.log);
    private RewindStore store;

    @BeforeEach
    void open() {
        store = RewindStore.open(dir.resolve("rewind.db"));
    }

    private RollbackResult rollBack() {
        Release release = Fixtures.release(null);
        Actuators actuators = Actuators.none().withDeployer(world).withHealth(world).withNotifier(world)
                .withGitOps(new GitOps(gitops, gitops, Duration.ofSeconds(10)));
        var plan = new RollbackPlanner(Fixtures.POLICY).plan(release, Strategy.ROLLING_UPDATE, PlanOptions.defaults().withGitOps(OPTIONS));
        return new RollbackExecutor(actuators, store.journal(), time, 3)
                .execute(new RollbackRequest("rb-1", release, null, plan, null));
    }

    private static ActionLogEntry entry(RollbackResult r, String action) {
        return r.actionsLog().stream().filter(e -> e.action().equals(action)).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void pausesBeforeTheDeployerActsRevertsInGitAfterItThenResumesAndSeesTheControllerConvergeOnTheCommit() {
        gitops.convergesAfter(time, Duration.ofSeconds(25));

        RollbackResult r = rollBack();

        assertThat(world.log).containsSubsequence("pause", "deploy checkout 2.3.1", "revert checkout 2.4.0 -> 2.3.1", "resume", "state");
        assertThat(r.status()).as("no metric verification configured").isEqualTo(RollbackStatus.SUCCESS_UNVERIFIED);
        assertThat(entry(r, "GITOPS_SYNC_PAUSED").details()).containsEntry("automated", Map.of("prune", true, "selfHeal", true));
        assertThat(entry(r, "GITOPS_REVERTED_IN_GIT").details()).containsEntry("commit", FakeGitOps.COMMIT).containsEntry("after", "2.3.1");
        ActionLogEntry converged = entry(r, "GITOPS_CONVERGED");
        assertThat(converged.status()).isEqualTo("success");
        assertThat(converged.details()).containsEntry("waited_sec", 30).containsEntry("polls", 4);
    }

    @Test
    void aRejectedPushHaltsBeforeTheResumeSoTheAppStaysPausedThroughEveryAttempt() {
        gitops.revertFails = () -> new ActionFailedException("push to main rejected: non-fast-forward");

        RollbackResult r = rollBack();

        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(world.log).doesNotContain("resume");
        assertThat(world.log.stream().filter("pause"::equals)).hasSize(3);
        assertThat(entry(r, "GITOPS_REVERTED_IN_GIT").details().get("detail").toString())
                .contains("stays paused").contains("non-fast-forward");
        assertThat(r.actionsLog()).noneMatch(e -> e.action().equals("GITOPS_SYNC_RESUMED"));
    }

    @Test
    void refusedGitCredentialsAreNotRetried() {
        gitops.revertFails = () -> UnreachableException.unauthorized("https://git.example.com/config.git", "HTTP 401");

        RollbackResult r = rollBack();

        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(r.attempts()).isEqualTo(1);
    }

    @Test
    void aPauseThatFailsStopsTheRollbackBeforeTheClusterIsTouched() {
        gitops.pauseFails = true;

        RollbackResult r = rollBack();

        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(world.log).noneMatch(l -> l.startsWith("deploy"));
        assertThat(world.running).containsEntry("checkout", "2.4.0");
        assertThat(entry(r, "GITOPS_SYNC_PAUSED").details()).containsEntry("app", APP).containsEntry("retryable", true);
    }

    @Test
    void aControllerThatNeverConvergesFailsTheCheckAfterItsTimeoutButTheRestOfThePlanRuns() {
        RollbackResult r = rollBack();

        ActionLogEntry converged = entry(r, "GITOPS_CONVERGED");
        assertThat(converged.status()).isEqualTo("failed");
        assertThat(converged.details().get("detail").toString()).contains("within 120s").contains("OutOfSync");
        assertThat(converged.details()).containsEntry("waited_sec", 120);
        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(world.log).contains("scaleDown checkout 2.4.0");
        assertThat(world.alerts).anyMatch(a -> a.title().contains("did not converge"));
    }

    @Test
    void aRevertThatWaitsInAPullRequestKeepsTheSyncPausedAndSaysWhy() {
        gitops.pullRequest = "https://github.com/acme/config/pull/7";

        RollbackResult r = rollBack();

        assertThat(world.log).doesNotContain("resume");
        ActionLogEntry resumed = entry(r, "GITOPS_SYNC_RESUMED");
        assertThat(resumed.status()).isEqualTo("skipped");
        assertThat(resumed.details().get("detail").toString()).contains("pull/7").contains("kept paused");
        assertThat(entry(r, "GITOPS_CONVERGED").status()).isEqualTo("skipped");
    }

    /** A controller and a repository in memory; the controller converges once the clock passes a set time. */
    static final class FakeGitOps implements SyncController, ConfigRepository {
        static final String COMMIT = "3f2c9a0b1d2e3f405162738495a6b7c8d9e0f1a2";
        private final List<String> log;
        boolean pauseFails;
        Supplier<RuntimeException> revertFails;
        String pullRequest;
        private java.time.Instant convergesAt;
        private ManualTimeSource clock;

        FakeGitOps(List<String> log) {
            this.log = log;
        }

        void convergesAfter(ManualTimeSource clock, Duration after) {
            this.clock = clock;
            this.convergesAt = clock.now().plus(after);
        }

        @Override
        public String app() {
            return APP;
        }

        @Override
        public Map<String, Object> pause() {
            log.add("pause");
            if (pauseFails) throw new ActionFailedException("Kubernetes refused to patch the Application: HTTP 409");
            return Map.of("automated", Map.of("prune", true, "selfHeal", true));
        }

        @Override
        public Map<String, Object> resume() {
            log.add("resume");
            return Map.of("restored", true);
        }

        @Override
        public SyncState state() {
            log.add("state");
            boolean done = clock != null && !clock.now().isBefore(convergesAt);
            return new SyncState(List.of(done ? COMMIT : "0000"), true, done, done, false, done ? "Synced/Healthy" : "OutOfSync/Healthy");
        }

        @Override
        public String describe() {
            return "https://git.example.com/config.git main:apps/checkout/kustomization.yaml";
        }

        @Override
        public GitRevert revert(String service, String from, String to) {
            log.add("revert " + service + " " + from + " -> " + to);
            if (revertFails != null) throw revertFails.get();
            return new GitRevert(COMMIT, pullRequest == null ? "main" : "rewind/rollback", "apps/checkout/kustomization.yaml", true,
                    from, to, pullRequest);
        }
    }
}
