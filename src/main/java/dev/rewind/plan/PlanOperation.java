package dev.rewind.plan;

import java.util.List;

/**
 * Seed 004's "Operation Summary": what changes, which services it touches and how risky it is.
 *
 * @param deploymentType seed 003's deployment types (blue_green, feature_flag, canary, rolling_update, database_migration,
 *                       config); it sets the complexity score's base and the rollback strategy the steps run under
 * @param dependencies   what the services depend on (each adds to seed 003's complexity score)
 * @param riskLevel      the risk the plan's author states: low, medium, high or critical
 */
public record PlanOperation(String summary, String deploymentType, List<AffectedService> services, List<String> dependencies,
                            String riskLevel, String riskReason) {
    public PlanOperation {
        services = List.copyOf(services);
        dependencies = List.copyOf(dependencies);
    }

    /** @param role application, database, cache, config, or another word; only applications are rolled back by steps */
    public record AffectedService(String name, String role, String environment) {
    }
}
