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
import dev.rewind.controller.IncidentObservations;
import dev.rewind.controller.ReleaseWatcher;
import dev.rewind.demo.DemoStandIn;
import dev.rewind.controller.RollbackCase;
import dev.rewind.controller.RollbackPipeline;
import java.util.Optional;
import dev.rewind.store.Leases;
import dev.rewind.controller.CaseRecord;
import dev.rewind.console.StageListener;
import dev.rewind.model.BadInputException;
import dev.rewind.model.Baseline;
import dev.rewind.model.Finding;
import dev.rewind.model.Observations;
import dev.rewind.model.Phase;
import dev.rewind.model.Plan;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.Step;
import dev.rewind.console.DeliverySummary;
import dev.rewind.controller.JournalDeliveryLog;
import dev.rewind.report.CompositeNotifier;
import dev.rewind.report.LogNotifier;
import dev.rewind.report.notify.NotificationDispatcher;
import dev.rewind.report.notify.Subscription;
import dev.rewind.wiring.Notifications;
import dev.rewind.wiring.PlanPointOfNoReturn;
import dev.rewind.report.Notifier;
import dev.rewind.store.ReleaseRecord;
import dev.rewind.store.RewindStore;
import dev.rewind.time.SystemTimeSource;
import dev.rewind.time.TimeSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Seed 002's {@code /workflow:rollback}: a manual rollback of a configured environment through the same engine. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Roll an environment back to its last stable release (or --to VERSION) through the journaled engine:",
                "validation gates, flag off, traffic back, revert, health, metric verification, smoke tests, report.",
                "The demo's environment ('demo') works without a config. --reason is required for production.",
                "--batch ID rolls a batch of releases back whole, last deploy first: here (with --config) or on a server (--server)."})
public final class RollbackCommand implements Callable<Integer> {

    @Option(names = "--environment", paramLabel = "ENV", description = "dev, staging, production, demo, ... as configured")
    String environment;

    @Option(names = "--batch", paramLabel = "ID", description = "a batch registered with the server: roll all of it back, last deploy first")
    String batch;

    @Option(names = "--server", paramLabel = "URL", description = "ask this running Rewind server to do it (token: $REWIND_TOKEN or --token-file)")
    String server;

    @Option(names = "--token-file", paramLabel = "FILE", description = "a file holding the API token for --server")
    Path tokenFile;

    @Option(names = "--config", paramLabel = "FILE", description = "rollback_policy YAML or auto_rollback JSON with an environments: section")
    Path config;

    @Option(names = "--to", paramLabel = "VERSION", description = "target version (default: the last stable release in the store)")
    String to;

    @Option(names = "--reason", paramLabel = "TEXT", description = "why (required for production; lands in the audit trail)")
    String reason;

    @Option(names = "--immediate", arity = "0..1", fallbackValue = "true", defaultValue = "false", description = "skip the validation gates")
    boolean immediate;

    @Option(names = "--analyze-failure", arity = "1", defaultValue = "true", paramLabel = "BOOL", description = "write the diagnosis and incident report (default: true)")
    boolean analyzeFailure;

    @Option(names = "--notify", arity = "1", defaultValue = "true", paramLabel = "BOOL", description = "send alerts to the configured channels (default: true)")
    boolean notifyPeople;

    @Option(names = "--preserve-data", arity = "1", defaultValue = "true", paramLabel = "BOOL",
            description = "keep the database as it is (default: true); false lets a plan's database restore run")
    boolean preserveData;

    @Option(names = "--deployment", paramLabel = "NAME", description = "Kubernetes Deployment to roll back (K8s only)")
    String deployment;

    @Option(names = "--resume", paramLabel = "ID",
            description = "carry on rollback ID, whose process died, from its journal: ended steps are kept, the interrupted one is checked first")
    String resumeId;

    @Option(names = "--scenario", paramLabel = "ID", description = "a partial rollback scenario of the environment's plan as code (application_only, ...)")
    String scenario;

    @Option(names = "--dry-run", description = "print the target, the plan and the impact assessment; change nothing")
    boolean dryRun;

    @Option(names = "--out", defaultValue = "rewind-out", paramLabel = "DIR", description = "report folder (default: ${DEFAULT-VALUE})")
    Path outDir;

