package dev.rewind.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rewind.model.BadInputException;
import dev.rewind.secrets.SecretRegistry;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import dev.rewind.secrets.FreshSecrets;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Secrets are checked and registered when the config loads, whatever setting holds them; URLs must not carry
 * credentials. Every refusal names the file, the line and the field, never the value.
 */
@ExtendWith(FreshSecrets.class) // the secrets registered here do not outlive the class
class SecretSettingsTest {
    private static final String ID = UUID.randomUUID().toString();

    private static LoadedConfig load(String yaml, Map<String, String> env) {
        return new ConfigLoader(env::get).parse("rewind.yaml", yaml);
    }

    private static BadInputException refusal(String yaml, Map<String, String> env) {
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> load(yaml, env));
        assertThat(e).as("no error for:%n%s", yaml).isNotNull();
        assertThat(e.exitCode()).isEqualTo(2);
        return e;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "flags|unleash|token: \"${T}\"|6|environments.shop.flags.token",
            "metrics|prometheus|bearer_token: \"${T}\"|6|environments.shop.metrics.bearer_token",
            "metrics|prometheus|username: ops\\n      password: \"${T}\"|7|environments.shop.metrics.password"})
    void aSecretFromTheEnvironmentWithATrailingNewlineIsRefusedAtLoadNamingFileLineAndField(String block, String type, String settings,
                                                                                          int line, String field) {
        String secret = "tok-" + ID;
        String yaml = "environments:\n  shop:\n    " + block + ":\n      type: " + type + "\n      url: http://127.0.0.1:1\n      "
                + settings.replace("\\n", "\n") + "\n";

        BadInputException e = refusal(yaml, Map.of("T", secret + "\n"));

        assertThat(e.file()).isEqualTo("rewind.yaml");
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
        assertThat(e.getMessage()).contains("a line feed (U+000A) at its end").doesNotContain(secret);
    }

    @Test
    void aControlCharacterWrittenIntoTheFileIsRefusedToo() {
        BadInputException e = refusal("""
                environments:
                  shop:
                    flags: {type: unleash, url: "http://127.0.0.1:1", token: "tok\\r\\nX-Injected: 1"}
                """, Map.of());

        assertThat(e.field()).isEqualTo("environments.shop.flags.token");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).contains("carriage return").doesNotContain("X-Injected");
    }

    @Test
    void aSmokeTestAuthorizationHeaderIsASecretToo() {
        BadInputException e = refusal("""
                environments:
                  shop:
                    smoke_tests:
                      - url: http://127.0.0.1:1/orders
                        headers: {Authorization: "Bearer ${T}"}
                """, Map.of("T", "abc-" + ID + "\n"));

        assertThat(e.field()).isEqualTo("environments.shop.smoke_tests[0].headers.Authorization");
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.getMessage()).doesNotContain(ID);
    }

    @Test
    void aSmokeTestHeaderFilledFromAVariableIsASecretWhateverItsName() {
        // A4: X-Auth-Key does not look like a secret by its name; its value comes from ${SHOP_KEY}, so it is one
        BadInputException e = refusal("""
                environments:
                  shop:
                    smoke_tests:
                      - url: http://127.0.0.1:1/orders
                        headers: { X-Auth-Key: "${SHOP_KEY}" }
                """, Map.of("SHOP_KEY", "TopSecretValue42-" + ID + "\n"));

        assertThat(e.field()).isEqualTo("environments.shop.smoke_tests[0].headers.X-Auth-Key");
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.getMessage()).contains("a line feed (U+000A) at its end").doesNotContain(ID);

        load("""
                environments:
                  shop:
                    smoke_tests:
                      - url: http://127.0.0.1:1/orders
                        headers: { X-Auth-Key: "${SHOP_KEY}", Accept: application/json }
                """, Map.of("SHOP_KEY", "shopkey-" + ID));
        assertThat(SecretRegistry.global().isRegistered("shopkey-" + ID)).isTrue();
        assertThat(SecretRegistry.global().isRegistered("application/json")).as("a literal header is no secret").isFalse();
    }

    @Test
    void eachVariableInsideASecretIsRegisteredOnItsOwn() {
        // A4: "Bearer ${T}" registered only "Bearer T"; T alone (in an error, a URL, a body) went unmasked
        load("""
                environments:
                  shop:
                    metrics: {type: prometheus, url: "http://127.0.0.1:1", bearer_token: "prefix-${PROM}"}
                    smoke_tests:
                      - url: http://127.0.0.1:1/orders
                        headers: { Authorization: "Bearer ${T}" }
                        body: '{"key": "${BODY_KEY}"}'
                """, Map.of("T", "bearer-" + ID, "PROM", "prom-part-" + ID, "BODY_KEY", "body-" + ID));

        SecretRegistry registry = SecretRegistry.global();
        assertThat(registry.isRegistered("Bearer bearer-" + ID)).as("the whole header").isTrue();
        assertThat(registry.isRegistered("bearer-" + ID)).as("the variable on its own").isTrue();
        assertThat(registry.isRegistered("prom-part-" + ID)).as("a variable inside a secret setting").isTrue();
        assertThat(registry.isRegistered("body-" + ID)).as("a variable in a smoke test's body").isTrue();
    }

    @Test
    void aNotificationSecretIsCheckedAtLoadWhenItsVariableIsSet() {
        BadInputException e = refusal("""
                rollback_policy:
                  notifications:
                    pagerduty_routing_key: "${PD}"
                """, Map.of("PD", "rk-" + ID + "\0"));

        assertThat(e.field()).isEqualTo("pagerduty_routing_key");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).contains("NUL").doesNotContain(ID);
    }

    @Test
    void everySecretTheConfigResolvesIsRegisteredForMaskingWhenItLoads() {
        load("""
                rollback_policy:
                  notifications:
                    slack_webhook: "https://hooks.slack.com/services/T0/B0/${SLACK}"
                    pagerduty_routing_key: "${PD}"
                alertmanager: {type: alertmanager, hmac_secret: "hmac-%1$s"}
                environments:
                  shop:
                    metrics: {type: prometheus, url: "http://127.0.0.1:1", bearer_token: "${PROM}"}
                    flags: {type: unleash, url: "http://127.0.0.1:1", token: "unleash-%1$s"}
                    smoke_tests:
                      - {url: "http://127.0.0.1:1/x", headers: {X-Api-Key: "key-%1$s"}}
                """.formatted(ID), Map.of("SLACK", "slack-" + ID, "PD", "pd-" + ID, "PROM", "prom-" + ID + "  "));

        SecretRegistry registry = SecretRegistry.global();
        assertThat(registry.isRegistered("https://hooks.slack.com/services/T0/B0/slack-" + ID)).as("the whole Slack URL").isTrue();
        assertThat(registry.isRegistered("pd-" + ID)).isTrue();
        assertThat(registry.isRegistered("hmac-" + ID)).isTrue();
        assertThat(registry.isRegistered("prom-" + ID + "  ")).as("as resolved").isTrue();
        assertThat(registry.isRegistered("prom-" + ID)).as("and trimmed").isTrue();
        assertThat(registry.isRegistered("unleash-" + ID)).isTrue();
        assertThat(registry.isRegistered("key-" + ID)).isTrue();
    }

    @Test
    void aMissingVariableIsStillAnErrorOnlyWhereItIsUsed() {
        LoadedConfig config = load("""
                environments:
                  shop:
                    flags: {type: unleash, url: "http://127.0.0.1:1", token: "${NOT_SET_HERE}"}
                """, Map.of());

        assertThat(config.config().environments()).containsKey("shop");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "health_url: \"http://admin:hunter2@shop-$version:8080/health\"|environments.shop.health_url|a user:password@ part|3",
            "health_url: \"http://shop-$version:8080/health?access_token=hunter2\"|environments.shop.health_url|query parameter 'access_token'|3",
            "smoke_tests:\\n      - url: \"http://shop/x?token=hunter2\"|environments.shop.smoke_tests[0].url|query parameter 'token'|4",
            "dependencies: [\"postgresql://app:hunter2@db:5432/shop\"]|environments.shop.dependencies[0]|a user:password@ part|3",
            "metrics: {type: prometheus, url: \"http://prom:9090/?key=hunter2\"}|environments.shop.metrics.url|query parameter 'key'|3",
            "flags: {type: unleash, url: \"http://ops:hunter2@unleash:4242\", token: t0k3n-x}|environments.shop.flags.url|a user:password@ part|3"})
    void credentialsInAUrlAreRefusedAtLoadNamingTheField(String setting, String field, String found, int line) {
        BadInputException e = refusal("environments:\n  shop:\n    " + setting.replace("\\n", "\n") + "\n", Map.of());

        assertThat(e.field()).isEqualTo(field);
        assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
        assertThat(e.getMessage()).contains("credentials do not belong in the URL").contains(found).doesNotContain("hunter2");
    }

    @Test
    void aWebhookUrlIsASecretButMayNotCarryCredentialsEither() {
        BadInputException e = refusal("""
                rollback_policy:
                  notifications:
                    slack_webhook: "https://hooks.slack.com/services/T0/B0/%1$s"
                    webhook_url: "https://hooks.example.com/rollbacks?token=wh-%1$s"
                """.formatted(ID), Map.of());

        assertThat(e.field()).isEqualTo("webhook_url");
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.getMessage()).contains("query parameter 'token'").doesNotContain(ID);
        assertThat(SecretRegistry.global().isRegistered("https://hooks.slack.com/services/T0/B0/" + ID))
                .as("Slack's secret is in the path: its URL, read first, was accepted and registered whole").isTrue();
    }
}
