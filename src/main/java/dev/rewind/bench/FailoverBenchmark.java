package dev.rewind.bench;

import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackRecord;
import dev.rewind.time.TimeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One failover run: blue serves (the baseline), the deploy switches HAProxy to green, the watcher starts
 * (Rewind as a child process, or the alert rule that is always there), green stays healthy a while, then
 * fails a share of requests. The run ends when traffic is back on blue (or at the time limit), and the
 * recorder's shots give the figures. Everything it starts is stopped before it returns.
 */
public final class FailoverBenchmark {
    private static final Duration FULL_RATE_WAIT = Duration.ofSeconds(60);
    /** A rate window that holds only full traffic reads the sent rate, less what scrape timing rounds off. */
    private static final double FULL_RATE_SHARE = 0.9;

    /** How Rewind watches the release: a {@code rewind watch} started at the deploy, or a running {@code rewind serve} told of it. */
    public enum Mode { WATCH, SERVE }

    /** What one run does; {@code alertSettings} null means Rewind is the pipeline, watching as {@code mode} says. */
    public record Scenario(int rps, double failureRate, Duration scrape, Duration baseline, Duration healthy,
                           AlertPipeline.Settings alertSettings, Duration limitAfterFault, Mode mode) {
        public Scenario(int rps, double failureRate, Duration scrape, Duration baseline, Duration healthy,
                        AlertPipeline.Settings alertSettings, Duration limitAfterFault) {
            this(rps, failureRate, scrape, baseline, healthy, alertSettings, limitAfterFault, Mode.WATCH);
        }

        public String pipeline() {
            return alertSettings == null ? (mode == Mode.SERVE ? "rewind-serve" : "rewind")
                    : alertSettings == AlertPipeline.Settings.TUNED ? "alertmanager-tuned"
                    : "alertmanager-" + alertSettings.rateWindow() + "-" + alertSettings.holdFor() + "-" + alertSettings.groupWait();
        }
    }

    /** A run's figures and where its files (logs, configs, Rewind's store) are. */
    public record Outcome(FailoverRun run, Path dir, String watchOutput, List<RollbackRecord> rollbacks) {
    }

    private final Scenario scenario;
    private final RewindChild.Launcher launcher;
    private final String exampleConfig;
    private final TimeSource time;
    private final Consumer<String> progress;

    public FailoverBenchmark(Scenario scenario, RewindChild.Launcher launcher, String exampleConfig, TimeSource time, Consumer<String> progress) {
        this.scenario = scenario;
        this.launcher = launcher;
        this.exampleConfig = exampleConfig;
        this.time = time;
        this.progress = progress;
    }

    public Outcome run() throws IOException, InterruptedException {
        // short path: HAProxy's admin socket must fit a Unix socket name (108 bytes)
        Path dir = Files.createTempDirectory("rw-failover-");
        AtomicReference<BlueGreenStack> stackRef = new AtomicReference<>();
        AlertPipeline alerts = scenario.alertSettings() == null ? null
                : new AlertPipeline(dir, scenario.alertSettings(), body -> stackRef.get().switchTo("blue", "green"));
        try (alerts; BlueGreenStack stack = new BlueGreenStack(dir, scenario.scrape(),
                alerts == null ? null : AlertPipeline.alertRules(scenario.alertSettings()), alerts == null ? null : alerts.alertmanagerAddress())) {
            stackRef.set(stack);
            Duration total = scenario.baseline().plus(scenario.healthy()).plus(scenario.limitAfterFault()).plusSeconds(30);
            String config = RewindChild.config(exampleConfig, stack.prometheus().toString(), stack.adminSocket());
            try (TrafficRecorder recorder = new TrafficRecorder(stack.frontend(), scenario.rps(), total);
                 ServeChild server = alerts == null && scenario.mode() == Mode.SERVE ? ServeChild.start(launcher, dir, config, time) : null) {
                awaitFullRateInPrometheus(stack);
                progress.accept("blue serves for " + scenario.baseline().toSeconds() + " s (baseline)"
                        + (server == null ? "" : "; rewind serve is up"));
                time.pause(scenario.baseline());
                Instant deployedAt = Instant.now();
                stack.deployGreen();
                if (server != null) server.register("green", "blue", deployedAt);
                RewindChild rewind = alerts != null || server != null ? null : RewindChild.watch(launcher, dir, config, deployedAt);
                try {
                    progress.accept("deployed green; healthy for " + scenario.healthy().toSeconds() + " s");
                    time.pause(scenario.healthy());
                    if (rewind != null && !rewind.isAlive()) {
                        throw new IllegalStateException("rewind watch ended before the fault:\n" + rewind.output());
                    }
                    if (server != null && !server.isAlive()) {
                        throw new IllegalStateException("rewind serve ended before the fault:\n" + server.output());
                    }
                    long faultNanos = System.nanoTime();
                    Instant faultAt = Instant.now();
                    stack.green().failureRate(scenario.failureRate());
                    progress.accept("fault: green fails " + Math.round(scenario.failureRate() * 100) + "% of requests");
                    awaitRollback(rewind, server, alerts, faultNanos);
                    time.pause(Duration.ofSeconds(2)); // answers to requests sent just before the switch arrive
                    Integer exit = rewind != null ? Integer.valueOf(rewind.awaitExit(60)) : server != null ? serveExit(server) : null;
                    Path store = rewind != null ? rewind.store() : server != null ? server.store() : null;
                    List<RollbackRecord> rollbacks = store == null ? List.of() : readRollbacks(store);
                    Instant decidedAt = store == null || rollbacks.isEmpty() ? null : decidedAt(store, rollbacks.getFirst());
                    double detected = alerts != null ? seconds(alerts.rolledBackAtNanos(), faultNanos)
                            : decidedAt == null ? Double.NaN : Duration.between(faultAt, decidedAt).toMillis() / 1000.0;
                    FailoverRun run = FailoverRun.measure(scenario.pipeline(), recorder.shots(), faultNanos, detected, exit);
                    return new Outcome(run, dir, rewind != null ? rewind.output() : server != null ? server.output() : "", rollbacks);
                } finally {
                    if (rewind != null) rewind.close();
                }
            }
        }
    }

