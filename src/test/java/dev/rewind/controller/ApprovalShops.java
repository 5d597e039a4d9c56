package dev.rewind.controller;

import dev.rewind.act.Actuators;
import dev.rewind.act.Strategy;
import dev.rewind.config.ConfigLoader;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.model.AutomationLevel;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.Trigger;
import dev.rewind.store.RewindStore;
import dev.rewind.time.ManualTimeSource;
import dev.rewind.verify.MetricVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Several simulated shops in one store, for tests outside this package (the dashboard's): each its own service in
 * its own environment, 2.3.1 current, a candidate 2.4.0 whose new checkout fails 20% of requests, and seed 001's
 * policy with the error-rate trigger semi-automatic, so a spike prepares a rollback that waits for a person.
 */
public final class ApprovalShops {
    public final ManualTimeSource time;
    public final RewindStore store;
    private final Map<String, ShopWorld> worlds = new LinkedHashMap<>();
    private final Map<String, FleetEnvironment> environments = new LinkedHashMap<>();

    /** @param services environment name to service name */
    public ApprovalShops(Path dir, ManualTimeSource time, Map<String, String> services) {
        this.time = time;
        this.store = RewindStore.open(dir.resolve("rewind.db"), time.clock());
        RollbackPolicy seed = ConfigLoader.defaults().policy();
        List<Trigger> semi = seed.triggers().stream().map(t -> t.name().equals("error_rate")
                ? new Trigger(t.name(), t.metric(), t.comparison(), t.threshold(), t.aggregation(), t.window(), t.holdFor(), t.consecutive(),
                t.severity(), AutomationLevel.SEMI) : t).toList();
        RollbackPolicy policy = seed.withTriggers(semi);
        services.forEach((envName, service) -> {
            ShopWorld world = new ShopWorld(time, service, "2.3.1").build("2.3.1", Fault.NONE, null).build("2.4.0", Fault.ERROR_SPIKE, "new-checkout");
            ShopMetrics metrics = new ShopMetrics(world);
            EnvironmentConfig cfg = new EnvironmentConfig(envName, service, "blue_green", true, "new-checkout", null, null, null, null, null,
                    List.of(), List.of(), "rewind.yaml", 1);
            Actuators actuators = Actuators.none().withFlags(world).withRouter(world).withDeployer(world).withHealth(world)
                    .withMetrics(new MetricVerifier(metrics, time, policy.checkInterval()));
            worlds.put(envName, world);
            environments.put(envName, new FleetEnvironment(cfg, Strategy.BLUE_GREEN, Optional.of(metrics), actuators, policy));
            store.releases().register(new Release(service, envName, "2.3.1", "2.2.0", time.now(), List.of(), null, 100, null));
        });
    }

    public Map<String, FleetEnvironment> environments() {
        return Map.copyOf(environments);
    }

    /** An hour later, 2.4.0 takes the traffic of every shop (nobody has told Rewind yet). */
    public void ship() {
        time.advance(Duration.ofHours(1));
        worlds.forEach((env, world) -> world.release("2.4.0", "2.3.1"));
    }

    /** What share of the environment's traffic a version has now. */
    public double percent(String environment, String version) {
        return worlds.get(environment).routes().percent(version);
    }
}
