package dev.rewind.cli;

import dev.rewind.console.StagePrinter;
import dev.rewind.console.RollbackSummary;
import dev.rewind.wiring.Integrations;
import dev.rewind.wiring.EnvironmentWiring;
import dev.rewind.act.PlanOptions;
import dev.rewind.console.StagePrinter.Mark;
import dev.rewind.config.ConfigLoader;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.config.RewindConfig;
import dev.rewind.controller.BlindAlerts;
import dev.rewind.controller.IncidentObservations;
import dev.rewind.controller.ReleaseWatcher;
import dev.rewind.controller.RollbackCase;
import dev.rewind.controller.RollbackPipeline;
import dev.rewind.console.StageListener;
import dev.rewind.demo.DemoStandIn;
import dev.rewind.model.BadInputException;
import dev.rewind.model.Baseline;
import dev.rewind.model.Decision;
import dev.rewind.model.Finding;
import dev.rewind.model.TriggerStatus;
import dev.rewind.integrations.alertmanager.AlertmanagerReceiver;
import java.util.concurrent.ConcurrentLinkedQueue;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.observe.MetricSource;
import dev.rewind.observe.trace.TraceReader;
import dev.rewind.console.DeliverySummary;
import dev.rewind.controller.JournalDeliveryLog;
import dev.rewind.model.Alert;
import dev.rewind.model.AlertEvent;
import dev.rewind.model.Severity;
import dev.rewind.report.CompositeNotifier;
import dev.rewind.report.LogNotifier;
import dev.rewind.report.notify.NotificationDispatcher;
import dev.rewind.report.notify.Subscription;
import dev.rewind.wiring.Notifications;
import dev.rewind.wiring.PlanPointOfNoReturn;
import dev.rewind.store.RewindStore;
import dev.rewind.time.SystemTimeSource;
import dev.rewind.time.TimeSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The live controller for one release: baseline of the previous version, checks every check_interval,
 * and on a rollback decision the same journaled rollback as {@code rewind rollback}. With
 * {@code enabled: false} it reports what it would have done and changes nothing.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Watch a live release of a configured environment; roll it back when a trigger says so.",
                "Exit 0: the release stayed healthy, or was rolled back and verified; 1: a rollback failed;",
                "3: the metric source stayed unreadable for monitoring.blind_limit_seconds (default 300; failed reads are retried,",
                "   and checks go on blind until then, never rolling back on missing data alone);",
                "4: rolled back, but the recovery could not be verified (blind)."})
