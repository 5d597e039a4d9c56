package dev.rewind.config;

import dev.rewind.model.SmokeTest;
import java.util.List;

/**
 * An environment Rewind can roll back (seed 002's --environment): which service, which strategy and
 * which outside systems act on it.
 *
 * @param strategy    blue_green, canary, rolling_update, feature_flag, config (seed 003)
 * @param production  true: a manual rollback needs --reason
 * @param metrics     the metric source, or null to use the top-level one
 * @param file        the config file it came from, and {@code line} the line of its name, for error messages
 * @param database    the database a plan's restore step acts on (type liquibase or postgres), or null
 * @param configStore where the service's configuration and its snapshots live (kubernetes-configmap, kubernetes-secret, file), or null
 * @param cache       the cache a plan's flush step empties (type redis), or null
 * @param gitops      the GitOps controller and config repository, or null when nothing syncs it from Git
 * @param releaseSource the Deployment whose new revisions server mode registers as releases, or null (releases come through the API)
 * @param plan        the rollback plan as code that replaces the built-in plan ({@code plan: FILE}), or null
 * @param maintenance how the service is put into maintenance (seed 001), and whether rollbacks do it; null: never
 */
public record EnvironmentConfig(
        String name,
        String service,
        String strategy,
        boolean production,
        String featureFlag,
        IntegrationConfig metrics,
        IntegrationConfig router,
        IntegrationConfig deployer,
        IntegrationConfig flags,
        String healthUrl,
        List<SmokeTest> smokeTests,
        List<String> dependencies,
        String file,
        int line,
        IntegrationConfig database,
        IntegrationConfig configStore,
        IntegrationConfig cache,
        GitOpsConfig gitops,
        ReleaseSourceConfig releaseSource,
        dev.rewind.plan.RollbackPlanFile plan,
        MaintenanceConfig maintenance) {

    public EnvironmentConfig {
        smokeTests = smokeTests == null ? List.of() : List.copyOf(smokeTests);
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
    }

    /** An environment without maintenance mode. */
    public EnvironmentConfig(String name, String service, String strategy, boolean production, String featureFlag, IntegrationConfig metrics,
                             IntegrationConfig router, IntegrationConfig deployer, IntegrationConfig flags, String healthUrl,
                             List<SmokeTest> smokeTests, List<String> dependencies, String file, int line, IntegrationConfig database,
                             IntegrationConfig configStore, IntegrationConfig cache, GitOpsConfig gitops, ReleaseSourceConfig releaseSource,
                             dev.rewind.plan.RollbackPlanFile plan) {
        this(name, service, strategy, production, featureFlag, metrics, router, deployer, flags, healthUrl, smokeTests, dependencies, file, line,
                database, configStore, cache, gitops, releaseSource, plan, null);
    }

    /** An environment with the built-in plan, whose releases come only through the API and the CLI. */
    public EnvironmentConfig(String name, String service, String strategy, boolean production, String featureFlag, IntegrationConfig metrics,
                             IntegrationConfig router, IntegrationConfig deployer, IntegrationConfig flags, String healthUrl,
                             List<SmokeTest> smokeTests, List<String> dependencies, String file, int line, IntegrationConfig database,
                             IntegrationConfig configStore, IntegrationConfig cache, GitOpsConfig gitops) {
        this(name, service, strategy, production, featureFlag, metrics, router, deployer, flags, healthUrl, smokeTests, dependencies, file, line,
                database, configStore, cache, gitops, null, null);
    }

    /** The same environment running {@code plan} instead of the built-in plan. */
    public EnvironmentConfig withPlan(dev.rewind.plan.RollbackPlanFile plan) {
        return new EnvironmentConfig(name, service, strategy, production, featureFlag, metrics, router, deployer, flags, healthUrl, smokeTests,
                dependencies, file, line, database, configStore, cache, gitops, releaseSource, plan, maintenance);
    }

    /** An environment without data actuators (no database, config store or cache) and without GitOps. */
    public EnvironmentConfig(String name, String service, String strategy, boolean production, String featureFlag, IntegrationConfig metrics,
                             IntegrationConfig router, IntegrationConfig deployer, IntegrationConfig flags, String healthUrl,
                             List<SmokeTest> smokeTests, List<String> dependencies, String file, int line) {
        this(name, service, strategy, production, featureFlag, metrics, router, deployer, flags, healthUrl, smokeTests, dependencies, file, line,
                null, null, null, null, null, null);
    }

    /** An error about this environment (a block it lacks, a setting that contradicts its strategy). */
    public dev.rewind.model.BadInputException error(String field, String problem) {
        return new dev.rewind.model.BadInputException(file, line, "environments." + name + (field == null ? "" : "." + field), problem);
    }
}
