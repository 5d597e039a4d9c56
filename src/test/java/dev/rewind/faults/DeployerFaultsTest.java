package dev.rewind.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.act.Actuators;
import dev.rewind.act.RollbackExecutor;
import dev.rewind.act.RollbackRequest;
import dev.rewind.model.Alert;
import dev.rewind.model.Phase;
import dev.rewind.model.Plan;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.model.Step;
import dev.rewind.model.StepAction;
import dev.rewind.store.JournalEntry;
import dev.rewind.store.RewindStore;
import dev.rewind.time.SystemTimeSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in the deployer: one that hangs after it applied the version (a Kubernetes API that took the change and never
 * answered), and one that fails halfway. The deployer here is in memory, since the fault is in how the engine treats
 * the call, not in a particular deployer; the hang is a real blocked thread, released only by an interrupt.
 */
class DeployerFaultsTest {
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(2);

    @TempDir Path dir;
    private final TwoVersionService shop = new TwoVersionService("v2", "v1");
    private final List<Alert> alerts = new CopyOnWriteArrayList<>();

    private RollbackResult rollBack(RewindStore store, int maxAttempts) {
        Plan plan = new Plan("revert", "rolling-update", 0, Duration.ofMinutes(5), List.of(new Phase("rollback", "back on v1", List.of(
                new Step("revert", "v1 deployed", new StepAction.Revert("shop", "v2", "v1"), STEP_TIMEOUT, Duration.ofSeconds(1), true),
                new Step("scale-down", "v2 to zero", new StepAction.ScaleDown("shop", "v2"), STEP_TIMEOUT, Duration.ofSeconds(1), true)))));
        Release release = new Release("shop", "prod", "v2", "v1", Instant.now(), List.of(), null, 100, null);
        return new RollbackExecutor(Actuators.none().withDeployer(shop).withNotifier(alerts::add), store.journal(), new SystemTimeSource(), maxAttempts)
                .execute(new RollbackRequest("rb-deploy", release, "v1", plan, null));
    }

    private static List<JournalEntry> rows(RewindStore store, String step) {
        return store.journal().entries("rb-deploy").stream().filter(e -> step.equals(e.stepId())).toList();
    }

    @Test
    void aDeployThatHangsIsInterruptedAtTheStepTimeoutAndTheRetryFindsTheVersionAlreadyRunning() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        shop.onDeploy = () -> {
            shop.onDeploy = () -> { }; // only the first deploy hangs
            try {
                new CountDownLatch(1).await(120, java.util.concurrent.TimeUnit.SECONDS); // hangs until interrupted (bounded, whatever happens): the API took the change and never answered
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        };

        try (RewindStore store = RewindStore.open(dir.resolve("rewind.db"))) {
            RollbackResult r = rollBack(store, 2);

            assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the hung deploy call was interrupted at the step's timeout").isTrue();
            assertThat(r.status()).as("journal: %s", store.journal().entries("rb-deploy")).isEqualTo(RollbackStatus.SUCCESS_UNVERIFIED);
            List<JournalEntry> revert = rows(store, "revert");
            assertThat(revert).extracting(JournalEntry::attempt, JournalEntry::state).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(1, "started"), org.assertj.core.groups.Tuple.tuple(1, "failed"),
                    org.assertj.core.groups.Tuple.tuple(2, "started"), org.assertj.core.groups.Tuple.tuple(2, "success"));
            assertThat(revert.get(1).detail()).startsWith("timed out after 2s");
            // attempt 2 asked the deployer first: v1 was running, so it was not deployed again
            assertThat(revert.get(3).detail()).startsWith("already done after it timed out in attempt 1: the deployer already runs v1");
            assertThat(shop.log).containsExactly("deploy v1", "scaleDown v2");
            assertThat(alerts).anySatisfy(a -> assertThat(a.title()).isEqualTo("Rollback attempt 1 failed; retrying"));
        }
    }

    @Test
    void aHealthWaitAsLongAsItsStepEndsWithItsOwnVerdictNotACutOff() throws Exception {
        // a plan file's await_healthy waits exactly its step's timeout: the cut-off must not pre-empt "not healthy",
        // which is a systemic issue to escalate, not a timeout to retry
        Duration wait = Duration.ofSeconds(1);
        Plan plan = new Plan("health", "rolling-update", 0, Duration.ofMinutes(5), List.of(new Phase("verify", "v1 healthy", List.of(
                new Step("await-healthy", "v1 healthy", new StepAction.AwaitHealthy("shop", "v1", wait), wait, wait, true)))));
        Release release = new Release("shop", "prod", "v2", "v1", Instant.now(), List.of(), null, 100, null);
        Actuators act = Actuators.none().withDeployer(shop).withNotifier(alerts::add)
                .withHealth((service, version) -> new dev.rewind.verify.HealthProbe.Health(false, "0/3 pods ready"));

        try (RewindStore store = RewindStore.open(dir.resolve("rewind.db"))) {
            RollbackResult r = new RollbackExecutor(act, store.journal(), new SystemTimeSource(), 2)
                    .execute(new RollbackRequest("rb-deploy", release, "v1", plan, null));

            assertThat(r.status()).isEqualTo(RollbackStatus.ESCALATED);
            assertThat(r.attempts()).as("a systemic issue is not retried").isEqualTo(1);
            assertThat(rows(store, "await-healthy")).extracting(JournalEntry::state).containsExactly("started", "failed");
            assertThat(rows(store, "await-healthy").get(1).detail()).startsWith("not healthy after 1s: 0/3 pods ready");
            assertThat(rows(store, "await-healthy").get(1).data()).doesNotContainKey("timed_out").containsEntry("systemic", true);
        }
    }

    @Test
    void aDeployThatFailsHalfwayIsJournaledRetriedAndTheFailureAlerted() throws Exception {
        shop.onDeploy = () -> {
            throw new java.io.IOException("connection reset by the API server after 2 of 4 pods were replaced");
        };

        try (RewindStore store = RewindStore.open(dir.resolve("rewind.db"))) {
            RollbackResult r = rollBack(store, 2);

            assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
            List<JournalEntry> revert = rows(store, "revert");
            assertThat(revert).extracting(JournalEntry::state).containsExactly("started", "failed", "started", "failed");
            assertThat(revert.get(1).detail()).contains("connection reset by the API server after 2 of 4 pods were replaced");
            assertThat(rows(store, "scale-down")).as("nothing runs after the halting step").isEmpty();
            assertThat(alerts).anySatisfy(a -> assertThat(a.title()).startsWith("Rollback failed"));
        }
    }
}