    /**
     * Until Prometheus reads blue's full request rate over the example's 5 s rate window. Only then does the baseline
     * period start: the watch's baseline is blue's last {@code baseline_window} before the deploy, and verification
     * compares the restored request rate with it, so it must not reach back to where the rate was still ramping up
     * (Prometheus starts, scrapes and fills its rate window at its own pace, slower on a loaded machine).
     */
    private void awaitFullRateInPrometheus(BlueGreenStack stack) {
        var prometheus = new dev.rewind.integrations.prometheus.PrometheusMetricSource(
                dev.rewind.integrations.prometheus.PrometheusSettings.of(stack.prometheus()));
        String promql = "sum(rate(http_requests_total{version=\"blue\"}[5s]))";
        Instant deadline = time.now().plus(FULL_RATE_WAIT);
        String last = "no answer yet";
        while (true) {
            try {
                var rate = prometheus.instantQuery(promql, time.now()).series().samples();
                if (!rate.isEmpty() && rate.getLast().value() >= FULL_RATE_SHARE * scenario.rps()) return;
                last = rate.isEmpty() ? "no data" : rate.getLast().value() + " requests/s";
            } catch (dev.rewind.model.UnreachableException notReady) {
                last = notReady.getMessage(); // listening is not ready: a starting Prometheus answers 503 while it opens its TSDB
            }
            if (!time.now().isBefore(deadline)) {
                throw new IllegalStateException("Prometheus did not read blue's " + scenario.rps() + " requests/s within "
                        + FULL_RATE_WAIT.toSeconds() + " s (last: " + last + "); see " + stack.dir());
            }
            time.pause(Duration.ofMillis(250));
        }
    }

    /** Until traffic left green (Rewind's watch ended, serve's rollback finished, or the webhook ran the script) or the limit passed. */
    private void awaitRollback(RewindChild rewind, ServeChild server, AlertPipeline alerts, long faultNanos) {
        long limit = faultNanos + scenario.limitAfterFault().toNanos();
        while (System.nanoTime() < limit) {
            if (rewind != null && !rewind.isAlive()) return;
            if (server != null && (!server.isAlive() || server.finishedRollback().isPresent())) return;
            if (alerts != null && alerts.rolledBackAtNanos() != 0) return;
            time.pause(Duration.ofMillis(100));
        }
        progress.accept("no rollback within " + scenario.limitAfterFault().toSeconds() + " s of the fault");
    }

    /**
     * Serve does not exit after a rollback: it stands for watch's exit code with the same meaning, 0 when its rollback
     * ended {@code success} (rolled back and verified), 1 otherwise. It is stopped (SIGTERM) first, so the store is closed.
     */
    private static Integer serveExit(ServeChild server) {
        var rollback = server.finishedRollback();
        server.close();
        return rollback.isPresent() && "success".equals(rollback.get().path("status").asString()) ? 0 : 1;
    }

    private static List<RollbackRecord> readRollbacks(Path store) {
        try (RewindStore s = RewindStore.open(store.toString())) {
            return s.history().list(10);
        }
    }

    /**
     * When the check that decided the rollback ran (the case's {@code detected_at}, kept for resuming it); the rollback's
     * start is later by the incident, the lease and the first journal rows. Its start when the case is not there.
     */
    private static Instant decidedAt(Path store, RollbackRecord rollback) {
        try (RewindStore s = RewindStore.open(store.toString())) {
            Object at = s.history().resumeState(rollback.id()).get("detected_at");
            return at == null ? rollback.startedAt() : Instant.parse(at.toString());
        }
    }

    private static double seconds(long atNanos, long faultNanos) {
        return atNanos == 0 ? Double.NaN : (atNanos - faultNanos) / 1e9;
    }
}
