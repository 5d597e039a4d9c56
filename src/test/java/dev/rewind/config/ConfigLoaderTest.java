package dev.rewind.config;

import dev.rewind.model.Aggregation;
import dev.rewind.model.AutomationLevel;
import dev.rewind.model.BadInputException;
import dev.rewind.model.Comparison;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.Severity;
import dev.rewind.model.Threshold;
import dev.rewind.model.Trigger;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.rewind.secrets.FreshSecrets;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshSecrets.class) // the secrets registered here do not outlive the class
class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader(Map.of("SLACK_WEBHOOK_URL", "https://hooks.example/T1", "CEO_EMAIL", "ceo@example.com")::get);

    static Path resource(String name) {
        try {
            return Path.of(ConfigLoaderTest.class.getResource("/config/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Trigger trigger(RollbackPolicy p, String name) {
        return p.triggers().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no trigger " + name + " in " + p.triggers()));
    }

    @Test
    void theBlindLimitIsReadInEitherSeedsShapeAndDefaultsToFiveMinutes() {
        assertThat(loader.parse("a.yml", "rollback_policy:\n  monitoring:\n    blind_limit_seconds: 42\n").config().policy().blindLimit())
                .isEqualTo(Duration.ofSeconds(42));
        assertThat(loader.parse("a.json", "{\"auto_rollback\": {\"blind_limit_seconds\": 90}}").config().policy().blindLimit())
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(loader.parse("a.yml", "rollback_policy:\n  enabled: true\n").config().policy().blindLimit()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void defaultsAreSeed001sTriggersAllRollingBackAtOnce() {
        RollbackPolicy p = ConfigLoader.defaults().policy();
        assertThat(p.triggers()).extracting(Trigger::name).containsExactly("error_rate", "latency", "memory", "database", "health_check");
        assertThat(p.triggers()).allMatch(t -> t.automation() == AutomationLevel.FULL);
        assertThat(trigger(p, "error_rate").threshold()).isEqualTo(new Threshold.RelativeToBaseline(2.0));
        assertThat(trigger(p, "latency").metric()).isEqualTo("p95_latency_ms");
        assertThat(trigger(p, "latency").severity()).isEqualTo(Severity.HIGH);
        assertThat(trigger(p, "memory").window()).isEqualTo(Duration.ofMinutes(10));
        assertThat(trigger(p, "database").aggregation()).isEqualTo(Aggregation.SUM);
        assertThat(trigger(p, "database").window()).isEqualTo(Duration.ofMinutes(2));
        assertThat(trigger(p, "health_check").threshold()).isEqualTo(new Threshold.Absolute(3));
        assertThat(p.checkInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.baselineWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.maxRollbackAttempts()).isEqualTo(3);
        assertThat(p.healthCheckTimeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void readsSeed001sYamlUnchanged() {
        LoadedConfig loaded = loader.read(resource("seed-001-rollback-config.yml"));
        RollbackPolicy p = loaded.config().policy();
        assertThat(p.enabled()).isTrue();
        assertThat(p.checkInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.triggers()).extracting(Trigger::name).containsExactly("error_rate", "latency", "memory", "database", "health_check");
        Trigger latency = trigger(p, "latency");
        assertThat(latency.metric()).isEqualTo("p95_latency_ms");
        assertThat(latency.threshold()).isEqualTo(new Threshold.RelativeToBaseline(1.5));
        // seed 001's YAML entry changes the default latency trigger, whose seed-001 action is immediate_rollback
        assertThat(latency.automation()).isEqualTo(AutomationLevel.FULL);
        assertThat(trigger(p, "error_rate").automation()).isEqualTo(AutomationLevel.FULL);
        assertThat(trigger(p, "memory").threshold()).isEqualTo(new Threshold.Absolute(90));
        assertThat(trigger(p, "health_check").aggregation()).isEqualTo(Aggregation.SUM);
        assertThat(p.maxRollbackAttempts()).isEqualTo(3);
        assertThat(loaded.config().notificationChannels()).containsExactly("slack", "email");
        assertThat(loaded.config().settings()).containsEntry("slack_webhook", "${SLACK_WEBHOOK_URL}");
        assertThat(loaded.settings().resolve("slack_webhook")).isEqualTo("https://hooks.example/T1");
    }

    @Test
    void loadsSeed001WithoutItsVariablesAndFailsOnlyWhereOneIsUsed() {
        LoadedConfig loaded = new ConfigLoader(k -> null).read(resource("seed-001-rollback-config.yml"));
        assertThat(loaded.config().policy().triggers()).hasSize(5);
        assertThatThrownBy(() -> loaded.settings().resolve("slack_webhook"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("seed-001-rollback-config.yml:38")
                .hasMessageContaining("SLACK_WEBHOOK_URL");
        assertThat(loaded.settings().toString()).doesNotContain("${");
    }

    @Test
    void readsSeed004sJsonUnchanged() {
        RewindConfig cfg = loader.read(resource("seed-004-auto-rollback.json")).config();
        RollbackPolicy p = cfg.policy();
        Trigger errors = trigger(p, "error_rate");
        assertThat(errors.threshold()).isEqualTo(new Threshold.Absolute(0.01));
        assertThat(errors.holdFor()).isEqualTo(Duration.ofSeconds(120));
        assertThat(errors.window()).isNull();
        assertThat(errors.automation()).isEqualTo(AutomationLevel.FULL);
        Trigger p99 = trigger(p, "latency_p99");
        assertThat(p99.metric()).isEqualTo("p99_latency_ms");
        assertThat(p99.comparison()).isEqualTo(Comparison.GREATER_THAN);
        assertThat(p99.holdFor()).isEqualTo(Duration.ofSeconds(300));
        Trigger health = trigger(p, "health_check_failures");
        assertThat(health.consecutive()).isTrue();
        assertThat(trigger(p, "auth_failure_rate").automation()).isEqualTo(AutomationLevel.FULL);
        assertThat(p.triggers()).extracting(Trigger::name)
                .contains("latency", "memory", "database", "health_check", "auth_failure_rate");
        assertThat(p.rollbackTimeout()).isEqualTo(Duration.ofSeconds(900));
        assertThat(cfg.notificationChannels()).containsExactly("slack", "pagerduty", "email");
        assertThat(cfg.settings()).containsEntry("operation_id", "op-12345").containsEntry("safety_checks.verify_backup_exists", "true");
    }

    @Test
    void manualConfirmationMakesEveryConfiguredTriggerAskForApproval() {
        String json = """
                {"auto_rollback": {"require_manual_confirmation": true,
                  "triggers": [{"metric": "error_rate", "threshold": 0.05, "comparison": "gt"}]}}""";
        RollbackPolicy p = loader.parse("c.json", json).config().policy();
        assertThat(trigger(p, "error_rate").automation()).isEqualTo(AutomationLevel.SEMI);
    }

    @Test
    void aNewTriggerKindWithoutAnActionTakesSeed003sTableWhileAnOverriddenDefaultKeepsItsOwn() {
        String yaml = """
                rollback_policy:
                  triggers:
                    latency:
                      multiplier: 1.8
                    conversion_rate:
                      threshold: 0.02
                      comparison: less_than
                """;
        RollbackPolicy p = loader.parse("c.yml", yaml).config().policy();
        assertThat(trigger(p, "latency").automation()).isEqualTo(AutomationLevel.FULL);
        assertThat(trigger(p, "conversion_rate").automation()).isEqualTo(AutomationLevel.MANUAL);
    }

    @Test
    void aRelativeTriggerMayHaveAMinimumInYamlAndJson() {
        String yaml = """
                rollback_policy:
                  triggers:
                    error_rate:
                      multiplier: 2.0
                      min_threshold: 1.0
                """;
        assertThat(trigger(loader.parse("c.yml", yaml).config().policy(), "error_rate").threshold())
                .isEqualTo(new Threshold.RelativeToBaseline(2.0, 1.0));
        String json = """
                {"auto_rollback": {"triggers": [{"metric": "error_rate", "multiplier": 3, "min_threshold": 0.02, "comparison": "greater_than"}]}}""";
        assertThat(trigger(loader.parse("c.json", json).config().policy(), "error_rate").threshold())
                .isEqualTo(new Threshold.RelativeToBaseline(3.0, 0.02));
    }

    @Test
    void aMinimumNeedsAMultiplierAndAnUpwardRule() {
        String absolute = """
                rollback_policy:
                  triggers:
                    memory:
                      threshold_percent: 90
                      min_threshold: 50
                """;
        assertThatThrownBy(() -> loader.parse("c.yml", absolute)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("c.yml:5").hasMessageContaining("min_threshold").hasMessageContaining("multiplier");
        String downward = """
                rollback_policy:
                  triggers:
                    throughput:
                      metric: request_rate
                      multiplier: 0.5
                      min_threshold: 10
                      comparison: less_than
                """;
        assertThatThrownBy(() -> loader.parse("c.yml", downward)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("c.yml:6").hasMessageContaining("fires below");
    }

    @Test
    void disabledPolicyIsKeptAndADisabledTriggerRemovesTheDefault() {
        String yaml = """
                rollback_policy:
                  enabled: false
                  triggers:
                    memory:
                      enabled: false
                    latency:
                      action: immediate_rollback
                      for: 2m
                    queue_depth:
                      metric: queue_depth
                      threshold: 100
                      window_seconds: 90
                      severity: high
                      automation: full
                """;
        RollbackPolicy p = loader.parse("c.yml", yaml).config().policy();
        assertThat(p.enabled()).isFalse();
        assertThat(p.triggers()).extracting(Trigger::name).containsExactly("error_rate", "latency", "database", "health_check", "queue_depth");
        assertThat(trigger(p, "latency").automation()).isEqualTo(AutomationLevel.FULL);
        assertThat(trigger(p, "latency").holdFor()).isEqualTo(Duration.ofMinutes(2));
        assertThat(trigger(p, "queue_depth").window()).isEqualTo(Duration.ofSeconds(90));
        assertThat(trigger(p, "queue_depth").severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void readsEnvironmentsAndIntegrationBlocksWithTheirLines() {
        String yaml = """
                metrics:
                  type: prometheus
                  url: http://127.0.0.1:9090
                environments:
                  production:
                    service: checkout
                    strategy: blue_green
                    production: true
                    feature_flag: new-checkout
                    router:
                      type: haproxy
                      socket: /run/haproxy.sock
                    health_url: http://127.0.0.1:8080/health
                    smoke_tests:
                      - name: home
                        url: http://127.0.0.1:8080/
                        expect_status: 200
                        headers: {Authorization: "Bearer ${TOKEN}"}
                    dependencies: [payments]
                """;
        RewindConfig cfg = loader.parse("c.yml", yaml).config();
        assertThat(cfg.metrics().type()).isEqualTo("prometheus");
        assertThat(cfg.metrics().string("url", null)).isEqualTo("http://127.0.0.1:9090");
        EnvironmentConfig prod = cfg.environments().get("production");
        assertThat(prod.service()).isEqualTo("checkout");
        assertThat(prod.production()).isTrue();
        assertThat(prod.router().type()).isEqualTo("haproxy");
        assertThat(prod.router().line()).isEqualTo(10);
        assertThat(prod.router().path()).isEqualTo("environments.production.router");
        assertThat(prod.smokeTests()).singleElement().satisfies(s -> {
            assertThat(s.expectStatus()).isEqualTo(200);
            assertThat(s.headers()).containsEntry("Authorization", "Bearer ${TOKEN}");
        });
        assertThat(prod.dependencies()).containsExactly("payments");
        assertThat(cfg.policy().triggers()).hasSize(5);
    }
}
