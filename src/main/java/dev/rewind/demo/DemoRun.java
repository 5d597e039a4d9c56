package dev.rewind.demo;

import dev.rewind.act.Actuators;
import dev.rewind.act.PlanOptions;
import dev.rewind.act.Routes;
import dev.rewind.act.Strategy;
import dev.rewind.act.TcpReachabilityProbe;
import dev.rewind.console.StagePrinter;
import dev.rewind.console.StagePrinter.Mark;
import dev.rewind.config.ConfigLoader;
import dev.rewind.console.RollbackSummary;
import dev.rewind.controller.IncidentObservations;
import dev.rewind.controller.ReleaseWatcher;
import dev.rewind.detect.BaselineCalculator;
import dev.rewind.controller.RollbackCase;
import dev.rewind.controller.RollbackPipeline;
import dev.rewind.console.StageListener;
import dev.rewind.integrations.builtin.BuiltinFlagStore;
import dev.rewind.model.Baseline;
import dev.rewind.model.Change;
import dev.rewind.model.Decision;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Observations;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.SmokeTest;
import dev.rewind.observe.MetricScope;
import dev.rewind.report.LogNotifier;
import dev.rewind.store.RewindStore;
import dev.rewind.time.SystemTimeSource;
import dev.rewind.time.TimeSource;
import dev.rewind.verify.HttpSmokeTestRunner;
import dev.rewind.verify.MetricVerifier;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code rewind demo}: the whole job end to end on the embedded world. Baseline of 2.3.1, release of
 * 2.4.0 (its fault behind the new-checkout flag), watch, and, unless the scenario is healthy, an
 * automatic rollback with verification and a report. Real processes, real traffic, real measurements;
 * only the policy's windows are scaled ({@link DemoProfile}).
 */
public final class DemoRun {
    private static final int REQUESTS_PER_SECOND = 50;
    /** Enough for both versions' JIT (and the router's) to reach steady latency before users arrive. */
    static final int WARM_UP_REQUESTS = 1500;

    private final Fault fault;
    private final Path outDir;
    private final Path storePath;
    private final StagePrinter out;
    private final TimeSource time = new SystemTimeSource();

    public DemoRun(Fault fault, Path outDir, Path storePath, StagePrinter out) {
        this.fault = fault;
        this.outDir = outDir;
        this.storePath = storePath;
        this.out = out;
    }

    /** What the scenario expects to happen: the trigger that must fire, or none for a healthy release. */
    static String expectedTrigger(Fault fault) {
        return switch (fault) {
            case ERROR_SPIKE -> "error_rate";
            case LATENCY -> "latency";
            case MEMORY_LEAK -> "memory";
            case DB_CONNECTIONS -> "database";
            case NONE -> null;
        };
    }

    /** @return 0 when the run ended as the scenario expects, 1 otherwise */
    public int run() throws IOException {
        RollbackPolicy policy = DemoProfile.scale(ConfigLoader.defaults().policy());
        BuiltinFlagStore flags = new BuiltinFlagStore();
        flags.define(DemoEnvironment.FLAG, false);
        RewindStore store = RewindStore.open(storePath);
        out.title("⟲ Rewind demo: scenario " + fault.scenario());
        out.field("Service", DemoEnvironment.SERVICE + " (" + DemoEnvironment.ENVIRONMENT + ")");
        out.field("Release", DemoEnvironment.CANDIDATE + " replacing " + DemoEnvironment.STABLE + " (blue-green, flag " + DemoEnvironment.FLAG + ")");
        out.field("Time", DemoProfile.describe());
        out.field("Output", outDir.toAbsolutePath());
        try (DemoEnvironment env = new DemoEnvironment(fault, flags, time, outDir.resolve("logs"))) {
            startAndBaseline(env, policy);
            Release release = deploy(env, store);
            ReleaseWatcher watcher = new ReleaseWatcher(env.metrics(), policy, time);
            Baseline baseline = watcher.baseline(release);
            printBaseline(baseline, policy);
            ReleaseWatcher.Outcome outcome = watch(watcher, release, baseline, policy);
            String expected = expectedTrigger(fault);
            if (!(outcome.decision() instanceof Decision.Rollback)) {
                return finishWithoutRollback(store, release, outcome, expected);
            }
            return rollBack(env, store, policy, release, baseline, outcome, expected);
        }
    }

