package dev.rewind.act;

import dev.rewind.report.Notifier;
import dev.rewind.verify.HealthProbe;
import dev.rewind.verify.MetricVerifier;
import dev.rewind.verify.SmokeTestRunner;
import java.util.Optional;

/**
 * The outside systems a rollback acts on or checks with. Any may be absent: the step that needs it is then
 * journaled as "not configured" (skipped, or failed where going on would be a lie, such as a revert), and the
 * config check refuses a plan that needs what is absent ({@link StepNeeds}).
 */
public record Actuators(Optional<FlagSwitch> flags,
                        Optional<TrafficRouter> router,
                        Optional<Deployer> deployer,
                        Optional<HealthProbe> health,
                        Optional<SmokeTestRunner> smokeTests,
                        Optional<MetricVerifier> metrics,
                        Optional<Notifier> notifier,
                        Optional<ReachabilityProbe> reachability,
                        Optional<DatabaseActuator> database,
                        Optional<ConfigStore> configStore,
                        Optional<CacheInvalidator> cache,
                        Optional<GitOps> gitops) {

    public Actuators {
        flags = flags == null ? Optional.empty() : flags;
        router = router == null ? Optional.empty() : router;
        deployer = deployer == null ? Optional.empty() : deployer;
        health = health == null ? Optional.empty() : health;
        smokeTests = smokeTests == null ? Optional.empty() : smokeTests;
        metrics = metrics == null ? Optional.empty() : metrics;
        notifier = notifier == null ? Optional.empty() : notifier;
        reachability = reachability == null ? Optional.empty() : reachability;
        database = database == null ? Optional.empty() : database;
        configStore = configStore == null ? Optional.empty() : configStore;
        cache = cache == null ? Optional.empty() : cache;
        gitops = gitops == null ? Optional.empty() : gitops;
    }

    /** The actuators of a plain rollback: without the data ones (database, config store, cache) and GitOps. */
    public Actuators(Optional<FlagSwitch> flags, Optional<TrafficRouter> router, Optional<Deployer> deployer,
                     Optional<HealthProbe> health, Optional<SmokeTestRunner> smokeTests,
                     Optional<MetricVerifier> metrics, Optional<Notifier> notifier, Optional<ReachabilityProbe> reachability) {
        this(flags, router, deployer, health, smokeTests, metrics, notifier, reachability, null, null, null, null);
    }

    public static Actuators none() {
        return new Actuators(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public Actuators withFlags(FlagSwitch x) {
        return new Actuators(Optional.of(x), router, deployer, health, smokeTests, metrics, notifier, reachability, database, configStore, cache, gitops);
    }

    public Actuators withRouter(TrafficRouter x) {
        return new Actuators(flags, Optional.of(x), deployer, health, smokeTests, metrics, notifier, reachability, database, configStore, cache, gitops);
    }

    public Actuators withDeployer(Deployer x) {
        return new Actuators(flags, router, Optional.of(x), health, smokeTests, metrics, notifier, reachability, database, configStore, cache, gitops);
    }

    public Actuators withHealth(HealthProbe x) {
        return new Actuators(flags, router, deployer, Optional.of(x), smokeTests, metrics, notifier, reachability, database, configStore, cache, gitops);
    }

    public Actuators withSmokeTests(SmokeTestRunner x) {
        return new Actuators(flags, router, deployer, health, Optional.of(x), metrics, notifier, reachability, database, configStore, cache, gitops);
    }

    public Actuators withMetrics(MetricVerifier x) {
        return new Actuators(flags, router, deployer, health, smokeTests, Optional.of(x), notifier, reachability, database, configStore, cache, gitops);
    }

    public Actuators withNotifier(Notifier x) {
        return new Actuators(flags, router, deployer, health, smokeTests, metrics, Optional.of(x), reachability, database, configStore, cache, gitops);
    }

    public Actuators withReachability(ReachabilityProbe x) {
        return new Actuators(flags, router, deployer, health, smokeTests, metrics, notifier, Optional.of(x), database, configStore, cache, gitops);
    }

    public Actuators withDatabase(DatabaseActuator x) {
        return new Actuators(flags, router, deployer, health, smokeTests, metrics, notifier, reachability, Optional.of(x), configStore, cache, gitops);
    }

    public Actuators withConfigStore(ConfigStore x) {
        return new Actuators(flags, router, deployer, health, smokeTests, metrics, notifier, reachability, database, Optional.of(x), cache, gitops);
    }

    public Actuators withCache(CacheInvalidator x) {
        return new Actuators(flags, router, deployer, health, smokeTests, metrics, notifier, reachability, database, configStore, Optional.of(x), gitops);
    }

    public Actuators withGitOps(GitOps x) {
        return new Actuators(flags, router, deployer, health, smokeTests, metrics, notifier, reachability, database, configStore, cache, Optional.of(x));
    }
}
