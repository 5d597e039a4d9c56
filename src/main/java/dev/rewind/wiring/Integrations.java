package dev.rewind.wiring;

import dev.rewind.act.CacheInvalidator;
import dev.rewind.act.ConfigStore;
import dev.rewind.act.DatabaseActuator;
import dev.rewind.act.DatabaseBackups;
import dev.rewind.act.DatabaseMigrator;
import dev.rewind.act.Deployer;
import dev.rewind.act.FlagSwitch;
import dev.rewind.act.TrafficRouter;
import dev.rewind.config.ActuatorBlocks;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.integrations.configfile.FileConfigStore;
import dev.rewind.integrations.kubernetes.KubernetesConfigStore;
import dev.rewind.integrations.liquibase.LiquibaseMigrator;
import dev.rewind.integrations.postgres.PostgresBackups;
import dev.rewind.integrations.postgres.PostgresConnector;
import dev.rewind.integrations.postgres.PostgresGuard;
import dev.rewind.integrations.postgres.PostgresSettings;
import dev.rewind.integrations.redis.RedisCache;
import dev.rewind.integrations.builtin.BuiltinFlagStore;
import dev.rewind.integrations.flagd.FlagdFlagSwitch;
import dev.rewind.integrations.haproxy.HaproxyRouter;
import dev.rewind.integrations.kubernetes.KubernetesDeployer;
import dev.rewind.integrations.kubernetes.KubernetesServiceRouter;
import dev.rewind.integrations.nginx.NginxRouter;
import dev.rewind.integrations.prometheus.PrometheusMetricSource;
import dev.rewind.integrations.unleash.UnleashFlagSwitch;
import dev.rewind.model.BadInputException;
import dev.rewind.observe.MetricSource;
import dev.rewind.time.TimeSource;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Config {@code type} → implementation: one line per outside system (Flagger's factory). The {@code demo}
 * type is the embedded world, started on first use by the supplier.
 */
public final class Integrations {
    private final TimeSource time;
    private final Supplier<EmbeddedWorld> demo;
    /** Environments that use the same metrics block (the top-level one) share one source, so server mode reads them together. */
    private final Map<IntegrationConfig, MetricSource> metricSources = new IdentityHashMap<>();

    public Integrations(TimeSource time, Supplier<EmbeddedWorld> demo) {
        this.time = time;
        this.demo = demo;
    }

    public synchronized MetricSource metricSource(IntegrationConfig c) {
        MetricSource known = metricSources.get(c);
        if (known != null) return known;
        MetricSource made = switch (c.type()) {
            case "prometheus" -> PrometheusMetricSource.from(c);
            case "demo" -> demo.get().metrics();
            default -> throw unknown(c, "prometheus, demo");
        };
        metricSources.put(c, made);
        return made;
    }

    public TrafficRouter router(IntegrationConfig c) {
        return switch (c.type()) {
            case "haproxy" -> HaproxyRouter.from(c);
            case "nginx" -> NginxRouter.from(c);
            case "kubernetes" -> KubernetesServiceRouter.from(c);
            case "demo" -> demo.get().router();
            default -> throw unknown(c, "haproxy, nginx, kubernetes, demo");
        };
    }

    public Deployer deployer(IntegrationConfig c) {
        return switch (c.type()) {
            case "kubernetes" -> KubernetesDeployer.from(c, time);
            case "demo" -> demo.get().supervisor();
            default -> throw unknown(c, "kubernetes, demo");
        };
    }

    public FlagSwitch flags(IntegrationConfig c) {
        return switch (c.type()) {
            case "unleash" -> UnleashFlagSwitch.from(c);
            case "flagd" -> FlagdFlagSwitch.from(c);
            case "builtin" -> BuiltinFlagStore.from(c);
            case "demo" -> demo.get().flags();
            default -> throw unknown(c, "unleash, flagd, builtin, demo");
        };
    }

    /** {@code database:} liquibase (schema rollback, plus backups with backup_dir) or postgres (backups only). */
    public DatabaseActuator database(IntegrationConfig c) {
        if (!c.type().equals("liquibase") && !c.type().equals("postgres")) throw unknown(c, "liquibase, postgres");
        c.allowOnly(ActuatorBlocks.keys("database", c.type()));
        PostgresConnector connector = new PostgresConnector(PostgresSettings.from(c));
        Optional<DatabaseMigrator> migrator = c.type().equals("liquibase")
                ? Optional.of(LiquibaseMigrator.from(c, connector::open)) : Optional.empty();
        Optional<DatabaseBackups> backups = connector.settings().backupDir() == null ? Optional.empty() : Optional.of(new PostgresBackups(connector));
        return new DatabaseActuator(new PostgresGuard(connector, time), migrator, backups, connector.settings().compareTables());
    }

    public ConfigStore configStore(IntegrationConfig c) {
        return switch (c.type()) {
            case "kubernetes-configmap" -> KubernetesConfigStore.from(c, KubernetesConfigStore.Kind.CONFIGMAP, time);
            case "kubernetes-secret" -> KubernetesConfigStore.from(c, KubernetesConfigStore.Kind.SECRET, time);
            case "file" -> FileConfigStore.from(c, time);
            default -> throw unknown(c, "kubernetes-configmap, kubernetes-secret, file");
        };
    }

    public CacheInvalidator cache(IntegrationConfig c) {
        return switch (c.type()) {
            case "redis" -> RedisCache.from(c);
            default -> throw unknown(c, "redis");
        };
    }

    /** The environment's GitOps controller and config repository ({@code gitops:}); the deployer block lends its cluster. */
    public dev.rewind.act.GitOps gitops(dev.rewind.config.GitOpsConfig c, IntegrationConfig deployer) {
        return dev.rewind.integrations.gitops.GitOpsIntegration.build(c, deployer, time);
    }

    public dev.rewind.verify.HealthProbe demoHealth() {
        return demo.get().healthProbe();
    }

    private static BadInputException unknown(IntegrationConfig c, String known) {
        return new BadInputException(c.file(), c.line(), c.path() + ".type", "unknown type '" + c.type() + "'; expected one of: " + known);
    }
}
