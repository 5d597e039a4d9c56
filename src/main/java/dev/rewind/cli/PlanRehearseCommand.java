package dev.rewind.cli;

import dev.rewind.act.CodedPlan;
import dev.rewind.act.PlanOptions;
import dev.rewind.act.PlanStepParams;
import dev.rewind.act.RollbackControl;
import dev.rewind.act.RollbackPlanner;
import dev.rewind.config.ConfigLoader;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.config.PlanLoader;
import dev.rewind.config.RewindConfig;
import dev.rewind.console.OperatorInput;
import dev.rewind.console.RehearsalProgress;
import dev.rewind.console.StagePrinter;
import dev.rewind.console.StagePrinter.Mark;
import dev.rewind.controller.IncidentObservations;
import dev.rewind.controller.ReleaseWatcher;
import dev.rewind.controller.RollbackCase;
import dev.rewind.controller.RollbackPipeline;
import dev.rewind.demo.DemoProfile;
import dev.rewind.demo.DemoStandIn;
import dev.rewind.model.BadInputException;
import dev.rewind.model.Baseline;
import dev.rewind.model.Finding;
import dev.rewind.model.Observations;
import dev.rewind.model.Plan;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.plan.PlanRules;
import dev.rewind.plan.RollbackPlanFile;
import dev.rewind.report.LogNotifier;
import dev.rewind.store.ReleaseRecord;
import dev.rewind.store.RewindStore;
import dev.rewind.time.SystemTimeSource;
import dev.rewind.time.TimeSource;
import dev.rewind.wiring.EnvironmentWiring;
import dev.rewind.wiring.Integrations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rewind plan rehearse FILE --environment staging}: seed 004's rollback rehearsal, for real. The plan runs
 * through the same engine as a rollback (journal, history, report), against the demo's services when no config is
 * given, or against a configured environment's real integrations. Each phase is timed against its estimate, the run
 * against the SLA; the rehearsal is recorded in the store with seed 004's {@code rollback_plan_accuracy}.
 */
@Command(name = "rehearse", mixinStandardHelpOptions = true,
        description = {"Run a rollback plan for real against a staging environment, measure each phase against its estimate and",
                "the SLA, and record the rehearsal (level 3 and 4 plans need a recent one). Without --config the demo's services",
                "play the environment. Type go, pause or abort [reason] on standard input to steer it. Exit 0: rolled back within",
                "the SLA; 1: it did not; 2: bad plan or usage."})
