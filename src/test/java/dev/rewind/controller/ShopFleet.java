package dev.rewind.controller;

import dev.rewind.act.Actuators;
import dev.rewind.act.Strategy;
import dev.rewind.config.ConfigLoader;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.store.RewindStore;
import dev.rewind.time.ManualTimeSource;
import dev.rewind.verify.MetricVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated shop as server mode sees it, for tests outside this package (the REST API's): one production
 * environment "production" (service shop, blue-green, flag new-checkout), 2.3.1 registered as current, and a
 * candidate 2.4.0 with the given fault, all on a manual clock.
 */
public final class ShopFleet {
    public final ManualTimeSource time;
    public final ShopWorld world;
    public final RewindStore store;
    public final FleetEnvironment environment;

    public ShopFleet(Path dir, ManualTimeSource time, Fault fault, RollbackPolicy policy) {
        this(RewindStore.open(dir.resolve("rewind.db"), time.clock()), time, fault, policy);
    }

    /** The shop on a store opened elsewhere (a PostgreSQL one). */
    public ShopFleet(RewindStore store, ManualTimeSource time, Fault fault, RollbackPolicy policy) {
        this.time = time;
        world = new ShopWorld(time, "shop", "2.3.1").build("2.3.1", Fault.NONE, null).build("2.4.0", fault, "new-checkout");
        ShopMetrics metrics = new ShopMetrics(world);
        this.store = store;
        EnvironmentConfig cfg = new EnvironmentConfig("production", "shop", "blue_green", true, "new-checkout", null, null, null, null, null,
                List.of(), List.of(), "rewind.yaml", 1);
        Actuators actuators = Actuators.none().withFlags(world).withRouter(world).withDeployer(world).withHealth(world)
                .withMetrics(new MetricVerifier(metrics, time, policy.checkInterval()));
        environment = new FleetEnvironment(cfg, Strategy.BLUE_GREEN, Optional.of(metrics), actuators, policy);
        store.releases().register(new Release("shop", "production", "2.3.1", "2.2.0", time.now(), List.of(), null, 100, null));
    }

    public ShopFleet(Path dir, ManualTimeSource time, Fault fault) {
        this(dir, time, fault, ConfigLoader.defaults().policy());
    }

    public Map<String, FleetEnvironment> environments() {
        return Map.of("production", environment);
    }

    /** An hour later, 2.4.0 takes the traffic (the world changes; nobody has told Rewind yet). */
    public void ship() {
        time.advance(Duration.ofHours(1));
        world.release("2.4.0", "2.3.1");
    }
}