    private void startAndBaseline(DemoEnvironment env, RollbackPolicy policy) {
        out.stage("Start the embedded world");
        env.serve(DemoEnvironment.STABLE);
        // blue-green: the new version starts and warms up beside the old one before it takes any traffic
        env.supervisor().start(DemoEnvironment.CANDIDATE);
        int warmed = env.warmUp(DemoEnvironment.STABLE, WARM_UP_REQUESTS) + env.warmUp(DemoEnvironment.CANDIDATE, WARM_UP_REQUESTS);
        env.startLoad(REQUESTS_PER_SECOND, Duration.ofMinutes(3));
        out.line(Mark.OK, "shop " + DemoEnvironment.STABLE + " serving at " + env.supervisor().address(DemoEnvironment.STABLE) + " (its own JVM)");
        out.line(Mark.OK, "router at " + env.publicAddress() + ", 100% -> " + DemoEnvironment.STABLE);
        out.line(Mark.OK, DemoEnvironment.CANDIDATE + " started at " + env.supervisor().address(DemoEnvironment.CANDIDATE)
                + " (its own JVM); both versions warmed up with " + warmed / 2 + " requests each on the old code path; no user traffic on "
                + DemoEnvironment.CANDIDATE + " yet");
        out.line(Mark.OK, "load: " + REQUESTS_PER_SECOND + " requests/s; metrics scraped every 0.5 s; checks every " + StagePrinter.human(policy.checkInterval()));
        out.endStage();

        Duration steady = baselineWait(policy.baselineWindow());
        out.stage("Steady traffic on " + DemoEnvironment.STABLE);
        out.line(Mark.INFO, "users on " + DemoEnvironment.STABLE + " for " + StagePrinter.human(steady) + " (its baseline: the "
                + StagePrinter.human(policy.baselineWindow()) + " window, at least " + BaselineCalculator.DEFAULT_MIN_SAMPLES + " one-second samples)");
        time.pause(steady);
        out.endStage();
    }

    /**
     * How long 2.3.1 serves users before the switch: its baseline must hold only that steady, warm traffic. The
     * baseline reaches back past its window until it has {@link BaselineCalculator#DEFAULT_MIN_SAMPLES} samples (one
     * per second here), and the first second of load is partial, so the wait covers both, with a second to spare.
     */
    static Duration baselineWait(Duration baselineWindow) {
        Duration samples = DemoMetrics.RESOLUTION.multipliedBy(BaselineCalculator.DEFAULT_MIN_SAMPLES);
        return (baselineWindow.compareTo(samples) >= 0 ? baselineWindow : samples).plus(DemoMetrics.RESOLUTION.multipliedBy(2));
    }

    private void printBaseline(Baseline baseline, RollbackPolicy policy) {
        out.stage("Baseline of " + baseline.version());
        out.line(Mark.INFO, "the " + StagePrinter.human(policy.baselineWindow()) + " before the switch, from " + baseline.from() + " to " + baseline.to());
        baseline.means().forEach((metric, mean) -> out.line(Mark.OK, String.format(java.util.Locale.ROOT, "%-22s %10.2f", metric, mean)));
        out.endStage();
    }

