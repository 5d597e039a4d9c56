package dev.rewind.act;

import static dev.rewind.act.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Batch;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.model.Step;
import dev.rewind.model.StepOutcome;
import dev.rewind.store.RewindStore;
import dev.rewind.time.ManualTimeSource;
import dev.rewind.verify.MetricVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchAndControlTest {
    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(T0);
    private final FakeWorld world = new FakeWorld()
            .running("orders", "1.1.0", "1.0.0").running("payments", "2.1.0", "2.0.0").running("checkout", "2.4.0", "2.3.1");

    private static Release release(String service, String version, String previous, int minute) {
        return new Release(service, "production", version, previous, T0.minusSeconds(3600 - 60L * minute), List.of(), null, 100, null);
    }

    private RollbackExecutor executor(RewindStore store, RollbackListener listener) {
        Actuators act = Actuators.none().withRouter(world).withDeployer(world).withHealth(world).withNotifier(world)
                .withMetrics(new MetricVerifier(Fixtures.metricsFollowing(world, world.log), time, Duration.ofSeconds(30)));
        return new RollbackExecutor(act, store.journal(), time, 2, listener);
    }

    private RollbackRequest request(Release r) {
        return request(r, Strategy.ROLLING_UPDATE);
    }

    private RollbackRequest request(Release r, Strategy strategy) {
        var plan = new RollbackPlanner(Fixtures.POLICY).plan(r, strategy, PlanOptions.defaults());
        return new RollbackRequest("b1/" + r.service(), r, null, plan, Fixtures.baseline(r.previousVersion()));
    }

    @Test
    void aBatchIsRolledBackWholeLastDeployFirstWithMetricsVerifiedAfterEachRelease() {
        RewindStore store = RewindStore.open(dir.resolve("r.db"));
        Batch batch = new Batch("b1", List.of(release("orders", "1.1.0", "1.0.0", 1),
                release("payments", "2.1.0", "2.0.0", 2), release("checkout", "2.4.0", "2.3.1", 3)));

        BatchRollbackResult r = executor(store, null).executeBatch(batch, this::request, new RollbackControl());

        assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS);
        assertThat(r.results()).extracting(RollbackResult::service).containsExactly("checkout", "payments", "orders");
        assertThat(world.log).containsSubsequence(
                "deploy checkout 2.3.1", "metrics checkout 2.3.1 error_rate",
                "deploy payments 2.0.0", "metrics payments 2.0.0 error_rate",
                "deploy orders 1.0.0", "metrics orders 1.0.0 error_rate");
        assertThat(world.running).containsEntry("orders", "1.0.0").containsEntry("payments", "2.0.0").containsEntry("checkout", "2.3.1");
        assertThat(store.journal().actionsLog("b1")).extracting(ActionLogEntry::status)
                .containsExactly("started", "success", "started", "success", "started", "success");
    }

    @Test
    void aBatchStopsAtAReleaseWhoseRollbackCannotCompleteAndNamesWhatWasLeft() {
        RewindStore store = RewindStore.open(dir.resolve("r.db"));
        world.onDeploy = () -> {
            if (world.log.getLast().equals("deploy payments 2.0.0")) world.deployFailures = 1;
        };
        Batch batch = new Batch("b1", List.of(release("orders", "1.1.0", "1.0.0", 1),
                release("payments", "2.1.0", "2.0.0", 2), release("checkout", "2.4.0", "2.3.1", 3)));

        BatchRollbackResult r = executor(store, null).executeBatch(batch, this::request, new RollbackControl());

        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(r.results()).extracting(RollbackResult::status).containsExactly(RollbackStatus.SUCCESS, RollbackStatus.FAILED);
        assertThat(r.notReached()).containsExactly("orders 1.1.0");
        assertThat(world.running).containsEntry("orders", "1.1.0");
    }

    @Test
    void aBatchStopsAtAnEscalatedReleaseAndReportsTheBatchEscalated() {
        RewindStore store = RewindStore.open(dir.resolve("r.db"));
        world.routes = dev.rewind.act.Routes.allTo("2.4.0", "2.3.1");
        world.healthy = (service, version) -> !(service.equals("payments") && version.equals("2.0.0"));
        Batch batch = new Batch("b1", List.of(release("orders", "1.1.0", "1.0.0", 1),
                release("payments", "2.1.0", "2.0.0", 2), release("checkout", "2.4.0", "2.3.1", 3)));

        BatchRollbackResult r = executor(store, null).executeBatch(batch, rel -> request(rel, Strategy.BLUE_GREEN), new RollbackControl());

        assertThat(r.status()).isEqualTo(RollbackStatus.ESCALATED);
        assertThat(r.results()).extracting(RollbackResult::service, RollbackResult::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("checkout", RollbackStatus.SUCCESS),
                org.assertj.core.groups.Tuple.tuple("payments", RollbackStatus.ESCALATED));
        assertThat(r.notReached()).containsExactly("orders 1.1.0");
        assertThat(world.running).containsEntry("payments", "2.1.0").containsEntry("orders", "1.1.0");
        assertThat(world.log).noneMatch(l -> l.startsWith("deploy payments") || l.startsWith("deploy orders"));
        assertThat(store.journal().actionsLog("b1")).extracting(ActionLogEntry::status)
                .containsExactly("started", "success", "started", "escalated", "skipped");
    }

    @Test
    void anAbortWhilePausedEndsTheRollbackWithoutResumingOrRunningAStep() {
        RewindStore store = RewindStore.open(dir.resolve("r.db"));
        RollbackControl control = new RollbackControl();
        control.pause();
        time.onAdvance(now -> {
            if (!now.isBefore(T0.plusSeconds(30))) control.abort("operator: wrong environment");
        });
        Release r = release("checkout", "2.4.0", "2.3.1", 3);

        RollbackResult result = executor(store, null).execute(request(r), control);

        assertThat(result.status()).isEqualTo(RollbackStatus.ABORTED);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.actionsLog()).extracting(ActionLogEntry::action).containsSubsequence("PAUSED", "ABORTED")
                .doesNotContain("RESUMED", "VALIDATION_GATES", "TRAFFIC_DRAINED", "REVERT");
        ActionLogEntry aborted = result.actionsLog().stream().filter(e -> e.action().equals("ABORTED")).findFirst().orElseThrow();
        assertThat(aborted.timestamp()).isEqualTo(T0.plusSeconds(30));
        assertThat(aborted.details()).containsEntry("detail", "operator: wrong environment");
        assertThat(world.log).isEmpty();
        assertThat(world.running).containsEntry("checkout", "2.4.0");
    }

    @Test
    void aPausedRollbackWaitsOnTheTimeSourceUntilResumedAndJournalsBoth() {
        RewindStore store = RewindStore.open(dir.resolve("r.db"));
        RollbackControl control = new RollbackControl();
        control.pause();
        time.onAdvance(now -> {
            if (!now.isBefore(T0.plusSeconds(45))) control.resume();
        });
        Release r = release("checkout", "2.4.0", "2.3.1", 3);

        RollbackResult result = executor(store, null).execute(request(r), control);

        assertThat(result.status()).isEqualTo(RollbackStatus.SUCCESS);
        List<ActionLogEntry> log = result.actionsLog();
        assertThat(log).extracting(ActionLogEntry::action).containsSubsequence("PAUSED", "RESUMED", "VALIDATION_GATES");
        ActionLogEntry resumed = log.stream().filter(e -> e.action().equals("RESUMED")).findFirst().orElseThrow();
        assertThat(resumed.timestamp()).isEqualTo(T0.plusSeconds(45));
    }

    @Test
    void anAbortBetweenStepsStopsTheRollbackAfterTheStepInFlightAndRetriesNothing() {
        RewindStore store = RewindStore.open(dir.resolve("r.db"));
        RollbackControl control = new RollbackControl();
        RollbackListener abortAfterDrain = new RollbackListener() {
            @Override
            public void stepFinished(dev.rewind.model.Phase phase, Step step, StepOutcome outcome, Duration took) {
                if (step.id().equals("drain-traffic")) control.abort("operator: wrong environment");
            }
        };
        Release r = release("checkout", "2.4.0", "2.3.1", 3);

        RollbackResult result = executor(store, abortAfterDrain).execute(request(r), control);

        assertThat(result.status()).isEqualTo(RollbackStatus.ABORTED);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.actionsLog()).extracting(ActionLogEntry::action).contains("TRAFFIC_DRAINED", "ABORTED").doesNotContain("REVERT");
        assertThat(world.running).containsEntry("checkout", "2.4.0");
    }

    @Test
    void theListenerSeesEveryPhaseWithItsDurationOnTheTimeSource() {
        RewindStore store = RewindStore.open(dir.resolve("r.db"));
        List<String> seen = new java.util.ArrayList<>();
        RollbackListener listener = new RollbackListener() {
            @Override
            public void phaseFinished(dev.rewind.model.Phase phase, Duration took, boolean ok) {
                seen.add(phase.name() + " " + took.toSeconds() + "s " + (ok ? "ok" : "failed"));
            }
        };
        Release r = release("checkout", "2.4.0", "2.3.1", 3);

        executor(store, listener).execute(request(r), new RollbackControl());

        assertThat(seen).containsExactly("Validation gates 0s ok", "Traffic 0s ok", "Revert 0s ok", "Verify 120s ok", "Resume 0s ok", "Cleanup 0s ok");
    }

    @Test
    void aPauseAskedForWhileAStepRunsIsPausingUntilThatStepIsJournaledThenPaused() {
        RewindStore store = RewindStore.open(dir.resolve("r.db"));
        RollbackControl control = new RollbackControl();
        List<String> states = new java.util.ArrayList<>();
        world.onDeploy = () -> {
            control.pause();
            states.add("during deploy: " + control.state() + ", REVERT journaled: " + journaled(store, "REVERT"));
        };
        RollbackListener listener = new RollbackListener() {
            @Override
            public void held(boolean paused) {
                states.add("held=" + paused + ": " + control.state() + ", REVERT journaled: " + journaled(store, "REVERT"));
            }
        };
        time.onAdvance(now -> {
            if (control.state().equals("paused") && states.size() == 2) {
                states.add("while held: " + control.state());
                control.resume();
            }
        });
        Release r = release("checkout", "2.4.0", "2.3.1", 3);

        RollbackResult result = executor(store, listener).execute(request(r), control);

        assertThat(states).containsExactly(
                "during deploy: pausing, REVERT journaled: false",
                "held=true: paused, REVERT journaled: true",
                "while held: paused",
                "held=false: running, REVERT journaled: true");
        assertThat(result.status()).isEqualTo(RollbackStatus.SUCCESS);
        assertThat(result.actionsLog()).extracting(ActionLogEntry::action).containsSubsequence("REVERT", "PAUSED", "RESUMED");
    }

    private static boolean journaled(RewindStore store, String action) {
        return store.journal().actionsLog("b1/checkout").stream().anyMatch(e -> e.action().equals(action) && !e.status().equals("started")
                && !e.status().equals(dev.rewind.store.RollbackJournal.INTERRUPTED));
    }
}
