package dev.rewind.controller;

import dev.rewind.act.Actuators;
import dev.rewind.act.Strategy;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.observe.MetricSource;
import java.util.Objects;
import java.util.Optional;

/**
 * One configured environment as server mode runs it: built and checked by the wiring when the server starts,
 * so the controller never knows which router, deployer or metric store it talks to.
 *
 * @param policy the environment's policy, its windows already widened to the metric source's resolution
 */
public record FleetEnvironment(EnvironmentConfig config, Strategy strategy, Optional<MetricSource> metrics, Actuators actuators,
                               RollbackPolicy policy) {
    public FleetEnvironment {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(actuators, "actuators");
        Objects.requireNonNull(policy, "policy");
        metrics = metrics == null ? Optional.empty() : metrics;
    }

    public String name() {
        return config.name();
    }
}