    /** Starts 2.4.0 beside 2.3.1, warms it, turns its flag on and switches traffic: the release is "deployed" at the switch. */
    private Release deploy(DemoEnvironment env, RewindStore store) {
        String service = DemoEnvironment.SERVICE, environment = DemoEnvironment.ENVIRONMENT;
        out.stage("Release " + DemoEnvironment.CANDIDATE);
        Instant earlier = time.now().minusSeconds(3600);
        for (String v : List.of(DemoEnvironment.OLDER, DemoEnvironment.STABLE)) {
            store.releases().register(new Release(service, environment, v, null, earlier, List.of(), null, 100, null));
            store.releases().markStable(service, environment, v);
            earlier = earlier.plusSeconds(60);
        }
        env.supervisor().deploy(service, DemoEnvironment.CANDIDATE);
        Release release = new Release(service, environment, DemoEnvironment.CANDIDATE, DemoEnvironment.STABLE, time.now(), changes(), DemoEnvironment.FLAG, 100.0, null);
        env.flags().enable(DemoEnvironment.FLAG);
        out.line(Mark.OK, "flag " + DemoEnvironment.FLAG + " ON");
        env.router().setRoutes(Routes.allTo(release.version(), release.previousVersion()));
        release = new Release(service, environment, release.version(), release.previousVersion(), time.now(), release.changes(),
                release.featureFlag(), release.trafficPercent(), null);
        store.releases().register(release);
        out.line(Mark.OK, "traffic: 100% -> " + release.version() + " (" + release.previousVersion() + " kept warm for a switch back)");
        out.endStage();
        return release;
    }

    private ReleaseWatcher.Outcome watch(ReleaseWatcher watcher, Release release, Baseline baseline, RollbackPolicy policy) {
        out.stage("Watch " + release.version());
        Duration maxWatch = fault == Fault.NONE ? policy.baselineWindow().multipliedBy(3) : Duration.ofSeconds(45);
        out.line(Mark.INFO, policy.triggers().size() + " triggers, checked every " + StagePrinter.human(policy.checkInterval())
                + (fault == Fault.NONE ? "; a healthy release is watched for " + StagePrinter.human(maxWatch) : ""));
        Instant start = time.now();
        ReleaseWatcher.Outcome outcome = watcher.watch(release, baseline, maxWatch, check -> out.line(
                check.decision() instanceof Decision.KeepWatching ? Mark.OK : Mark.FAIL,
                "[" + StagePrinter.human(Duration.between(start, check.at())) + "] " + CheckLine.of(check.evaluations())));
        Decision d = outcome.decision();
        if (d instanceof Decision.KeepWatching) {
            out.line(Mark.OK, "no trigger fired in " + outcome.checks() + " checks");
        } else {
            d.findings().forEach(f -> out.line(Mark.FAIL, f.trigger() + ": " + f.reason() + " [" + f.severity().label() + "]"));
            out.line(Mark.WARN, "decision: " + d.code() + " — " + d.reason());
        }
        out.endStage();
        return outcome;
    }

    private int finishWithoutRollback(RewindStore store, Release release, ReleaseWatcher.Outcome outcome, String expected) {
        store.audit().append("rewind", "release.verified", release.service() + "/" + release.environment(),
                "version=" + release.version() + " decision=" + outcome.decision().code(), time.now());
        out.summary("Summary");
        out.field("Decision", outcome.decision().code() + " (" + outcome.decision().reason() + ")");
        out.field("Release", release.version() + " kept: it stays the current release");
        boolean asExpected = expected == null;
        out.verdict(asExpected, asExpected ? "Healthy release kept: no rollback." : "Expected trigger " + expected + " never fired.");
        return asExpected ? 0 : 1;
    }