public final class PlanRehearseCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the plan (YAML or JSON)")
    Path file;

    @Option(names = "--environment", required = true, paramLabel = "ENV", description = "where to rehearse (never a production: true one)")
    String environment;

    @Option(names = "--config", paramLabel = "FILE", description = "the config that defines ENV; without it the demo's services play ENV")
    Path config;

    @Option(names = "--scenario", paramLabel = "ID", description = "rehearse one partial rollback scenario of the plan")
    String scenario;

    @Option(names = "--to", paramLabel = "VERSION", description = "the version to roll back to (default: the last stable release in the store)")
    String to;

    @Option(names = "--confirm-gates", description = "give the go-ahead at every manual gate at once (unattended rehearsals)")
    boolean confirmGates;

    @Option(names = "--out", defaultValue = "rewind-out", paramLabel = "DIR", description = "report folder (default: ${DEFAULT-VALUE})")
    Path outDir;

    @Mixin
    StoreOption storeOption = new StoreOption();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TimeSource time = new SystemTimeSource();
        RollbackPlanFile plan = PlanLoader.load(file);
        var bad = PlanStepParams.problems(plan);
        if (!bad.isEmpty()) throw bad.getFirst();
        if (scenario != null) new CodedPlan(plan, scenario, null, true); // names the scenarios there are, before anything starts
        if (plan.regions().any() && config == null) {
            throw new BadInputException("--config", 0, "config", "the plan rolls back " + plan.regions().order().size()
                    + " regions, each through a configured environment; give the config that defines them (the demo's world is one region)");
        }
        RewindConfig cfg = config == null ? ConfigLoader.defaults() : ConfigLoader.load(config);
        EnvironmentConfig env = (config == null ? EnvironmentWiring.builtInDemo(environment) : EnvironmentWiring.find(cfg, environment)).withPlan(plan);
        // as for rollback: an environment whose deployer is the demo's (examples/demo-staging-plan.yaml) is played by the demo's world
        boolean demo = config == null || (env.deployer() != null && env.deployer().type().equals("demo"));
        if (env.production()) {
            throw new BadInputException(String.valueOf(config), env.line(), "environments." + env.name() + ".production",
                    "a rehearsal runs the rollback for real, and " + env.name() + " is marked production: true; rehearse in staging");
        }
        StagePrinter out = StagePrinter.forConsole(spec.commandLine().getOut());
        RollbackPolicy policy = demo ? DemoProfile.scale(cfg.policy()) : cfg.policy();
        LogNotifier notifier = new LogNotifier();
        EnvironmentWiring checked = demo ? null
                : EnvironmentWiring.build(cfg, env, policy, new Integrations(time, DemoStandIn::unavailable), time, notifier, null);
        Map<String, dev.rewind.act.Actuators> regions = demo ? Map.of()
                : EnvironmentWiring.regions(cfg, env, policy, new Integrations(time, DemoStandIn::unavailable), time, notifier);
        if (checked != null) policy = checked.policy();
        RewindStore store = storeOption.open(spec.commandLine().getErr());

        out.title("⟲ Rehearsal of rollback plan " + plan.title() + " in " + env.name() + (demo ? " (played by the demo's services)" : ""));
        PlanRules.check(plan, time.now(), store.lastPassedRehearsal(plan.metadata().operationId(), plan.source().digest()).orElse(null))
                .forEach(v -> out.line(Mark.WARN, "not yet a valid level " + plan.level().number() + " plan: " + v.toError(plan.source()).getMessage()));
        if (demo) DemoStandIn.seedRegistry(store, env.service(), env.name());
        ReleaseRecord current = store.releases().current(env.service(), env.name()).orElseThrow(() -> new BadInputException("--environment", 0,
                "environment", "no current release of " + env.service() + " in " + env.name() + " is in the store; watch or register one first"));
        String target = to != null ? to : store.releases().list(env.service(), env.name()).stream()
                .filter(r -> r.status() == dev.rewind.store.ReleaseStatus.STABLE && !r.version().equals(current.version())).findFirst()
                .map(ReleaseRecord::version).orElseThrow(() -> new BadInputException("--to", 0, "to", "no stable release to roll back to; name it with --to"));
        Release release = new Release(env.service(), env.name(), current.version(), target, current.deployedAt(), current.changes(),
                current.featureFlag(), 100, null);
        if (demo) out.line(Mark.INFO, DemoProfile.describe());
        try (DemoStandIn world = demo ? DemoStandIn.start(release, time, out) : null) {
            if (world != null) release = world.release();
            EnvironmentWiring wiring = checked != null ? checked
                    : EnvironmentWiring.build(cfg, env, policy, new Integrations(time, world::environment), time, notifier, null);
            PlanOptions options = new PlanOptions(target, false, env.dependencies(), world != null ? world.smokeTests() : env.smokeTests(),
                    null, demo ? Duration.ofSeconds(1) : null).withPlan(new CodedPlan(plan, scenario, null, true));
            Plan compiled = new RollbackPlanner(policy).plan(release, wiring.strategy(), options);
            RollbackControl control = new RollbackControl();
            if (!confirmGates) OperatorInput.start(System.in, control, out);
            int regionCount = Math.max(1, plan.regions().order().size());
            RehearsalProgress progress = new RehearsalProgress(out, time, compiled.steps().size() * regionCount, compiled.sla(), message -> {
                if (confirmGates) control.resume();
                else out.line(Mark.ACT, "type go for the go-ahead, or abort [reason]");
            });
            Release live = release;
            RollbackPolicy watching = policy;
            Baseline baseline = wiring.metrics().map(m -> new ReleaseWatcher(m, watching, time).baseline(live))
                    .filter(b -> !b.metrics().isEmpty()).orElse(null);
            RollbackCase c = new RollbackCase(release, wiring.strategy(), options, baseline, List.of(Finding.manual("rehearsal", time.now())),
                    time.now(), "rehearsal of plan " + plan.metadata().operationId(), actor(), outDir);
            RollbackPipeline pipeline = new RollbackPipeline(store, time, policy, wiring.actuators().withNotifier(notifier), progress)
                    .withRegions(regions::get);
            Release r = live;
            RollbackPolicy p = watching;
            String id = pipeline.newId(c);
            RollbackPipeline.Done done = pipeline.run(c, new RollbackPipeline.Handle(id, control, null, null),
                    restoredAt -> wiring.metrics().map(m -> IncidentObservations.around(m, r, p, new ReleaseWatcher(m, p, time).watchedMetrics(),
                            restoredAt, time.now())).orElse(new Observations(Map.of())), Map::of);
            return new RehearsalRecord(plan, file, env.name(), scenario, actor()).finish(done, compiled, progress, store, out);
        }
    }

    private static String actor() {
        return System.getProperty("user.name", "operator");
    }
}
