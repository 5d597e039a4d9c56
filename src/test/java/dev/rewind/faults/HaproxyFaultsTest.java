package dev.rewind.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.act.Actuators;
import dev.rewind.act.RollbackExecutor;
import dev.rewind.act.RollbackListener;
import dev.rewind.act.RollbackRequest;
import dev.rewind.act.Routes;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.integrations.haproxy.HaproxyRouter;
import dev.rewind.integrations.haproxy.RealHaproxy;
import dev.rewind.integrations.routing.ColourBackends;
import dev.rewind.integrations.routing.Traffic;
import dev.rewind.model.Alert;
import dev.rewind.model.Phase;
import dev.rewind.model.Plan;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.model.Severity;
import dev.rewind.model.Step;
import dev.rewind.model.StepAction;
import dev.rewind.store.JournalEntry;
import dev.rewind.store.RewindStore;
import dev.rewind.time.SystemTimeSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in the router: a real HAProxy 2.6 frozen with SIGSTOP in the middle of a rollback. Its admin socket still
 * accepts the connection (the kernel queues it) but never answers, the way a stalled load balancer looks. The router's
 * own socket timeout is set far above the step's timeout, so what ends the step is the step's deadline, not the call.
 */
class HaproxyFaultsTest {
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(2);
    private static final int SOCKET_TIMEOUT_SEC = 60;

    @TempDir Path dir;
    private ColourBackends backends;
    private RealHaproxy haproxy;
    private RewindStore store;
    private final List<Alert> alerts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        backends = new ColourBackends("blue", "green");
        haproxy = new RealHaproxy(dir, String.valueOf(backends.port("blue")), String.valueOf(backends.port("green")));
        store = RewindStore.open(dir.resolve("rewind.db"));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (haproxy != null) {
                try {
                    // a stopped process does not act on SIGTERM; one that died needs no resume
                    if (ProcessHandle.of(haproxy.pid()).map(ProcessHandle::isAlive).orElse(false)) Signals.resume(haproxy.pid());
                } finally {
                    haproxy.close();
                }
            }
        } finally {
            try {
                if (backends != null) backends.close();
            } finally {
                if (store != null) store.close();
            }
        }
    }

    private RollbackResult switchToGreen(int maxAttempts, RollbackListener listener) {
        HaproxyRouter router = HaproxyRouter.from(new IntegrationConfig("haproxy", Map.of("socket", haproxy.adminSocket.toString(),
                "backend", "be_app", "timeout_seconds", SOCKET_TIMEOUT_SEC), "rewind.yaml", 1, "environments.prod.router"));
        Step step = new Step("switch", "traffic blue -> green", new StepAction.SwitchTraffic("shop", "blue", "green"), STEP_TIMEOUT, Duration.ofSeconds(1), true);
        Plan plan = new Plan("switch-only", "blue-green", 0, Duration.ofMinutes(5), List.of(new Phase("traffic", "traffic on green", List.of(step))));
        Release release = new Release("shop", "prod", "blue", "green", Instant.now(), List.of(), null, 100, null);
        Actuators act = Actuators.none().withRouter(router).withNotifier(alerts::add);
        return new RollbackExecutor(act, store.journal(), new SystemTimeSource(), maxAttempts, listener)
                .execute(new RollbackRequest("rb-stall", release, "green", plan, null));
    }

    private List<JournalEntry> stepRows() {
        return store.journal().entries("rb-stall").stream().filter(e -> "switch".equals(e.stepId())).toList();
    }

    @Test
    void aFrozenHaproxyIsCutOffAtTheStepTimeoutAndTheFailedRollbackSaysSo() throws Exception {
        Signals.stop(haproxy.pid());

        RollbackResult r = switchToGreen(1, RollbackListener.NONE);

        assertThat(Signals.stopped(haproxy.pid())).as("the rollback ended while HAProxy was still frozen").isTrue();
        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        List<JournalEntry> rows = stepRows();
        assertThat(rows).extracting(JournalEntry::state).containsExactly("started", "failed");
        // the step's deadline ended it (2s), not the socket's own 60s timeout
        assertThat(rows.get(1).detail()).startsWith("timed out after 2s").doesNotContain("no progress within");
        assertThat(rows.get(1).data()).containsEntry("timed_out", true);
        assertThat(rows.get(1).begins()).isEqualTo(rows.get(0).seq());
        assertThat(alerts).anySatisfy(a -> {
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.title()).startsWith("Rollback failed");
            assertThat(a.body()).contains("timed out after 2s");
        });
        assertThat(store.journal().entries("rb-stall").getLast().action()).isEqualTo("ROLLBACK_FINISHED");
    }

    @Test
    void afterHaproxyWakesTheRetryAsksItWhereTrafficIsBeforeSwitchingAgain() throws Exception {
        Signals.stop(haproxy.pid());
        RollbackListener wakeOnRetry = new RollbackListener() {
            @Override
            public void attemptStarted(String rollbackId, int attempt, int maxAttempts) {
                if (attempt != 2) return;
                try {
                    Signals.resume(haproxy.pid());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };

        RollbackResult r = switchToGreen(2, wakeOnRetry);

        // done, but not verified: the plan has no metric verification step
        assertThat(r.status()).as("journal: %s", store.journal().entries("rb-stall")).isEqualTo(RollbackStatus.SUCCESS_UNVERIFIED);
        assertThat(r.attempts()).isEqualTo(2);
        List<JournalEntry> rows = stepRows();
        assertThat(rows).extracting(JournalEntry::attempt, JournalEntry::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "started"), org.assertj.core.groups.Tuple.tuple(1, "failed"),
                        org.assertj.core.groups.Tuple.tuple(2, "started"), org.assertj.core.groups.Tuple.tuple(2, "success"));
        assertThat(rows.get(1).detail()).startsWith("timed out after 2s");
        // attempt 2 asked HAProxy first: blue still had the traffic, so it switched
        assertThat((String) rows.get(3).data().get("resumed")).startsWith("run again: ");
        assertThat(alerts).anySatisfy(a -> {
            assertThat(a.title()).isEqualTo("Rollback attempt 1 failed; retrying");
            assertThat(a.body()).contains("timed out after 2s");
        });
        assertThat(Traffic.send(haproxy.frontendPort, 40)).isEqualTo(Map.of("green", 40));
    }
}