    private int rollBack(DemoEnvironment env, RewindStore store, RollbackPolicy policy, Release release, Baseline baseline,
                         ReleaseWatcher.Outcome outcome, String expected) {
        Decision decision = outcome.decision();
        Actuators actuators = Actuators.none().withFlags(env.flags()).withRouter(env.router()).withDeployer(env.supervisor())
                .withHealth(env.healthProbe()).withSmokeTests(new HttpSmokeTestRunner())
                .withMetrics(new MetricVerifier(env.metrics(), time, policy.checkInterval()))
                .withNotifier(new LogNotifier()).withReachability(new TcpReachabilityProbe(Duration.ofSeconds(1)));
        PlanOptions options = new PlanOptions(null, ((Decision.Rollback) decision).immediate(), List.of(), smokeTests(env, release.previousVersion()), null, null);
        RollbackCase rollbackCase = new RollbackCase(release, Strategy.BLUE_GREEN, options, baseline, decision.findings(),
                decision.at(), decision.reason(), "rewind", outDir);
        RollbackPipeline pipeline = new RollbackPipeline(store, time, policy, actuators, new StageListener(out));
        ReleaseWatcher watcher = new ReleaseWatcher(env.metrics(), policy, time);
        RollbackPipeline.Done done = pipeline.run(rollbackCase,
                restoredAt -> IncidentObservations.around(env.metrics(), release, policy, watcher.watchedMetrics(), restoredAt, time.now()),
                () -> afterRollback(env, release, policy));
        RollbackSummary.print(out, done, release, true);
        if (expected != null) out.field("Scenario expects", "trigger " + expected);
        out.field("User requests", env.load().sent() + " sent through the router, " + env.load().failed() + " failed (5xx or no answer)");
        boolean asExpected = expected != null && done.succeeded() && done.result().metricsNormalized()
                && decision.findings().stream().anyMatch(f -> f.trigger().equals(expected));
        out.verdict(asExpected, asExpected ? "Rollback complete: " + release.service() + " back on " + done.result().revertedTo() + ", metrics at baseline."
                : "The run did not end as scenario " + fault.scenario() + " expects (trigger " + expected + ", a verified rollback).");
        return asExpected ? 0 : 1;
    }

    static List<SmokeTest> smokeTests(DemoEnvironment env, String expectedVersion) {
        String base = env.publicAddress().toString();
        return List.of(
                new SmokeTest("orders list", "GET", base + "/api/orders", Map.of(), null, 200, "\"orders\"", Duration.ofSeconds(3)),
                new SmokeTest("health through the router", "GET", base + "/health", Map.of(), null, 200,
                        "\"version\":\"" + expectedVersion + "\"", Duration.ofSeconds(3)));
    }

    private Map<String, Double> afterRollback(DemoEnvironment env, Release release, RollbackPolicy policy) {
        Instant now = time.now();
        Map<String, Double> after = new LinkedHashMap<>();
        for (String metric : new ReleaseWatcher(env.metrics(), policy, time).watchedMetrics()) {
            MetricSeries s = env.metrics().range(scope(release.previousVersion()), metric, now.minus(policy.checkInterval().multipliedBy(2)), now);
            s.samples().stream().mapToDouble(dev.rewind.model.Sample::value).average().ifPresent(v -> after.put(metric, v));
        }
        return after;
    }

    private static MetricScope scope(String version) {
        return new MetricScope(DemoEnvironment.SERVICE, DemoEnvironment.ENVIRONMENT, version);
    }

    /** What 2.4.0 changed: the diagnosis sets the firing metrics against these. */
    static List<Change> changes() {
        return List.of(
                new Change("commit", "a1b2c3d", "New checkout endpoint /api/v2/orders with order history query", List.of("endpoint", "query", "db", "latency")),
                new Change("commit", "d4e5f6a", "Response buffer cache for order pages", List.of("cache", "buffer", "memory")),
                new Change("commit", "b7c8d9e", "Pooled DB connections for the order history lookups", List.of("db", "pool", "connection")),
                new Change("commit", "f0a1b2c", "New error handling in the checkout handler", List.of("handler", "exception", "error")),
                new Change("flag", DemoEnvironment.FLAG, "Checkout v2 behind the new-checkout flag", List.of("flag")));
    }
}
