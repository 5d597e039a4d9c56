package dev.rewind.act;

import dev.rewind.report.Notifier;
import dev.rewind.verify.HealthProbe;
import dev.rewind.verify.MetricVerifier;
import dev.rewind.verify.SmokeTestRunner;
import java.util.Optional;

/**
 * The outside systems a rollback acts on or checks with. Any may be absent: the step that needs it is then
 * journaled as "not configured" (skipped, or failed where going on would be a lie, such as a revert).
 */
public record Actuators(Optional<FlagSwitch> flags, Optional<TrafficRouter> router, Optional<Deployer> deployer,
                        Optional<HealthProbe> health, Optional<SmokeTestRunner> smokeTests,
                        Optional<MetricVerifier> metrics, Optional<Notifier> notifier,
                        Optional<ReachabilityProbe> reachability, Optional<GitOps> gitops) {

    public Actuators {
        flags = flags == null ? Optional.empty() : flags;
        router = router == null ? Optional.empty() : router;
        deployer = deployer == null ? Optional.empty() : deployer;
        health = health == null ? Optional.empty() : health;
        smokeTests = smokeTests == null ? Optional.empty() : smokeTests;
        metrics = metrics == null ? Optional.empty() : metrics;
        notifier = notifier == null ? Optional.empty() : notifier;
        reachability = reachability == null ? Optional.empty() : reachability;
        gitops = gitops == null ? Optional.empty() : gitops;
    }

    /** Without GitOps: the shape before the {@code gitops} component existed. */
    public Actuators(Optional<FlagSwitch> flags, Optional<TrafficRouter> router, Optional<Deployer> deployer,
                     Optional<HealthProbe> health, Optional<SmokeTestRunner> smokeTests, Optional<MetricVerifier> metrics,
                     Optional<Notifier> notifier, Optional<ReachabilityProbe> reachability) {
        this(flags, router, deployer, health, smokeTests, metrics, notifier, reachability, Optional.empty());
    }

    public static Actuators none() {
        return new Actuators(null, null, null, null, null, null, null, null, null);
    }

    public Actuators withFlags(FlagSwitch f) {
        return new Actuators(Optional.of(f), router, deployer, health, smokeTests, metrics, notifier, reachability, gitops);
    }

    public Actuators withRouter(TrafficRouter r) {
        return new Actuators(flags, Optional.of(r), deployer, health, smokeTests, metrics, notifier, reachability, gitops);
    }

    public Actuators withDeployer(Deployer d) {
        return new Actuators(flags, router, Optional.of(d), health, smokeTests, metrics, notifier, reachability, gitops);
    }

    public Actuators withHealth(HealthProbe h) {
        return new Actuators(flags, router, deployer, Optional.of(h), smokeTests, metrics, notifier, reachability, gitops);
    }

    public Actuators withSmokeTests(SmokeTestRunner s) {
        return new Actuators(flags, router, deployer, health, Optional.of(s), metrics, notifier, reachability, gitops);
    }

    public Actuators withMetrics(MetricVerifier m) {
        return new Actuators(flags, router, deployer, health, smokeTests, Optional.of(m), notifier, reachability, gitops);
    }

    public Actuators withNotifier(Notifier n) {
        return new Actuators(flags, router, deployer, health, smokeTests, metrics, Optional.of(n), reachability, gitops);
    }

    public Actuators withReachability(ReachabilityProbe p) {
        return new Actuators(flags, router, deployer, health, smokeTests, metrics, notifier, Optional.of(p), gitops);
    }

    public Actuators withGitOps(GitOps g) {
        return new Actuators(flags, router, deployer, health, smokeTests, metrics, notifier, reachability, Optional.of(g));
    }
}