    @picocli.CommandLine.Mixin
    StoreOption storeOption = new StoreOption();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (resumeId != null) return resume();
        if ((environment == null) == (batch == null)) {
            throw new BadInputException("--environment", 0, "environment", "give --environment ENV, or --batch ID to roll a batch back");
        }
        // --to is a tag, never an image reference (see VersionName); an unknown one is recorded on the fly below
        if (to != null) dev.rewind.model.VersionName.require(to, "--to", 0, "to");
        if (batch != null) return rollBackBatch();
        if (server != null) return onServer();
        boolean noReason = reason == null || reason.isBlank();
        if (environment.equals("production") && noReason) throw reasonRequired();
        RewindConfig cfg = config == null ? ConfigLoader.defaults() : ConfigLoader.load(config);
        EnvironmentConfig env = EnvironmentWiring.find(cfg, environment);
        if (env.production() && noReason) throw reasonRequired();
        RollbackPolicy policy = cfg.policy();
        boolean demo = env.deployer() != null && env.deployer().type().equals("demo");
        if (demo) policy = dev.rewind.demo.DemoProfile.scale(policy);
        StagePrinter out = StagePrinter.forConsole(spec.commandLine().getOut());
        TimeSource time = new SystemTimeSource();
        Notifier notifier = notifyPeople ? new LogNotifier() : alert -> { };
        // channels are built (secrets resolved, URLs checked) before anything acts; --notify false builds none and sends nothing
        List<Subscription> channels = notifyPeople ? Notifications.channels(cfg, time.clock()) : List.of();
        // everything a rollback will need is checked before anything is read or changed; the demo's world exists only once started
        EnvironmentWiring checked = demo ? null
                : EnvironmentWiring.build(cfg, env, policy, new Integrations(time, DemoStandIn::unavailable), time, notifier, deployment);
        if (checked != null) policy = checked.policy();
        if (scenario != null && env.plan() == null) {
            throw new BadInputException("--scenario", 0, "scenario", "environment " + env.name() + " has no plan as code (plan: FILE), so it has no scenarios");
        }
        // a plan's regions roll back through other environments: built and checked before anything acts
        Map<String, dev.rewind.act.Actuators> regions = checked == null ? Map.of()
                : EnvironmentWiring.regions(cfg, env, policy, new Integrations(time, DemoStandIn::unavailable), time, notifier);
        RewindStore store = storeOption.open(spec.commandLine().getErr());
        if (demo) DemoStandIn.seedRegistry(store, env.service(), env.name());

        out.title("⟲ Rollback workflow started" + (dryRun ? " (dry run: nothing will change)" : ""));
        if (checked != null) checked.check().notes().forEach(note -> out.line(Mark.WARN, note));
        out.stage("Rollback target selection");
        ReleaseRecord current = store.releases().current(env.service(), env.name()).orElse(null);
        String target = to != null ? to : lastStableBefore(store, env, current);
        String from = current != null ? current.version() : running(checked, env);
        out.field("  Environment", env.name() + (env.production() ? " (production)" : ""));
        out.field("  Service", env.service());
        out.field("  Current version", from);
        out.field("  Reason", reason == null ? "(none given)" : reason);
        store.releases().list(env.service(), env.name()).stream().limit(5).forEach(r ->
                out.line(r.status().name().equals("FAILED") || r.status().name().equals("ROLLED_BACK") ? Mark.FAIL : Mark.OK,
                        r.version() + " " + r.status().name().toLowerCase() + " (deployed " + r.deployedAt() + ")"));
        out.line(Mark.ACT, "selected rollback target: " + target + (to != null ? " (--to)" : " (last stable release)"));
        if (current == null) {
            // legitimate: the operator knows what runs; the store learns the target once the rollback has run
            out.line(Mark.WARN, "no current release of " + env.service() + " in " + env.name() + " is recorded in the store: rolling back from an"
                    + " unrecorded version; " + target + " is recorded as current once the rollback has run");
        }
        out.endStage();

        Release release = release(env, current, from, target, time);
        if (checked != null) {
            PlanPointOfNoReturn ponr = PlanPointOfNoReturn.measure(env, checked.actuators(), release);
            if (ponr.found() != null) out.line(ponr.past() ? Mark.FAIL : Mark.OK, "point of no return: " + ponr.found().why());
            if (ponr.past() && restoresDatabase(env)) {
                store.audit().append(actor(), "rollback.refused", env.service() + "/" + env.name(), "fix_forward: " + ponr.found().why());
                PlanPointOfNoReturn.alternatives(env).forEach(a -> out.line(Mark.ACT, "fix forward: " + a));
                out.verdict(false, "decision: fix_forward. " + release.version() + " is past its point of no return; nothing was changed."
                        + (scenario == null ? " A scenario without the database restore may still run (--scenario)." : ""));
                return 1;
            }
        }
        if (dryRun) return dryRun(out, env, release, EnvironmentWiring.options(env, options(target, env.smokeTests(), demo, env)), policy);

