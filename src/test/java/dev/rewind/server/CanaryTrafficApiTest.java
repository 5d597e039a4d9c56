package dev.rewind.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.controller.Fault;
import dev.rewind.controller.Fleet;
import dev.rewind.controller.FleetSettings;
import dev.rewind.controller.ShopFleet;
import dev.rewind.store.ApiTokens.Role;
import dev.rewind.store.ReleaseRecord;
import dev.rewind.time.ManualTimeSource;
import java.io.IOException;
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
 * A canary through the REST API over real HTTP on loopback (the simulated shop on a manual clock): registered with
 * {@code traffic_percent}, read back, moved with {@code POST .../traffic}, and every bad number refused with a 400
 * that names the field.
 */
class CanaryTrafficApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TRAFFIC = "/api/v1/releases/shop/production/2.4.0/traffic";

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
        Fleet fleet = new Fleet(shop.store, time, shop.environments(), FleetSettings.defaults(dir.resolve("out")), Runnable::run, Runnable::run, null);
        server = new RewindServer(fleet, time.clock(), new EventHub(time.clock()), 64 * 1024, List.of()).start("127.0.0.1", 0);
        tokens = Map.of(Role.VIEWER, shop.store.tokens().create("vic", Role.VIEWER, "test", time.now()).secret(),
                Role.OPERATOR, shop.store.tokens().create("olga", Role.OPERATOR, "test", time.now()).secret());
        time.advance(Duration.ofHours(1));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private record Answer(int status, JsonNode body) {
        String field() {
            return body.path("error").path("field").asString("");
        }
    }

    private Answer call(String method, String path, String body, Role role) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + tokens.get(role));
        if (body != null) b.header("Content-Type", "application/json");
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), JSON.readTree(r.body()));
    }

    private Answer registerCanary(String percent) throws Exception {
        return call("POST", "/api/v1/releases", "{\"environment\": \"production\", \"version\": \"2.4.0\", \"traffic_percent\": " + percent + "}", Role.OPERATOR);
    }

    @Test
    void aCanaryIsRegisteredWithItsShareStoredAndShownAndAFullRolloutDefaultsToAHundred() throws Exception {
        Answer reg = registerCanary("20");
        assertThat(reg.status()).as(reg.body().toString()).isEqualTo(201);
        assertThat(reg.body().path("traffic_percent").asInt()).isEqualTo(20);
        assertThat(reg.body().path("watched").booleanValue()).isTrue();
        assertThat(shop.store.releases().current("shop", "production")).map(ReleaseRecord::trafficPercent).contains(20);
        Answer list = call("GET", "/api/v1/releases", null, Role.VIEWER);
        assertThat(list.body().path("releases").get(0).path("version").asString()).isEqualTo("2.4.0");
        assertThat(list.body().path("releases").get(0).path("traffic_percent").asInt()).isEqualTo(20);
        assertThat(list.body().path("releases").get(1).path("traffic_percent").asInt()).as("2.3.1, registered before: a full rollout").isEqualTo(100);
        assertThat(shop.store.audit().entries()).anySatisfy(e -> assertThat(e.detail()).contains("version=2.4.0").contains("traffic_percent=20"));
    }

    @Test
    void aShareOutsideOneToAHundredOrNotAWholeNumberIsA400NamingTheField() throws Exception {
        for (String bad : List.of("0", "101", "-5", "20.5", "\"20\"", "true", "1e9")) {
            Answer a = registerCanary(bad);
            assertThat(a.status()).as("traffic_percent " + bad + ": " + a.body()).isEqualTo(400);
            assertThat(a.field()).as(bad).isEqualTo("traffic_percent");
            assertThat(a.body().path("error").path("message").asString()).as(bad).contains("1..100");
        }
        Answer batch = call("POST", "/api/v1/releases", "{\"releases\": [{\"environment\": \"production\", \"version\": \"2.4.0\", \"traffic_percent\": 0}]}",
                Role.OPERATOR);
        assertThat(batch.status()).isEqualTo(400);
        assertThat(batch.field()).isEqualTo("releases[0].traffic_percent");
        assertThat(shop.store.releases().current("shop", "production")).map(ReleaseRecord::version).as("nothing was registered").contains("2.3.1");
    }

    @Test
    void anOperatorMovesTheTrafficAndTheComparisonFollowsItAViewerMayNot() throws Exception {
        registerCanary("5");

        Answer viewer = call("POST", TRAFFIC, "{\"percent\": 50}", Role.VIEWER);
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(shop.store.releases().current("shop", "production")).map(ReleaseRecord::trafficPercent).as("unchanged").contains(5);

        Answer half = call("POST", TRAFFIC, "{\"percent\": 50, \"reason\": \"canary step 2\"}", Role.OPERATOR);
        assertThat(half.status()).as(half.body().toString()).isEqualTo(200);
        assertThat(half.body().path("traffic_percent").asInt()).isEqualTo(50);
        assertThat(half.body().path("traffic_percent_before").asInt()).isEqualTo(5);
        assertThat(half.body().path("compared_with").asString()).isEqualTo("control");

        Answer full = call("POST", TRAFFIC, "{\"percent\": 100, \"reason\": \"promote\"}", Role.OPERATOR);
        assertThat(full.body().path("compared_with").asString()).isEqualTo("baseline");
        assertThat(shop.store.releases().current("shop", "production")).map(ReleaseRecord::trafficPercent).contains(100);
        assertThat(shop.store.audit().entries()).filteredOn(e -> e.action().equals("release.traffic")).extracting(e -> e.actor() + " " + e.detail())
                .containsExactly("olga version=2.4.0 traffic_percent=5->50 reason=canary step 2", "olga version=2.4.0 traffic_percent=50->100 reason=promote");
    }

    @Test
    void aBadTrafficChangeIsRefusedNamingItsFieldAndAnUnknownOrReplacedReleaseIsNotMoved() throws Exception {
        registerCanary("20");
        for (String body : List.of("{}", "{\"percent\": 0}", "{\"percent\": 101}", "{\"percent\": 33.3}", "{\"percent\": \"50\"}")) {
            Answer a = call("POST", TRAFFIC, body, Role.OPERATOR);
            assertThat(a.status()).as(body + ": " + a.body()).isEqualTo(400);
            assertThat(a.field()).as(body).isEqualTo("percent");
        }
        Answer unknown = call("POST", TRAFFIC, "{\"percent\": 50, \"weight\": 3}", Role.OPERATOR);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.field()).isEqualTo("weight");
        assertThat(call("POST", "/api/v1/releases/shop/production/9.9.9/traffic", "{\"percent\": 50}", Role.OPERATOR).status()).isEqualTo(404);
        assertThat(call("POST", "/api/v1/releases/shop/staging/2.4.0/traffic", "{\"percent\": 50}", Role.OPERATOR).status()).isEqualTo(404);
        Answer old = call("POST", "/api/v1/releases/shop/production/2.3.1/traffic", "{\"percent\": 50}", Role.OPERATOR);
        assertThat(old.status()).as("2.3.1 is no longer the current release").isEqualTo(409);
        assertThat(shop.store.releases().current("shop", "production")).map(ReleaseRecord::trafficPercent).contains(20);
    }
}