public final class WatchCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE") Path config;
    @Option(names = "--environment", required = true, paramLabel = "ENV") String environment;
    @Option(names = "--release", required = true, paramLabel = "VERSION", description = "the version just deployed") String version;
    @Option(names = "--previous", paramLabel = "VERSION", description = "the last good version (default: the store's last stable)") String previous;
    @Option(names = "--deployed-at", paramLabel = "TIME", description = "ISO-8601 or epoch seconds (default: now)") String deployedAt;
    @Option(names = "--for", defaultValue = "PT1H", paramLabel = "DURATION", description = "how long to watch, ISO-8601 (default: ${DEFAULT-VALUE})") Duration maxWatch;
    @Option(names = "--out", defaultValue = "rewind-out", paramLabel = "DIR") Path outDir;
    @Option(names = "--traffic-percent", defaultValue = "100", paramLabel = "PERCENT",
            description = {"share of traffic the release serves (default: ${DEFAULT-VALUE}). Below 100 it is a canary: the previous version serves",
                    "beside it, and its counts over the same time are the sequential tests' control"}) double trafficPercent;
    @picocli.CommandLine.Mixin
    StoreOption storeOption = new StoreOption();
    @Option(names = "--notify", arity = "1", defaultValue = "true", paramLabel = "BOOL",
            description = "send alerts to the configured notification channels (default: true)") boolean notifyPeople;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private Map<String, dev.rewind.act.Actuators> regions = Map.of();

    /** The longest --for: a watch is about one release, not a standing monitor. */
    static final Duration LONGEST_WATCH = Duration.ofDays(30);

    /**
     * A quiet release prints nothing per check; anything pending, firing or without data gets a line, and so does every
     * check that could not read the metrics (blind), and the first one that could again.
     */
    private static final class CheckPrinter implements ReleaseWatcher.Listener {
        private final StagePrinter out;
        private final Instant start;
        private final BlindAlerts.Teller teller;
        private Instant blindSince;

        CheckPrinter(StagePrinter out, Instant start, BlindAlerts.Teller teller) {
            this.out = out;
            this.start = start;
            this.teller = teller;
        }

        @Override
        public void onCheck(ReleaseWatcher.Check check) {
            String at = "[" + StagePrinter.human(Duration.between(start, check.at())) + "] ";
            teller.onCheck(check); // people are told once per blind stretch: nobody is looking while it lasts
            if (check.blind() != null) {
                blindSince = check.blind().since();
                out.line(Mark.FAIL, at + blindLine(check.blind()) + "; missing data never rolls back): " + check.blind().error());
            } else if (blindSince != null) {
                out.line(Mark.OK, at + "metrics readable again after " + StagePrinter.human(Duration.between(blindSince, check.at())) + " blind");
                blindSince = null;
            }
            List<String> notable = check.evaluations().stream().filter(e -> e.status() != TriggerStatus.HEALTHY)
                    .map(e -> e.trigger().name() + " " + e.status().name().toLowerCase(java.util.Locale.ROOT) + ": " + e.reason()).toList();
            boolean acts = !(check.decision() instanceof Decision.KeepWatching);
            if (notable.isEmpty() && !acts) return;
            out.line(acts ? Mark.FAIL : Mark.INFO, at + String.join(" | ", notable));
        }
    }

    /** "BLIND: metrics unreadable for 3.5s (gives up after 5m 0s", the first time without the "for". */
    private static String blindLine(ReleaseWatcher.Blind b) {
        return "BLIND: metrics unreadable" + (b.blindFor().toSeconds() < 1 ? "" : " for " + StagePrinter.human(b.blindFor()))
                + " (gives up after " + StagePrinter.human(b.limit());
    }

    private static String blindSummary(ReleaseWatcher.BlindTime b) {
        return "blind for " + StagePrinter.human(b.total()) + " in all (" + b.checks() + " unreadable check(s), " + b.retries() + " failed read(s) retried)";
    }

    private static List<Finding> drain(ConcurrentLinkedQueue<Finding> queue) {
        List<Finding> out = new java.util.ArrayList<>();
        for (Finding f; (f = queue.poll()) != null; ) out.add(f);
        return out;
    }

    /** Semi-automatic triggers fired: people decide, so they are told (the incident is the release: no rollback id yet). */
    static Alert approvalAlert(EnvironmentConfig env, Release release, Decision.AwaitApproval a) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("service", env.service());
        fields.put("environment", env.name());
        fields.put("from_version", release.version());
        fields.put("to_version", release.previousVersion());
        if (!a.findings().isEmpty()) fields.put("trigger", a.findings().getFirst().trigger());
        return new Alert(Severity.HIGH, "Rollback awaiting approval: " + env.service() + " " + release.version() + " in " + env.name(),
                a.reason() + ". To roll back: bin/rewind rollback --environment " + env.name() + " --to " + release.previousVersion() + " --reason \"...\"",
                a.at(), AlertEvent.AWAITING_APPROVAL.on(fields));
    }

    @Override
    public Integer call() throws Exception {
        // a negative or huge --for would end the watch at once, or overflow the deadline (a DateTimeException, exit 1)
        if (maxWatch.compareTo(Duration.ofSeconds(1)) < 0 || maxWatch.compareTo(LONGEST_WATCH) > 0) {
            throw new BadInputException("--for", 0, null, "expected a duration from PT1S to " + LONGEST_WATCH + " (30 days), found " + maxWatch);
        }
        if (!(trafficPercent > 0 && trafficPercent <= 100)) {
            throw new BadInputException("--traffic-percent", 0, null, "expected a share of traffic above 0 and at most 100, found " + trafficPercent);
        }
        dev.rewind.model.VersionName.require(version, "--release", 0, "release");
        if (previous != null) dev.rewind.model.VersionName.require(previous, "--previous", 0, "previous");
        RewindConfig cfg = ConfigLoader.load(config);
        EnvironmentConfig env = EnvironmentWiring.find(cfg, environment);
        TimeSource time = new SystemTimeSource();
        StagePrinter out = StagePrinter.forConsole(spec.commandLine().getOut());
        Integrations integrations = new Integrations(time, DemoStandIn::unavailable);
        EnvironmentWiring wiring = EnvironmentWiring.build(cfg, env, cfg.policy(), integrations, time, new LogNotifier(), null);
        // a plan's regions roll back through other environments: built and checked now, before anything is watched
        regions = EnvironmentWiring.regions(cfg, env, cfg.policy(), integrations, time, new LogNotifier());
        // channels are built (secrets resolved, URLs checked) before anything is read or changed
        List<Subscription> channels = notifyPeople ? Notifications.channels(cfg, time.clock()) : List.of();
        RollbackPolicy policy = wiring.policy();
        RewindStore store = storeOption.open(spec.commandLine().getErr());
        try (Notifications notifications = channels.isEmpty() ? (notifyPeople ? Notifications.off(cfg) : Notifications.off())
                : Notifications.start(cfg, channels, new JournalDeliveryLog(store.journal()), time.clock())) {
            notifications.notes().forEach(note -> out.line(Mark.WARN, note));
            int exit = watch(cfg, env, wiring, policy, store, time, out, notifications);
            if (notifications.channelCount() > 0) {
                boolean allDone = notifications.close(NotificationDispatcher.DEFAULT_CLOSE_BOUND);
                DeliverySummary.print(out, notifications.records(), allDone);
            }
            return exit;
        }
    }

    private int watch(RewindConfig cfg, EnvironmentConfig env, EnvironmentWiring wiring, RollbackPolicy policy, RewindStore store,
                      TimeSource time, StagePrinter out, Notifications notifications) throws Exception {
        MetricSource metrics = wiring.metrics().orElseThrow(() -> new BadInputException(config.toString(), 0,
                "environments." + env.name() + ".metrics", "watching needs a metric source: add a metrics: block (type: prometheus)"));
        String prev = previous != null ? previous : store.releases().lastStable(env.service(), env.name()).map(r -> r.version())
                .orElseThrow(() -> new BadInputException("--previous", 0, "previous", "no stable release of " + env.service() + " is in the store; name it with --previous"));
        Instant deployed = deployedAt == null ? time.now() : TraceReader.parseTime("--deployed-at", deployedAt);
        Release registered = new Release(env.service(), env.name(), version, prev, deployed, List.of(), env.featureFlag(), trafficPercent, null);
        if (store.releases().list(env.service(), env.name()).stream().noneMatch(r -> r.version().equals(prev))) {
            // --previous named a version this store never saw (a first watch): record it, so a rollback can make it current again
            store.releases().register(new Release(env.service(), env.name(), prev, null, deployed.minusSeconds(1), List.of(), null, 100, null));
        }
        // seed 004: the plan's point of no return, read from the migrations applied; past it, the decision is fix_forward
        PlanPointOfNoReturn ponr = PlanPointOfNoReturn.measure(env, wiring.actuators(), registered);
        Release release = ponr.release();
        store.releases().register(release);

        out.title("⟲ Watching " + env.service() + " " + version + " in " + env.name() + (policy.enabled() ? "" : " (enabled: false: report only)"));
        wiring.check().notes().forEach(note -> out.line(Mark.WARN, note));
        if (ponr.found() != null) out.line(ponr.past() ? Mark.WARN : Mark.INFO, "point of no return: " + ponr.found().why());
        ReleaseWatcher watcher = new ReleaseWatcher(metrics, policy, time);
        out.stage("Baseline of " + prev);
        Baseline baseline = watcher.awaitBaseline(release, blind -> out.line(Mark.FAIL, blindLine(blind) + "): " + blind.error()));
        if (baseline.metrics().isEmpty()) out.line(Mark.WARN, "no samples of " + prev + " before the deploy: relative triggers have no baseline (absolute ones still work)");
        baseline.means().forEach((m, v) -> out.line(Mark.OK, String.format(java.util.Locale.ROOT, "%-22s %12.4f", m, v)));
        out.endStage();

        out.stage("Watch " + version);
        Instant start = time.now();
        ConcurrentLinkedQueue<Finding> alerts = new ConcurrentLinkedQueue<>();
        AlertmanagerReceiver receiver = cfg.alertmanager() == null ? null : AlertmanagerReceiver.start(cfg.alertmanager(), batch -> {
            // only alerts about this release's service and environment are findings for it
            if (batch.service().equals(env.service()) && batch.environment().equals(env.name())) alerts.addAll(batch.findings());
        });
        if (receiver != null) out.line(Mark.INFO, "Alertmanager webhook receiver at " + receiver.url() + ": firing alerts for " + env.service() + "/" + env.name() + " count as findings");
        ReleaseWatcher.Outcome outcome;
        try {
            outcome = watcher.watch(release, baseline, maxWatch, new CheckPrinter(out, start, new BlindAlerts.Teller(release, notifications::notify)), () -> drain(alerts));
        } finally {
            if (receiver != null) receiver.close();
        }
        Decision d = outcome.decision();
        ReleaseWatcher.BlindTime blind = outcome.blind();
        if (blind.gaveUp()) {
            out.line(Mark.FAIL, "gave up: " + blindSummary(blind));
            out.endStage();
            store.audit().append("rewind", "watch.blind_limit", env.service() + "/" + env.name(), "version=" + version + " " + blindSummary(blind)
                    + "; last error: " + blind.lastError());
            notifications.notify(BlindAlerts.gaveUp(env.service(), env.name(), version, blindSummary(blind), blind.lastError(), time.now()));
            out.verdict(false, "Watch of " + version + " given up: " + d.reason());
            spec.commandLine().getErr().println("rewind: " + d.reason());
            return 3;
        }
        out.line(d instanceof Decision.KeepWatching ? Mark.OK : Mark.WARN, "decision: " + d.code() + " (" + d.reason() + ") after " + outcome.checks() + " checks");
        if (blind.any()) out.line(Mark.WARN, blindSummary(blind) + (blind.endedBlind() ? "; still blind when the watch ended" : ""));
        else if (blind.retries() > 0) out.line(Mark.INFO, blind.retries() + " failed metric read(s) retried");
        out.endStage();

        return switch (d) {
            case Decision.KeepWatching k when blind.any() -> {
                store.audit().append("rewind", "release.verified", env.service() + "/" + env.name(), "version=" + version + " no problem seen in "
                        + maxWatch + ", " + blindSummary(blind));
                out.verdict(true, version + " showed no problem in " + StagePrinter.human(maxWatch) + " of watching, but the metrics were unreadable for "
                        + StagePrinter.human(blind.total()) + " of it: kept as the current release; check that stretch by hand.");
                yield 0;
            }
            case Decision.KeepWatching k -> {
                store.audit().append("rewind", "release.verified", env.service() + "/" + env.name(), "version=" + version + " healthy for " + maxWatch);
                out.verdict(true, version + " stayed healthy for " + StagePrinter.human(maxWatch) + ": kept as the current release.");
                yield 0;
            }
            case Decision.AwaitApproval a -> {
                store.audit().append("rewind", "rollback.approval_requested", env.service() + "/" + env.name(), a.reason());
                notifications.notify(approvalAlert(env, release, a));
                out.verdict(true, "Approval required: run bin/rewind rollback --environment " + env.name() + " --to " + prev + " --reason \"...\" to roll back.");
                yield 0;
            }
            case Decision.FixForward f -> {
                store.audit().append("rewind", "release.fix_forward", env.service() + "/" + env.name(), f.reason()
                        + (ponr.past() ? "; " + ponr.found().why() : ""));
                if (ponr.past()) out.line(Mark.WARN, ponr.found().why());
                PlanPointOfNoReturn.alternatives(env).forEach(a -> out.line(Mark.ACT, "fix forward: " + a));
                out.verdict(true, "Past the point of no return: fix forward (" + f.reason() + ").");
                yield 0;
            }
            case Decision.Rollback r when !policy.enabled() -> {
                store.audit().append("rewind", "rollback.suppressed", env.service() + "/" + env.name(), "enabled: false; would have rolled back: " + r.reason());
                out.verdict(true, "enabled: false: would have rolled " + version + " back to " + prev + " (" + r.reason() + "); nothing was changed.");
                yield 0;
            }
            case Decision.Rollback r -> {
                PlanOptions options = EnvironmentWiring.options(env, new PlanOptions(prev, r.immediate(), env.dependencies(), env.smokeTests(), null, null));
                RollbackCase rollbackCase = new RollbackCase(release, wiring.strategy(), options, baseline, r.findings(), r.at(), r.reason(), "rewind", outDir);
                Map<String, dev.rewind.act.Actuators> byRegion = regions;
                RollbackPipeline.Done done = new RollbackPipeline(store, time, policy,
                        wiring.actuators().withNotifier(new CompositeNotifier(new LogNotifier(), notifications)), new StageListener(out))
                        .withRegions(byRegion::get).run(rollbackCase,
                        restoredAt -> IncidentObservations.around(metrics, release, policy, watcher.watchedMetrics(), restoredAt, time.now()), Map::of);
                RollbackSummary.print(out, done, release, true);
                RollbackSummary.verdict(out, done);
                yield done.exitCode();
            }
        };
    }
}
