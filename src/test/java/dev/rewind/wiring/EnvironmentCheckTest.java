package dev.rewind.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.config.ConfigLoader;
import dev.rewind.config.RewindConfig;
import dev.rewind.model.BadInputException;
import dev.rewind.model.Trigger;
import dev.rewind.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a rollback will need is checked when the config loads, never discovered halfway through a rollback. */
class EnvironmentCheckTest {
    private static final String FILE = "rewind.yaml";

    private static EnvironmentWiring wire(String yaml) {
        RewindConfig cfg = new ConfigLoader(name -> null).parse(FILE, yaml).config();
        ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-22T10:00:00Z"));
        Integrations integrations = new Integrations(time, () -> {
            throw new AssertionError("no demo world here");
        });
        return EnvironmentWiring.build(cfg, cfg.environments().get("production"), cfg.policy(), integrations, time, alert -> { }, null);
    }

    private static final String HAPROXY = "    router: {type: haproxy, socket: /tmp/none.sock, backend: be_app}\n";

    @Test
    void aTriggerWhoseMetricHasNoQueryIsExitTwoAtStartUpNamingTheQueryField() {
        String yaml = """
                rollback_policy:
                  triggers:
                    checkout:
                      metric: checkout_failure_rate
                      threshold: 0.05
                environments:
                  production:
                    metrics:
                      type: prometheus
                      url: http://127.0.0.1:9090
                """ + HAPROXY;

        assertThatThrownBy(() -> wire(yaml)).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(2);
            assertThat(e.file()).isEqualTo(FILE);
            assertThat(e.line()).isEqualTo(8);
            assertThat(e.field()).isEqualTo("environments.production.metrics.queries.checkout_failure_rate");
            assertThat(e.getMessage()).contains("trigger 'checkout'", "enabled: false");
        });
    }

    @Test
    void aBlueGreenEnvironmentWithoutARouterIsRefusedBeforeAnythingActs() {
        String yaml = """
                environments:
                  production:
                    strategy: blue_green
                    metrics: {type: prometheus, url: http://127.0.0.1:9090}
                """;

        assertThatThrownBy(() -> wire(yaml)).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.field()).isEqualTo("environments.production.router");
            assertThat(e.getMessage()).contains("switch-traffic", "add a router: block");
        });
    }

    @Test
    void aRollingUpdateNeedsADeployerAndAHealthCheck() {
        String withoutDeployer = """
                environments:
                  production:
                    strategy: rolling_update
                    health_url: http://127.0.0.1:1/health
                """;
        String withoutHealth = """
                environments:
                  production:
                    strategy: rolling_update
                    deployer: {type: kubernetes, namespace: shop, deployment: shop}
                """;

        assertThatThrownBy(() -> wire(withoutDeployer)).isInstanceOfSatisfying(BadInputException.class,
                e -> assertThat(e.field()).isEqualTo("environments.production.deployer"));
        assertThatThrownBy(() -> wire(withoutHealth)).isInstanceOfSatisfying(BadInputException.class,
                e -> assertThat(e.field()).isEqualTo("environments.production.health_url"));
    }

    @Test
    void aFeatureFlagWithNoFlagServiceIsRefusedEvenWhereItsStepWouldOnlyAlert() {
        String yaml = """
                environments:
                  production:
                    feature_flag: new-checkout
                    metrics: {type: prometheus, url: http://127.0.0.1:9090}
                """ + HAPROXY;

        assertThatThrownBy(() -> wire(yaml)).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.field()).isEqualTo("environments.production.flags");
            assertThat(e.getMessage()).contains("new-checkout", "or remove what asks for it");
        });
    }

    @Test
    void windowsShorterThanTheSourcesResolutionAreWidenedAndSaidSo() {
        String yaml = """
                rollback_policy:
                  monitoring: {check_interval_seconds: 0.5}
                  triggers:
                    error_rate: {window_seconds: 1}
                environments:
                  production:
                    metrics: {type: prometheus, url: http://127.0.0.1:9090, step_seconds: 1, scrape_interval_seconds: 2}
                """ + HAPROXY;

        EnvironmentWiring w = wire(yaml);

        Trigger errorRate = w.policy().triggers().stream().filter(t -> t.name().equals("error_rate")).findFirst().orElseThrow();
        assertThat(errorRate.window()).isEqualTo(Duration.ofSeconds(2));
        assertThat(w.policy().triggers()).filteredOn(t -> t.name().equals("latency")).singleElement()
                .satisfies(t -> assertThat(t.window()).isEqualTo(Duration.ofMinutes(5)));
        assertThat(w.check().notes()).anySatisfy(n -> assertThat(n).contains("error_rate", "window 1 s", "widened to 2 s"))
                .anySatisfy(n -> assertThat(n).contains("checks run every 0.5 s"));
    }

    @Test
    void withoutAMetricSourceTheConsoleIsToldThatRecoveryWillGoUnverified() {
        String yaml = "environments:\n  production:\n    health_url: http://127.0.0.1:1/$version/health\n" + HAPROXY;

        EnvironmentWiring w = wire(yaml);

        assertThat(w.check().notes()).singleElement().satisfies(n -> assertThat(n).contains("recovery will not be verified", "success_unverified"));
    }
}