        store.audit().append(actor(), "rollback.requested", env.service() + "/" + env.name(),
                "to=" + target + " reason=" + (reason == null ? "" : reason) + " immediate=" + immediate + " preserve_data=" + preserveData);
        if (current == null && !demo && !from.equals("unknown")) {
            // a first rollback in this store: record what the deployer says runs and the target, so the outcome can be booked
            store.releases().register(new Release(env.service(), env.name(), target, null, time.now().minusSeconds(1), List.of(), null, 100, null));
            store.releases().register(release);
        }
        try (DemoStandIn world = demo ? DemoStandIn.start(release, time, out) : null;
             Notifications notifications = channels.isEmpty() ? (notifyPeople ? Notifications.off(cfg) : Notifications.off())
                     : Notifications.start(cfg, channels, new JournalDeliveryLog(store.journal()), time.clock())) {
            notifications.notes().forEach(note -> out.line(Mark.WARN, note));
            if (world != null) release = world.release();
            PlanOptions options = EnvironmentWiring.options(env, options(target, world != null ? world.smokeTests() : env.smokeTests(), demo, env));
            EnvironmentWiring wiring = checked != null ? checked
                    : EnvironmentWiring.build(cfg, env, policy, new Integrations(time, world::environment), time, notifier, deployment);
            Baseline baseline = baseline(wiring, policy, release, time);
            List<Finding> findings = List.of(Finding.manual(reason, time.now()));
            RollbackCase rollbackCase = new RollbackCase(release, wiring.strategy(), options, baseline, findings, time.now(),
                    reason, actor(), outDir);
            RollbackPipeline pipeline = new RollbackPipeline(store, time, policy,
                    wiring.actuators().withNotifier(new CompositeNotifier(notifier, notifications)), new StageListener(out))
                    .withRegions(regions::get);
            Release r = release;
            RollbackPolicy p = policy;
            String id = pipeline.newId(rollbackCase);
            // a plan's manual gates wait for the operator at this terminal: go, pause, abort [reason] (seed 004, level 4)
            dev.rewind.act.RollbackControl control = new dev.rewind.act.RollbackControl();
            if (env.plan() != null && env.plan().steps().stream().anyMatch(s -> s.manualGate() || s.manual())) {
                dev.rewind.console.OperatorInput.start(System.in, control, out);
            }
            RollbackPipeline.Done done;
            // leased like a server's rollback, so 'rollback --resume' cannot run it twice while this process lives
            try (RollbackLease lease = RollbackLease.take(store.leases(), id, timing(cfg)).orElseThrow()) {
                done = pipeline.run(rollbackCase, new RollbackPipeline.Handle(id, control, null, null, lease.fence()),
                        restoredAt -> wiring.metrics().map(m -> IncidentObservations.around(m, r, p,
                                new ReleaseWatcher(m, p, time).watchedMetrics(), restoredAt, time.now())).orElse(new Observations(Map.of())),
                        Map::of);
            }
            RollbackSummary.print(out, done, r, analyzeFailure);
            if (notifications.channelCount() > 0) {
                boolean allDone = notifications.close(NotificationDispatcher.DEFAULT_CLOSE_BOUND);
                DeliverySummary.print(out, notifications.records(), allDone);
            }
            RollbackSummary.verdict(out, done);
            return done.exitCode();
        }
    }

    private static dev.rewind.controller.Ownership.Timing timing(RewindConfig cfg) {
        return new dev.rewind.controller.Ownership.Timing(cfg.server().lease(), cfg.server().leaseRenew());
    }

    /**
     * {@code --resume ID}: a rollback whose process died (SIGKILL, a crash, a lost machine) goes on from its journal, in
     * this process, under the rollback's lease: refused while the process that runs it still holds the lease. The
     * config must be the one it started with (its environment's integrations act again).
     */
    private int resume() throws Exception {
        if (!resumeId.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")) {
            throw new BadInputException("--resume", 0, "resume", "expected a rollback id such as rb-20260224-102000-1a2b, found '" + resumeId + "'");
        }
        if (environment != null || batch != null || server != null || dryRun) {
            throw new BadInputException("--resume", 0, "resume", "--resume takes the rollback's id and --config only; its environment is in the store");
        }
        if (!storeOption.exists()) throw new BadInputException(storeOption.toString(), 0, "store", "no store here; pass --store");
        RewindStore store = storeOption.open(spec.commandLine().getErr());
        dev.rewind.store.RollbackRecord row = store.history().find(resumeId).orElseThrow(() ->
                new BadInputException("--resume", 0, "resume", "no rollback " + resumeId + " in the store " + storeOption));
        if (!java.util.Set.of("running", "paused").contains(row.status())) {
            throw new BadInputException("--resume", 0, "resume", "rollback " + resumeId + " is " + row.status().replace('_', ' ')
                    + ", not running: nothing to resume (see bin/rewind report " + resumeId + ")");
        }
        RewindConfig cfg = config == null ? ConfigLoader.defaults() : ConfigLoader.load(config);
        EnvironmentConfig env = EnvironmentWiring.find(cfg, row.environment());
        if (env.deployer() != null && env.deployer().type().equals("demo")) {
            throw new BadInputException("--resume", 0, "resume", "the demo's world ended with the process that ran it; there is nothing to resume against");
        }
        TimeSource time = new SystemTimeSource();
        StagePrinter out = StagePrinter.forConsole(spec.commandLine().getOut());
        Notifier notifier = notifyPeople ? new LogNotifier() : alert -> { };
        // the configured channels hear about the resume and the end, as they heard about the start
        List<Subscription> channels = notifyPeople ? Notifications.channels(cfg, time.clock()) : List.of();
        EnvironmentWiring wiring = EnvironmentWiring.build(cfg, env, cfg.policy(), new Integrations(time, DemoStandIn::unavailable), time, notifier, deployment);
        RollbackPolicy policy = wiring.policy();
        Optional<RollbackLease> held = RollbackLease.take(store.leases(), resumeId, timing(cfg));
        if (held.isEmpty()) {
            out.title("⟲ Rollback " + resumeId + " not resumed");
            out.verdict(false, "another process still runs it: it holds its lease, " + RollbackLease.holder(store.leases(), resumeId)
                    + ". Try again once that process has ended.");
            return 1;
        }
        try (RollbackLease lease = held.get();
             Notifications notifications = channels.isEmpty() ? (notifyPeople ? Notifications.off(cfg) : Notifications.off())
                     : Notifications.start(cfg, channels, new JournalDeliveryLog(store.journal()), time.clock())) {
            notifications.notes().forEach(note -> out.line(Mark.WARN, note));
            // the plan it started with: the environment's plan file (checked against the one journaled), else the built-in plan
            RollbackCase c = CaseRecord.read(store, row, (target, immediate) -> EnvironmentWiring.options(env,
                    new PlanOptions(target, immediate, List.of(), env.smokeTests(), null, null)), outDir);
            Leases.Taken t = lease.taken();
            String why = "rewind rollback --resume by " + actor() + " (" + lease.owner() + ", lease token " + t.token() + ")"
                    + (t.previousOwner() == null ? "" : "; the lease was " + t.previousOwner() + "'s" + (t.previousExpiry() == null ? ", given back"
                    : " until " + t.previousExpiry()));
            out.title("⟲ Resuming rollback " + resumeId + ": " + row.service() + " " + row.fromVersion() + " -> " + row.toVersion());
            out.line(Mark.ACT, why);
            store.journal().entries(resumeId).stream().filter(e -> e.stepId() != null && e.begins() != null)
                    .forEach(e -> out.line(Mark.OK, e.stepId() + ": " + e.state() + " (kept, not run again)"));
            Map<String, dev.rewind.act.Actuators> regions = EnvironmentWiring.regions(cfg, env, policy, new Integrations(time, DemoStandIn::unavailable),
                    time, notifier);
            RollbackPipeline pipeline = new RollbackPipeline(store, time, policy,
                    wiring.actuators().withNotifier(new CompositeNotifier(notifier, notifications)), new StageListener(out))
                    .withRegions(regions::get);
            Release r = c.release();
            RollbackPipeline.Done done = pipeline.resume(c, new RollbackPipeline.Handle(resumeId, null, row.incidentId(), row.batchId(), lease.fence()),
                    why, restoredAt -> wiring.metrics().map(m -> IncidentObservations.around(m, r, policy,
                            new ReleaseWatcher(m, policy, time).watchedMetrics(), restoredAt, time.now())).orElse(new Observations(Map.of())),
                    Map::of);
            RollbackSummary.print(out, done, r, analyzeFailure);
            if (notifications.channelCount() > 0) {
                boolean allDone = notifications.close(NotificationDispatcher.DEFAULT_CLOSE_BOUND);
                DeliverySummary.print(out, notifications.records(), allDone);
            }
            RollbackSummary.verdict(out, done);
            return done.exitCode();
        } catch (dev.rewind.store.LeaseLostException e) {
            out.verdict(false, "stopped: " + e.getMessage() + "; the process that holds the lease now carries the rollback on");
            return 1;
        }
    }

    /** A rollback the server runs: the same engine, its journal and reports on the server's side. */
    private int onServer() {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("environment", environment);
        if (to != null) body.put("to", to);
        if (reason != null) body.put("reason", reason);
        body.put("immediate", immediate);
        body.put("dry_run", dryRun);
        var r = new ServerClient(server, tokenFile).post("/api/v1/rollbacks", body);
        spec.commandLine().getOut().println((dryRun ? "planned" : "started") + " rollback " + (r.path("id").isNull() ? "" : r.path("id").asString() + " ")
                + "of " + environment + ": " + r.path("from").asString() + " -> " + r.path("to").asString() + " (" + r.path("status").asString() + ")");
        return 0;
    }

    /**
     * A batch, last deploy first, each release verified before the next: on the server when --server is given, else here
     * through the same engine the server runs (the store knows the batch; the config knows its environments).
     */
    private int rollBackBatch() throws Exception {
        if (server != null) {
            Map<String, Object> body = reason == null ? Map.of() : Map.of("reason", reason);
            var r = new ServerClient(server, tokenFile).post("/api/v1/batches/" + java.net.URLEncoder.encode(batch, java.nio.charset.StandardCharsets.UTF_8)
                    + "/rollback", body);
            spec.commandLine().getOut().println("started batch rollback " + r.path("id").asString() + " of " + batch);
            return 0;
        }
        if (config == null) throw new BadInputException("--config", 0, "config", "a batch rollback here needs the config that names its environments");
        RewindConfig cfg = ConfigLoader.load(config);
        TimeSource time = new SystemTimeSource();
        StagePrinter out = StagePrinter.forConsole(spec.commandLine().getOut());
        RewindStore store = storeOption.open(spec.commandLine().getErr());
        var envs = dev.rewind.wiring.FleetEnvironments.build(cfg, time, notifyPeople ? new LogNotifier() : alert -> { });
        envs.notes().forEach(n -> out.line(Mark.WARN, n));
        out.title("⟲ Batch rollback of " + batch + " (last deploy first)");
        var listener = new dev.rewind.controller.FleetListener() {
            @Override
            public dev.rewind.act.RollbackListener progress(String rollbackId) {
                return new StageListener(out);
            }
        };
        var fleet = new dev.rewind.controller.Fleet(store, time, envs.environments(),
                dev.rewind.controller.FleetSettings.defaults(outDir), Runnable::run, Runnable::run, listener);
        fleet.rollbackBatch(batch, reason, actor());
        var results = store.history().list(1000).stream().filter(r -> batch.equals(r.batchId())).toList();
        out.summary("Batch " + batch);
        results.forEach(r -> out.field("  " + r.service() + " in " + r.environment(), r.fromVersion() + " -> " + r.toVersion() + ": " + r.status()));
        boolean all = !results.isEmpty() && results.stream().allMatch(r -> r.status().equals("success"));
        boolean rolledBack = !results.isEmpty() && results.stream().allMatch(r -> r.status().startsWith("success"));
        long members = store.releases().batch(batch).size();
        out.verdict(all && results.size() == members, all && results.size() == members ? "Batch rolled back whole, recovery verified."
                : "Batch rollback incomplete: " + results.size() + " of " + members + " releases rolled back; see bin/rewind report ID for each.");
        return all && results.size() == members ? 0 : rolledBack && results.size() == members ? 4 : 1;
    }

    /** With no release recorded, the deployer says what runs: the plan, the report and a GitOps commit then name it, not "unknown". */
    private static String running(EnvironmentWiring wiring, EnvironmentConfig env) {
        if (wiring == null || wiring.actuators().deployer().isEmpty()) return "unknown";
        try {
            return wiring.actuators().deployer().get().currentVersion(env.service());
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private static BadInputException reasonRequired() {
        return new BadInputException("--reason", 0, "reason", "a production rollback needs a reason: add --reason \"...\" (it goes into the audit trail)");
    }

    private static String lastStableBefore(RewindStore store, EnvironmentConfig env, ReleaseRecord current) {
        return store.releases().list(env.service(), env.name()).stream()
                .filter(r -> r.status() == dev.rewind.store.ReleaseStatus.STABLE)
                .filter(r -> current == null || !r.version().equals(current.version()))
                .findFirst().map(ReleaseRecord::version)
                .orElseThrow(() -> new BadInputException("--to", 0, "to", "no stable release of " + env.service() + " in "
                        + env.name() + " is recorded in the store; name the target with --to VERSION"));
    }

    private static Release release(EnvironmentConfig env, ReleaseRecord current, String from, String target, TimeSource time) {
        if (current == null) {
            return new Release(env.service(), env.name(), from, target, time.now(), List.of(), env.featureFlag(), 100, null);
        }
        return new Release(env.service(), env.name(), current.version(), target, current.deployedAt(), current.changes(),
                current.featureFlag(), 100, null);
    }

    private static Baseline baseline(EnvironmentWiring wiring, RollbackPolicy policy, Release release, TimeSource time) {
        if (wiring.metrics().isEmpty()) return null;
        Baseline b = new ReleaseWatcher(wiring.metrics().get(), policy, time).baseline(release);
        return b.metrics().isEmpty() ? null : b;
    }

    private int dryRun(StagePrinter out, EnvironmentConfig env, Release release, PlanOptions options, RollbackPolicy policy) {
        Plan plan = new dev.rewind.act.RollbackPlanner(policy).plan(release,
                dev.rewind.act.Strategy.parse(env.strategy() == null ? "blue_green" : env.strategy(), "environments." + env.name() + ".strategy"), options);
        out.stage("Plan (dry run)");
        out.field("  Strategy", plan.strategy());
        for (Phase phase : plan.phases()) {
            out.line(Mark.INFO, phase.name() + " — " + phase.objective() + " (~" + StagePrinter.human(phase.estimate()) + ")");
            for (Step step : phase.steps()) out.detail(step.id() + ": " + step.description() + (step.haltOnFailure() ? "" : " [alerts and goes on if it fails]"));
        }
        out.endStage();
        out.stage("Impact assessment");
        boolean instant = plan.strategy().equals("blue_green") || plan.strategy().equals("feature_flag");
        out.line(Mark.INFO, "estimated duration: " + StagePrinter.human(plan.estimate()) + (plan.sla() == null ? "" : " (SLA " + StagePrinter.human(plan.sla()) + ")"));
        out.line(Mark.INFO, "downtime: " + (instant ? "0 s (the target keeps running; traffic switches)" : "requests drain while " + release.previousVersion() + " rolls out"));
        out.line(Mark.INFO, "data: " + (preserveData ? "preserved (no database step runs)" : "a database restore runs only where the plan says so"));
        out.line(Mark.INFO, "feature flag: " + (release.featureFlag() == null ? "none recorded" : release.featureFlag() + " goes OFF first"));
        out.line(Mark.INFO, "validation gates: " + (options.immediate() ? "skipped (--immediate)" : "run first"));
        out.endStage();
        out.verdict(true, "Dry run: nothing was changed. Run again without --dry-run to roll " + release.version() + " back to " + options.targetVersion() + ".");
        return 0;
    }

    private PlanOptions options(String target, List<dev.rewind.model.SmokeTest> smokeTests, boolean demo, EnvironmentConfig env) {
        // the demo's canary steps pause on its own time scale
        PlanOptions o = new PlanOptions(target, immediate, java.util.List.of(), smokeTests, null, demo ? Duration.ofSeconds(1) : null);
        return scenario == null ? o : o.withPlan(new dev.rewind.act.CodedPlan(env.plan(), scenario, null, false));
    }

    /** Whether the rollback about to run (the scenario's, or the whole plan) restores a database: past the point of no return it may not. */
    private boolean restoresDatabase(EnvironmentConfig env) {
        var plan = env.plan();
        var chosen = scenario == null ? null : plan.scenario(scenario).orElse(null);
        return dev.rewind.plan.PlanCompiler.select(plan, chosen).stream().flatMap(p -> p.steps().stream())
                .anyMatch(s -> s.action().equals(dev.rewind.plan.StepWords.RESTORE_DATABASE));
    }

    private static String actor() {
        return System.getProperty("user.name", "operator");
    }
}
