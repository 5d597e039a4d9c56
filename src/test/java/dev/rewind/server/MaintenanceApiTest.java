package dev.rewind.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.act.Strategy;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.config.MaintenanceConfig;
import dev.rewind.controller.Fault;
import dev.rewind.controller.Fleet;
import dev.rewind.controller.FleetEnvironment;
import dev.rewind.controller.FleetSettings;
import dev.rewind.controller.ShopFleet;
import dev.rewind.model.MaintenanceMode;
import dev.rewind.store.ApiTokens.Role;
import dev.rewind.time.ManualTimeSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ending a held maintenance through the API (seed 001: "keep in maintenance, escalate"; a person lets it out): the
 * simulated shop's production, whose maintenance is the flag {@code maintenance_mode}, left ON by a rollback.
 */
class MaintenanceApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-02-24T09:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private ShopFleet shop;
    private RewindServer server;
    private Map<Role, String> tokens;

    @BeforeEach
    void start() {
        shop = new ShopFleet(dir, time, Fault.NONE);
        EnvironmentConfig c = shop.environment.config();
        EnvironmentConfig held = new EnvironmentConfig(c.name(), c.service(), c.strategy(), c.production(), c.featureFlag(), c.metrics(), c.router(),
                c.deployer(), c.flags(), c.healthUrl(), c.smokeTests(), c.dependencies(), c.file(), c.line(), c.database(), c.configStore(), c.cache(),
                c.gitops(), c.releaseSource(), c.plan(),
                new MaintenanceConfig(new MaintenanceMode(MaintenanceMode.Via.FLAG, "maintenance_mode"), true, "rewind.yaml", 9));
        FleetEnvironment env = new FleetEnvironment(held, Strategy.BLUE_GREEN, shop.environment.metrics(), shop.environment.actuators(),
                shop.environment.policy());
        Fleet fleet = new Fleet(shop.store, time, Map.of("production", env), FleetSettings.defaults(dir.resolve("out")), Runnable::run, Runnable::run, null);
        server = new RewindServer(fleet, time.clock(), new EventHub(time.clock()), 64 * 1024, List.of()).start("127.0.0.1", 0);
        tokens = Map.of(Role.VIEWER, shop.store.tokens().create("vic", Role.VIEWER, "test", time.now()).secret(),
                Role.OPERATOR, shop.store.tokens().create("olga", Role.OPERATOR, "test", time.now()).secret());
        shop.world.enable("maintenance_mode");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer call(String method, String path, String body, Role role) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + tokens.get(role));
        if (body != null) b.header("Content-Type", "application/json");
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), JSON.readTree(r.body()));
    }

    @Test
    void aViewerSeesTheMaintenanceAnOperatorEndsItWithAReasonAndTheAuditTrailSaysWho() throws Exception {
        Answer status = call("GET", "/api/v1/environments/production/maintenance", null, Role.VIEWER);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.body().path("in_maintenance").asBoolean()).isTrue();
        assertThat(status.body().path("via").asString()).isEqualTo("flag");
        assertThat(status.body().path("target").asString()).isEqualTo("maintenance_mode");

        assertThat(call("POST", "/api/v1/environments/production/maintenance/off", "{\"reason\":\"checked\"}", Role.VIEWER).status()).isEqualTo(403);
        Answer noReason = call("POST", "/api/v1/environments/production/maintenance/off", "{}", Role.OPERATOR);
        assertThat(noReason.status()).as("production needs a reason").isEqualTo(400);
        assertThat(noReason.body().path("error").path("message").asString()).contains("reason");
        Answer badTo = call("POST", "/api/v1/environments/production/maintenance/off", "{\"reason\":\"x\",\"to\":\"alpine:3.19\"}", Role.OPERATOR);
        assertThat(badTo.status()).as("a version, never an image").isEqualTo(400);
        assertThat(shop.world.isEnabled("maintenance_mode")).as("nothing changed by refused calls").isTrue();

        Answer off = call("POST", "/api/v1/environments/production/maintenance/off", "{\"reason\":\"2.3.1 checked by hand\"}", Role.OPERATOR);

        assertThat(off.status()).isEqualTo(200);
        assertThat(off.body().path("ended").asBoolean()).isTrue();
        assertThat(shop.world.isEnabled("maintenance_mode")).isFalse();
        assertThat(shop.store.audit().entries()).filteredOn(e -> e.action().equals("maintenance.off")).singleElement().satisfies(e -> {
            assertThat(e.actor()).contains("olga");
            assertThat(e.target()).isEqualTo("shop/production");
            assertThat(e.detail()).contains("via=flag", "reason=2.3.1 checked by hand", "outcome=ended");
        });

        Answer again = call("POST", "/api/v1/environments/production/maintenance/off", "{\"reason\":\"twice\"}", Role.OPERATOR);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("changed").asBoolean()).as("not in maintenance: nothing changed").isFalse();
        assertThat(shop.store.audit().entries()).filteredOn(e -> e.action().equals("maintenance.off")).hasSize(1);
    }

    @Test
    void anUnknownEnvironmentIs404() throws Exception {
        assertThat(call("GET", "/api/v1/environments/nosuch/maintenance", null, Role.VIEWER).status()).isEqualTo(404);
        assertThat(call("POST", "/api/v1/environments/nosuch/maintenance/off", "{\"reason\":\"x\"}", Role.OPERATOR).status()).isEqualTo(404);
    }
}
