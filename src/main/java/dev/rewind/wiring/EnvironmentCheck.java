package dev.rewind.wiring;

import dev.rewind.act.Actuators;
import dev.rewind.act.PlanOptions;
import dev.rewind.act.RollbackPlanner;
import dev.rewind.act.StepNeeds;
import dev.rewind.act.Strategy;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.BadInputException;
import dev.rewind.model.Plan;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.Step;
import dev.rewind.model.Trigger;
import dev.rewind.observe.MetricSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything a watch or a rollback of one environment will need, checked when the config loads: every trigger's
 * metric has a query, every step of the plan has its actuator, and no window is shorter than the metric source's
 * resolution (such a window is widened, and the note says so). A problem is exit 2 at start-up naming the
 * setting, never a step that fails halfway through a rollback.
 *
 * @param policy the policy to run: the config's, with windows widened to the source's resolution
 * @param notes  what was adjusted, or will go unproven, for the console and the doctor
 */
public record EnvironmentCheck(RollbackPolicy policy, List<String> notes) {

    public EnvironmentCheck {
        notes = List.copyOf(notes);
    }

    static EnvironmentCheck of(EnvironmentConfig env, Strategy strategy, RollbackPolicy policy, Optional<MetricSource> metrics,
                               IntegrationConfig metricsBlock, Actuators actuators) {
        List<String> notes = new ArrayList<>();
        if (metrics.isPresent()) {
            requireQueries(policy, metrics.get(), metricsBlock);
            policy = widened(policy, metrics.get().resolution(), notes);
        }
        Plan plan = plan(env, strategy, policy);
        for (Step step : plan.steps()) {
            switch (StepNeeds.of(step.action(), actuators, strategy.label())) {
                case StepNeeds.Missing m when env.plan() != null -> throw planStepError(env, step, m);
                case StepNeeds.Missing m -> throw env.error(m.setting(), "a " + strategy.label() + " rollback runs step '" + step.id()
                        + "', and this environment has " + m.what() + "; add " + hint(m.setting())
                        + (step.haltOnFailure() ? "" : ", or remove what asks for it"));
                case StepNeeds.Skip s when step.id().equals("verify-metrics") ->
                        notes.add("recovery will not be verified by metrics (" + s.why() + "): a rollback ends success_unverified");
                case StepNeeds.Skip s -> { }
                case StepNeeds.Ready r -> { }
            }
        }
        if (env.plan() != null && env.plan().decision().pointOfNoReturn() != null && env.plan().decision().pointOfNoReturn().measurable()) {
            PlanPointOfNoReturn.migrator(env, actuators, env.plan().decision().pointOfNoReturn()); // checked now: the database block is there and right
        }
        gitOpsNotes(env, strategy, notes);
        return new EnvironmentCheck(policy, notes);
    }

    /** A plan's step this environment cannot carry out: named at the step's line in the plan, with the setting that would provide it. */
    private static BadInputException planStepError(EnvironmentConfig env, Step step, StepNeeds.Missing m) {
        var plan = env.plan();
        String path = plan.steps().stream().filter(s -> s.id().equals(step.id())).map(s -> s.path() + ".action").findFirst()
                .orElse(step.id().startsWith("capture-") ? "state_capture" : step.id().startsWith("gate-") ? "safety_checks" : "phases");
        return plan.source().error(path, "step '" + step.id() + "' needs what environment '" + env.name() + "' (" + env.file() + ") lacks: "
                + m.what() + "; add " + hint(m.setting()) + " to the environment");
    }

    /** What a gitops: block will not cover, said at load rather than found out after a resume. */
    private static void gitOpsNotes(EnvironmentConfig env, Strategy strategy, List<String> notes) {
        if (env.gitops() == null) return;
        if (strategy == Strategy.FEATURE_FLAG) {
            notes.add("gitops: a feature_flag rollback keeps the version, so it neither pauses " + env.gitops().app() + " nor writes to Git");
        }
        if (env.router() != null && env.router().type().equals("kubernetes")) {
            notes.add("gitops: the kubernetes router's Service selector switch is not written to Git; if Git declares that Service, "
                    + env.gitops().app() + " switches it back once resumed");
        }
    }

    private static void requireQueries(RollbackPolicy policy, MetricSource source, IntegrationConfig block) {
        for (Trigger t : policy.triggers()) {
            if (source.serves(t.metric())) continue;
            String where = block == null ? "metrics" : block.path();
            throw new BadInputException(block == null ? "config" : block.file(), block == null ? 0 : block.line(), where + ".queries." + t.metric(),
                    "trigger '" + t.name() + "' reads metric '" + t.metric() + "', and this metric source has no query for it; add queries."
                            + t.metric() + ", or turn the trigger off with enabled: false");
        }
    }

    /** A trigger window shorter than the resolution may hold no sample, so it would never fire: widen it, and say so. */
    private static RollbackPolicy widened(RollbackPolicy policy, Duration resolution, List<String> notes) {
        if (resolution.isZero() || resolution.isNegative()) return policy;
        List<Trigger> triggers = new ArrayList<>();
        for (Trigger t : policy.triggers()) {
            if (t.window() != null && t.window().compareTo(resolution) < 0) {
                notes.add("trigger " + t.name() + ": window " + human(t.window()) + " is shorter than the metric source's resolution "
                        + human(resolution) + " (step or scrape interval); widened to " + human(resolution));
                triggers.add(t.withWindow(resolution));
            } else {
                triggers.add(t);
            }
        }
        if (policy.checkInterval().compareTo(resolution) < 0) {
            notes.add("checks run every " + human(policy.checkInterval()) + ", and the metric source has a new sample every "
                    + human(resolution) + ": some checks will see no new data");
        }
        return policy.withTriggers(triggers);
    }

    /** The plan a rollback of this environment would run, for a made-up release (the versions do not change the steps). */
    private static Plan plan(EnvironmentConfig env, Strategy strategy, RollbackPolicy policy) {
        Release release = new Release(env.service(), env.name(), "the new version", "the previous version", Instant.EPOCH, List.of(),
                env.featureFlag(), 100, null);
        try {
            return new RollbackPlanner(policy).plan(release, strategy,
                    EnvironmentWiring.options(env, new PlanOptions(null, false, env.dependencies(), env.smokeTests(), null, null)));
        } catch (BadInputException e) {
            throw env.error(e.field(), e.getMessage().substring(e.getMessage().lastIndexOf(": ") + 2));
        }
    }

    private static String hint(String setting) {
        return switch (setting) {
            case "router" -> "a router: block (type haproxy, nginx or kubernetes)";
            case "deployer" -> "a deployer: block (type kubernetes)";
            case "flags" -> "a flags: block (type unleash, flagd or builtin)";
            case "health_url" -> "a health_url (with $version in it) or a metrics: block";
            case "metrics" -> "a metrics: block";
            case "database" -> "a database: block (type liquibase for a rollback by tag or count, postgres for backups only)";
            case "database.backup_dir" -> "a backup_dir to the database: block";
            case "config_store" -> "a config_store: block (type kubernetes-configmap, kubernetes-secret or file)";
            case "cache" -> "a cache: block (type redis)";
            case "gitops" -> "a gitops: block (type argocd or flux, with its git: repository)";
            case "maintenance" -> "a maintenance: block (via: router with target:, or via: flag with flag:)";
            default -> "what provides '" + setting + "'";
        };
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : (d.toMillis() / 1000.0) + " s";
    }
}
