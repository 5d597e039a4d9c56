package dev.rewind.integrations.unleash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.BadInputException;
import dev.rewind.model.UnreachableException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Against a real unleash-server on a real PostgreSQL, both started by {@link UnleashServer}. */
class UnleashFlagSwitchTest {
    private static UnleashServer unleash;
    private final HttpClient http = HttpClient.newHttpClient();
    private String flag;

    /** Past the default timeout: it may install unleash-server (bounded, 10 min) and runs its first migrations (5 min). */
    @BeforeAll
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    static void startUnleash() throws Exception {
        unleash = UnleashServer.start();
    }

    @AfterAll
    static void stopUnleash() throws Exception {
        if (unleash != null) unleash.close();
    }

    /** A fresh kill-switch flag, switched on in production through the Admin API, as a release would leave it. */
    @BeforeEach
    void newFlagOnInProduction() throws Exception {
        flag = "checkout-v2-" + UUID.randomUUID().toString().substring(0, 8);
        admin("POST", "/api/admin/projects/default/features", "{\"name\":\"" + flag + "\",\"type\":\"kill-switch\"}");
        admin("POST", "/api/admin/projects/default/features/" + flag + "/environments/production/on", null);
    }

    private UnleashFlagSwitch flags(String token) {
        return new UnleashFlagSwitch(URI.create(unleash.url), "default", "production", token, http);
    }

    private boolean enabledInProductionAccordingToUnleash() throws Exception {
        String body = admin("GET", "/api/admin/projects/default/features/" + flag, null);
        var env = tools.jackson.databind.json.JsonMapper.builder().build().readTree(body).path("environments");
        for (var e : env) if ("production".equals(e.path("name").asString())) return e.path("enabled").asBoolean();
        throw new AssertionError("no production environment in " + body);
    }

    @Test
    void disablingTurnsTheFlagOffInTheConfiguredEnvironment() throws Exception {
        var flags = flags(unleash.adminToken);
        assertThat(flags.isEnabled(flag)).isTrue();

        flags.disable(flag);

        assertThat(enabledInProductionAccordingToUnleash()).isFalse();
        assertThat(flags.isEnabled(flag)).isFalse();
    }

    @Test
    void enablingTurnsItBackOn() throws Exception {
        var flags = flags(unleash.adminToken);
        flags.disable(flag);

        flags.enable(flag);

        assertThat(enabledInProductionAccordingToUnleash()).isTrue();
    }

    @Test
    void aWrongTokenIsReportedAsRefusedCredentialsWithoutTheToken() throws Exception {
        var flags = flags("*:*.not-the-admin-token");

        assertThatThrownBy(() -> flags.disable(flag))
                .isInstanceOfSatisfying(UnreachableException.class, e -> assertThat(e.unauthorized()).isTrue())
                .hasMessageContaining(unleash.url + "/api/admin/projects/default/features/" + flag)
                .hasMessageNotContaining("not-the-admin-token");
        assertThat(enabledInProductionAccordingToUnleash()).isTrue();
    }

    @Test
    void anUnknownFlagIsAClearFailure() {
        assertThatThrownBy(() -> flags(unleash.adminToken).disable("no-such-flag"))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("Unleash has no flag 'no-such-flag' in project default");
    }

    @Test
    void anUnknownEnvironmentIsNamed() {
        var staging = new UnleashFlagSwitch(URI.create(unleash.url), "default", "moon", unleash.adminToken, http);

        assertThatThrownBy(() -> staging.isEnabled(flag)).isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("has no environment 'moon'");
    }

    @Test
    void aServerThatIsNotListeningIsUnreachableWithItsUrl() {
        var nowhere = new UnleashFlagSwitch(URI.create("http://127.0.0.1:9"), "default", "production", unleash.adminToken, http);

        assertThatThrownBy(() -> nowhere.disable(flag))
                .isInstanceOfSatisfying(UnreachableException.class, e -> {
                    assertThat(e.unauthorized()).isFalse();
                    assertThat(e.url()).startsWith("http://127.0.0.1:9/api/admin/projects/default/features/");
                })
                .hasMessageNotContaining(unleash.adminToken);
    }

    @Test
    void factoryReadsTheTokenFromTheConfigAndKeepsItOutOfToString() {
        var config = new IntegrationConfig("unleash", Map.of("url", unleash.url + "/", "token", unleash.adminToken,
                "environment", "production"), "rewind.yaml", 8, "environments.prod.flags");

        var flags = UnleashFlagSwitch.from(config);

        assertThat(flags.isEnabled(flag)).isTrue();
        assertThat(flags.toString()).contains(unleash.url).doesNotContain(unleash.adminToken);
    }

    @Test
    void factoryNamesAMissingTokenVariableWithoutGuessingItsValue() {
        var config = new IntegrationConfig("unleash", Map.of("url", unleash.url, "token", "${REWIND_TEST_SURELY_UNSET_TOKEN}"),
                "rewind.yaml", 8, "flags");

        assertThatThrownBy(() -> UnleashFlagSwitch.from(config)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("rewind.yaml:8: field 'flags.token'")
                .hasMessageContaining("REWIND_TEST_SURELY_UNSET_TOKEN is not set");
    }

    @Test
    void factoryRejectsAUrlThatIsNotHttp() {
        var config = new IntegrationConfig("unleash", Map.of("url", "unleash:4242", "token", "t"), "rewind.yaml", 9, "flags");

        assertThatThrownBy(() -> UnleashFlagSwitch.from(config)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("flags.url").hasMessageContaining("expected an http(s) URL");
    }

    private String admin(String method, String path, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(unleash.url + path)).header("Authorization", unleash.adminToken)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return response.body();
    }
}
