package dev.rewind.wiring;

import dev.rewind.act.Deployer;
import dev.rewind.act.FlagSwitch;
import dev.rewind.act.TrafficRouter;
import dev.rewind.config.IntegrationConfig;
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
import java.util.function.Supplier;

/**
 * Config {@code type} → implementation: one line per outside system (Flagger's factory). The {@code demo}
 * type is the embedded world, started on first use by the supplier.
 */
public final class Integrations {
    private final TimeSource time;
    private final Supplier<EmbeddedWorld> demo;

    public Integrations(TimeSource time, Supplier<EmbeddedWorld> demo) {
        this.time = time;
        this.demo = demo;
    }

    public MetricSource metricSource(IntegrationConfig c) {
        return switch (c.type()) {
            case "prometheus" -> PrometheusMetricSource.from(c);
            case "demo" -> demo.get().metrics();
            default -> throw unknown(c, "prometheus, demo");
        };
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
