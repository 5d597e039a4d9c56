package dev.rewind.wiring;

import dev.rewind.act.Actuators;
import dev.rewind.act.Strategy;
import dev.rewind.act.TcpReachabilityProbe;
import dev.rewind.config.ConfigValues;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.config.RewindConfig;
import dev.rewind.model.BadInputException;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.observe.MetricSource;
import dev.rewind.report.Notifier;
import dev.rewind.time.TimeSource;
import dev.rewind.verify.HttpHealthProbe;
import dev.rewind.verify.HttpSmokeTestRunner;
import dev.rewind.verify.MetricVerifier;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One configured environment, built: its metric source and the actuators a rollback acts through, checked
 * ({@link EnvironmentCheck}) so that what a rollback will need is known to be there before anything acts.
 * Every outside system is chosen by its config block's {@code type} ({@link Integrations}).
 */
public record EnvironmentWiring(EnvironmentConfig env, Strategy strategy, Optional<MetricSource> metrics, Actuators actuators,
                                EnvironmentCheck check) {

    /** The policy to run: the config's, with windows widened to the metric source's resolution. */
    public RollbackPolicy policy() {
        return check.policy();
    }

    /** The demo's environment, built in: {@code rewind rollback --environment demo} works without a config. */
    public static EnvironmentConfig builtInDemo() {
        return builtInDemo("demo");
    }

    /** The demo's world playing an environment of another name (a plan rehearsal's "staging"). */
    public static EnvironmentConfig builtInDemo(String name) {
        IntegrationConfig demo = new IntegrationConfig("demo", Map.of(), ConfigSource.BUILT_IN, 0, "environments." + name);
        return new EnvironmentConfig(name, "shop", "blue_green", false, "new-checkout", demo, demo, demo, demo, null,
                java.util.List.of(), java.util.List.of(), ConfigSource.BUILT_IN, 0);
    }

    public static EnvironmentConfig find(RewindConfig config, String name) {
        EnvironmentConfig env = config.environments().get(name);
        if (env != null) return env;
        if (name.equals("demo")) return builtInDemo();
        TreeSet<String> known = new TreeSet<>(config.environments().keySet());
        known.add("demo");
        throw new BadInputException(config.source(), 0, "environments." + name,
                "no environment '" + name + "' is configured; known: " + known);
    }

    /**
     * @param deployment --deployment: overrides the deployer's Kubernetes Deployment name
     */
    public static EnvironmentWiring build(RewindConfig config, EnvironmentConfig env, RollbackPolicy policy, Integrations integrations,
                                          TimeSource time, Notifier notifier, String deployment) {
        Strategy strategy = Strategy.parse(env.strategy() == null ? "blue_green" : env.strategy(), "environments." + env.name() + ".strategy");
        IntegrationConfig metricsBlock = env.metrics() != null ? env.metrics() : config.metrics();
        Optional<MetricSource> metrics = Optional.ofNullable(metricsBlock).map(integrations::metricSource);
        Actuators a = Actuators.none().withNotifier(notifier).withSmokeTests(new HttpSmokeTestRunner(smokeValues(env)))
                .withReachability(new TcpReachabilityProbe(Duration.ofSeconds(2)));
        if (env.router() != null) a = a.withRouter(integrations.router(env.router()));
        if (env.deployer() != null) a = a.withDeployer(integrations.deployer(withDeployment(env.deployer(), deployment)));
        if (env.flags() != null) a = a.withFlags(integrations.flags(env.flags()));
        if (env.database() != null) a = a.withDatabase(integrations.database(env.database()));
        if (env.configStore() != null) a = a.withConfigStore(integrations.configStore(env.configStore()));
        if (env.cache() != null) a = a.withCache(integrations.cache(env.cache()));
        if (env.gitops() != null) a = a.withGitOps(integrations.gitops(env.gitops(), env.deployer()));
        if (metrics.isPresent()) a = a.withMetrics(new MetricVerifier(metrics.get(), time, policy.checkInterval()));
        if (env.healthUrl() != null) {
            String template = env.healthUrl();
            a = a.withHealth(new HttpHealthProbe(v -> URI.create(template.replace("$version", v))));
        } else if (env.deployer() != null && env.deployer().type().equals("demo")) {
            a = a.withHealth(integrations.demoHealth());
        }
        return new EnvironmentWiring(env, strategy, metrics, a, EnvironmentCheck.of(env, strategy, policy, metrics, metricsBlock, a));
    }

    /**
     * {@code options} for this environment's rollback: its plan as code when it names one ({@code plan:}), else the
     * built-in plan with the GitOps steps when a {@code gitops:} block syncs it from Git.
     */
    public static dev.rewind.act.PlanOptions options(EnvironmentConfig env, dev.rewind.act.PlanOptions options) {
        dev.rewind.act.PlanOptions o = withMaintenance(env, withGitOps(env, options));
        return env.plan() == null || o.coded() != null ? o : o.withPlan(dev.rewind.act.CodedPlan.of(env.plan()));
    }

    /**
     * The actuators of the environments a plan's regions roll back through, each built and checked as if it ran the plan
     * itself; the home environment is among them when a region names it.
     */
    public static Map<String, Actuators> regions(RewindConfig config, EnvironmentConfig home, RollbackPolicy policy, Integrations integrations,
                                                 TimeSource time, Notifier notifier) {
        Map<String, Actuators> out = new LinkedHashMap<>();
        if (home.plan() == null) return out;
        for (var r : home.plan().regions().order()) {
            EnvironmentConfig env = find(config, r.environment()).withPlan(home.plan());
            out.put(r.environment(), build(config, env, policy, integrations, time, notifier, null).actuators());
        }
        return out;
    }

    /** {@code options} with the environment's maintenance mode when its {@code maintenance:} block applies it during rollbacks. */
    public static dev.rewind.act.PlanOptions withMaintenance(EnvironmentConfig env, dev.rewind.act.PlanOptions options) {
        return env.maintenance() == null || options.maintenance() != null ? options : options.withMaintenance(env.maintenance().forRollback());
    }

    /** {@code options} for this environment's plan: with the GitOps steps when a {@code gitops:} block syncs it from Git. */
    public static dev.rewind.act.PlanOptions withGitOps(EnvironmentConfig env, dev.rewind.act.PlanOptions options) {
        var g = env.gitops();
        return g == null ? options : options.withGitOps(new dev.rewind.act.GitOpsOptions(g.app(), g.git().timeout(), g.convergeTimeout()));
    }

    /**
     * Smoke-test headers and bodies keep ${VAR} raw in the config (they may carry tokens): filled in when sent. A
     * header filled from a variable is a secret (checked and registered); a body's variables are registered.
     */
    private static HttpSmokeTestRunner.Values smokeValues(EnvironmentConfig env) {
        ConfigValues values = new ConfigValues(System::getenv);
        String at = "environments." + env.name() + ".smoke_tests.";
        return new HttpSmokeTestRunner.Values(
                (name, raw) -> values.substituteSecret(raw, env.file(), env.line(), at + "headers." + name),
                raw -> values.substituteText(raw, env.file(), env.line(), at + "body"));
    }

    private static IntegrationConfig withDeployment(IntegrationConfig deployer, String deployment) {
        if (deployment == null) return deployer;
        if (!deployer.type().equals("kubernetes")) {
            throw new BadInputException("--deployment", 0, "deployment", "--deployment names a Kubernetes Deployment, but this environment's deployer is '" + deployer.type() + "'");
        }
        Map<String, Object> settings = new LinkedHashMap<>(deployer.settings());
        settings.put("deployment", deployment);
        return new IntegrationConfig(deployer.type(), settings, deployer.file(), deployer.line(), deployer.path(), deployer.lines());
    }

    /** Names for config sources that are not files. */
    public static final class ConfigSource {
        public static final String BUILT_IN = "built-in demo environment";

        private ConfigSource() {
        }
    }
}
