package dev.rewind.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.controller.Fault;
import dev.rewind.controller.Fleet;
import dev.rewind.controller.FleetSettings;
import dev.rewind.controller.ShopFleet;
import dev.rewind.store.ApiTokens.Role;
import dev.rewind.time.ManualTimeSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST API over real HTTP on loopback, in front of the fleet on a manual clock (the simulated shop): auth,
 * the error shapes, strict bodies, and a release registered, broken, rolled back and read back.
 */
class RewindServerTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-02-24T09:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private ShopFleet shop;
    private Fleet fleet;
    private RewindServer server;
    private EventHub events;
    private Map<Role, String> tokens;

    private void start(Fault fault, FleetSettings settings) {
        shop = new ShopFleet(dir, time, fault);
        fleet = new Fleet(shop.store, time, shop.environments(), settings, Runnable::run, Runnable::run, null);
        events = new EventHub(time.clock());
        server = new RewindServer(fleet, time.clock(), events, 64 * 1024, List.of()).start("127.0.0.1", 0);
        tokens = Map.of(Role.VIEWER, shop.store.tokens().create("vic", Role.VIEWER, "test", time.now()).secret(),
                Role.OPERATOR, shop.store.tokens().create("olga", Role.OPERATOR, "test", time.now()).secret(),
                Role.ADMIN, shop.store.tokens().create("ada", Role.ADMIN, "test", time.now()).secret());
    }

    @BeforeEach
    void defaults() {
        start(Fault.ERROR_SPIKE, FleetSettings.defaults(dir.resolve("out")));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private record Answer(int status, JsonNode body, String raw, Map<String, List<String>> headers) {
    }

    private Answer call(String method, String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (body != null) b.header("Content-Type", "application/json");
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isBlank() || !r.body().trim().startsWith("{") ? null : JSON.readTree(r.body());
        return new Answer(r.statusCode(), json, r.body(), r.headers().map());
    }

    private Answer call(String method, String path, String body, Role role) throws IOException, InterruptedException {
        return call(method, path, body, tokens.get(role));
    }

    private void run(Duration d) {
        Instant end = time.now().plus(d);
        while (time.now().isBefore(end)) {
            time.advance(Duration.ofSeconds(10));
            fleet.tick();
        }
    }

    // ---- auth ----

    private record Route(String method, String path, Role needs) {
    }

    private static List<Route> documentedRoutes() throws IOException {
        JsonNode doc = JSON.readTree(Files.readString(Path.of("src/main/resources/openapi.json")));
        List<Route> out = new ArrayList<>();
        for (String path : doc.path("paths").propertyNames()) {
            for (String method : doc.path("paths").path(path).propertyNames()) {
                String role = doc.path("paths").path(path).path(method).path("x-rewind-role").asString("");
                out.add(new Route(method.toUpperCase(), path, role.isEmpty() ? null : Role.parse(role)));
            }
        }
        return out;
    }

    @Test
    void everyProtectedRouteAnswers401WithoutATokenAnd403ToALowerRoleAndLetsItsRoleIn() throws Exception {
        List<Route> routes = documentedRoutes();
        assertThat(routes).filteredOn(r -> r.needs() != null).hasSizeGreaterThan(20);
        for (Route r : routes) {
            String path = r.path().replace("{id}", "nosuch").replace("{name}", "shop")
                    .replace("{service}", "shop").replace("{environment}", "production").replace("{version}", "nosuch");
            if (r.needs() == null) continue;
            Answer none = call(r.method(), path, null, (String) null);
            assertThat(none.status()).as(r + " without a token").isEqualTo(401);
            assertThat(none.body().path("error").path("code").asString()).isEqualTo("unauthorized");
            assertThat(none.headers().get("www-authenticate")).as(r + " challenges").isNotNull();
            Answer forged = call(r.method(), path, null, "rwd_not-a-real-token-at-all-000000000000000000000");
            assertThat(forged.status()).as(r + " with an unknown token").isEqualTo(401);
            for (Role role : Role.values()) {
                if (path.equals("/api/v1/events") && role.atLeast(r.needs())) continue; // a stream: its admission is tested on its own
                Answer a = call(r.method(), path, r.method().equals("GET") || r.method().equals("DELETE") ? null : "{}", role);
                if (role.atLeast(r.needs())) {
                    assertThat(a.status()).as(r + " as " + role).isNotIn(401, 403);
                } else {
                    assertThat(a.status()).as(r + " as " + role).isEqualTo(403);
                    assertThat(a.body().path("error").path("message").asString()).contains(r.needs().label());
                }
            }
        }
    }

    @Test
    void aRevokedTokenIsRefused() throws Exception {
        String id = shop.store.tokens().list().stream().filter(t -> t.name().equals("vic")).findFirst().orElseThrow().id();
        assertThat(call("GET", "/api/v1/rollbacks", null, Role.VIEWER).status()).isEqualTo(200);

        Answer revoke = call("DELETE", "/api/v1/tokens/" + id, null, Role.ADMIN);

        assertThat(revoke.status()).isEqualTo(200);
        assertThat(call("GET", "/api/v1/rollbacks", null, Role.VIEWER).status()).isEqualTo(401);
        assertThat(shop.store.audit().entries()).anySatisfy(e -> assertThat(e.actor() + " " + e.action()).isEqualTo("ada token.revoked"));
    }

    @Test
    void aTokenCreatedThroughTheApiIsShownOnceAndKeptOnlyAsAHash() throws Exception {
        Answer made = call("POST", "/api/v1/tokens", "{\"name\":\"deploy-bot\",\"role\":\"operator\"}", Role.ADMIN);

        assertThat(made.status()).isEqualTo(201);
        String secret = made.body().path("token").asString();
        assertThat(secret).startsWith("rwd_");
        assertThat(call("GET", "/api/v1/tokens", null, Role.ADMIN).raw()).contains("deploy-bot").doesNotContain(secret);
        assertThat(Files.readAllBytes(dir.resolve("rewind.db"))).asString().doesNotContain(secret);
        assertThat(call("GET", "/api/v1/incidents", null, secret).status()).isEqualTo(200);
    }

    @Test
    void healthReadinessAndTheOpenApiDocumentNeedNoToken() throws Exception {
        assertThat(call("GET", "/healthz", null, (String) null).status()).isEqualTo(200);
        assertThat(call("GET", "/readyz", null, (String) null).body().path("status").asString()).isEqualTo("ready");
        Answer doc = call("GET", "/openapi.json", null, (String) null);
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.body().path("openapi").asString()).startsWith("3.");
    }

    @Test
    void everyRouteTheServerRegistersIsInTheOpenApiDocument() throws Exception {
        String source = Files.readString(Path.of("src/main/java/dev/rewind/server/RewindServer.java"));
        Matcher m = Pattern.compile("r\\.(get|post|put|delete|sse)\\(\"([^\"]+)\"").matcher(source);
        List<Route> documented = documentedRoutes();
        int n = 0;
        while (m.find()) {
            String method = m.group(1).equals("sse") ? "GET" : m.group(1).toUpperCase();
            String path = m.group(2);
            n++;
            assertThat(documented).as(method + " " + path + " is documented").anySatisfy(d -> {
                assertThat(d.method()).isEqualTo(method);
                assertThat(d.path()).isEqualTo(path);
            });
        }
        assertThat(n).isGreaterThan(20);
    }

    // ---- bad input ----

    @Test
    void badBodiesGet400NamingTheFieldAndLeaveNothingBehind() throws Exception {
        record Bad(String body, String field, String says) {
        }
        List<Bad> bad = List.of(
                new Bad("{\"environment\": \"production\", \"version\": ", "body", "JSON"),
                new Bad("[1, 2]", "body", "object"),
                new Bad("{\"environment\": \"production\", \"versoin\": \"2.4.0\"}", "versoin", "unknown field"),
                new Bad("{\"environment\": \"production\", \"version\": 240}", "version", "expected a string"),
                new Bad("{\"environment\": \"production\", \"version\": \"2.4.0\\nX\"}", "version", "expected a version"),
                new Bad("{\"environment\": \"production\", \"version\": \"2.4.0\", \"feature_flag\": \"a\\u0000b\"}", "feature_flag", "control characters"),
                new Bad("{\"environment\": \"staging\", \"version\": \"2.4.0\"}", "environment", "no environment 'staging'"),
                new Bad("{\"environment\": \"production\", \"version\": \"2.4.0\", \"deployed_at\": \"yesterday\"}", "deployed_at", "ISO-8601"),
                new Bad("{\"environment\": \"production\", \"version\": \"2.4.0\", \"environment\": \"x\"}", "body", "Duplicate"),
                new Bad("{\"releases\": [{\"environment\": \"production\", \"version\": \"2.4.0\"}, {\"environment\": \"production\", \"version\": \"$(id)\"}]}",
                        "releases[1].version", "expected a version"),
                new Bad("{\"environment\": \"production\", \"version\": \"2.4.0\", \"changes\": [{\"kind\": \"commit\"}]}", "changes[0].id", "is required"));
        for (Bad b : bad) {
            Answer a = call("POST", "/api/v1/releases", b.body(), Role.OPERATOR);
            assertThat(a.status()).as(b.body()).isEqualTo(400);
            assertThat(a.body().path("error").path("code").asString()).isEqualTo("bad_request");
            assertThat(a.body().path("error").path("field").asString()).as(b.body()).isEqualTo(b.field());
            assertThat(a.body().path("error").path("message").asString()).as(b.body()).containsIgnoringCase(b.says());
        }
        assertThat(shop.store.releases().list("shop", "production")).extracting(r -> r.version()).containsExactly("2.3.1");
        assertThat(shop.store.audit().entries()).isEmpty();
    }

    @Test
    void malformedJsonIsPlacedByLineAndColumnWithoutJacksonsInternals() throws Exception {
        Answer a = call("POST", "/api/v1/releases", "{\"environment\": \"production\",\n \"version\": ", Role.OPERATOR);

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().path("error").path("message").asString()).contains("line 2, column").doesNotContain("Source", "REDACTED", "start marker");
    }

    @Test
    void theEventStreamAskedForWithoutItsAcceptHeaderIs406NamingTheHeaderNotAnEmpty200() throws Exception {
        Answer a = call("GET", "/api/v1/events", null, Role.VIEWER);

        assertThat(a.status()).isEqualTo(406);
        assertThat(a.body().path("error").path("field").asString()).isEqualTo("Accept");
        assertThat(a.body().path("error").path("message").asString()).contains("text/event-stream");
        assertThat(call("GET", "/api/v1/events", null, (String) null).status()).as("no token is still 401 first").isEqualTo(401);
    }

    @Test
    void aBodyOverTheLimitGets413() throws Exception {
        String big = "{\"environment\": \"production\", \"version\": \"2.4.0\", \"changes\": [" + "{\"kind\":\"commit\",\"id\":\"x\"},".repeat(5000) + "{}]}";

        Answer a = call("POST", "/api/v1/releases", big, Role.OPERATOR);

        assertThat(a.status()).isEqualTo(413);
        assertThat(a.body().path("error").path("code").asString()).isEqualTo("payload_too_large");
    }

    @Test
    void anUnknownRouteAndAnUnknownRollbackAre404InTheErrorShape() throws Exception {
        assertThat(call("GET", "/api/v1/nothing", null, Role.VIEWER).body().path("error").path("code").asString()).isEqualTo("not_found");
        Answer a = call("POST", "/api/v1/rollbacks/rb-nosuch/approve", "{}", Role.OPERATOR);
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.body().path("error").path("message").asString()).contains("rb-nosuch");
    }

    // ---- the whole story ----

    @Test
    void aReleaseRegisteredThroughTheApiThatBreaksIsRolledBackAndReadableWithItsJournal() throws Exception {
        shop.ship();
        Answer reg = call("POST", "/api/v1/releases", """
                {"environment": "production", "version": "2.4.0", "changes": [
                  {"kind": "commit", "id": "f0a1b2c", "summary": "New error handling in checkout", "touches": ["handler", "error"]}]}""", Role.OPERATOR);
        assertThat(reg.status()).as(reg.raw()).isEqualTo(201);
        assertThat(reg.body().path("previous").asString()).isEqualTo("2.3.1");
        assertThat(reg.body().path("watched").booleanValue()).isTrue();

        run(Duration.ofMinutes(10));

        JsonNode rollbacks = call("GET", "/api/v1/rollbacks", null, Role.VIEWER).body().path("rollbacks");
        assertThat(rollbacks.size()).isEqualTo(1);
        String id = rollbacks.get(0).path("id").asString();
        assertThat(rollbacks.get(0).path("status").asString()).isEqualTo("success");
        JsonNode one = call("GET", "/api/v1/rollbacks/" + id, null, Role.VIEWER).body();
        assertThat(one.path("journal").toString()).contains("traffic switched 2.4.0 → 2.3.1");
        JsonNode incidents = call("GET", "/api/v1/incidents", null, Role.VIEWER).body().path("incidents");
        assertThat(incidents.get(0).path("rollback_id").asString()).isEqualTo(id);
        assertThat(incidents.get(0).path("findings").get(0).path("trigger").asString()).isEqualTo("error_rate");
        JsonNode audit = call("GET", "/api/v1/audit", null, Role.OPERATOR).body().path("entries");
        assertThat(audit.toString()).contains("olga", "release.registered", "rollback.started", "rollback.finished");
        assertThat(call("GET", "/api/v1/audit/verify", null, Role.ADMIN).body().path("intact").booleanValue()).isTrue();
    }

    @Test
    void aRegisteredSecretInAStoredJournalDetailNeverLeavesThroughTheApiOrTheEventStream() throws Exception {
        // A5: json() and EventHub.send wrote stored text as it was; a secret registered after the row was written
        // (a restart, a token found later) came back out in full
        String secret = "leaked-" + java.util.UUID.randomUUID();
        shop.ship();
        call("POST", "/api/v1/releases", "{\"environment\": \"production\", \"version\": \"2.4.0\"}", Role.OPERATOR);
        run(Duration.ofMinutes(10));
        String id = shop.store.history().list(1).getFirst().id();
        shop.store.journal().event(id, 1, "NOTE", "failed", "request failed: invalid header value: \"" + secret + "\"",
                Map.of("header", secret), time.now());
        dev.rewind.secrets.SecretRegistry.global().register(secret);

        for (String path : List.of("/api/v1/rollbacks/" + id, "/api/v1/rollbacks", "/api/v1/incidents")) {
            Answer a = call("GET", path, null, Role.VIEWER);
            assertThat(a.status()).as(path).isEqualTo(200);
            assertThat(a.raw()).as(path).doesNotContain(secret);
        }
        assertThat(call("GET", "/api/v1/rollbacks/" + id, null, Role.VIEWER).raw()).as("the row is there, masked").contains("invalid header value: \\\"****\\\"");

        HttpRequest sse = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/events"))
                .header("Authorization", "Bearer " + tokens.get(Role.VIEWER)).header("Accept", "text/event-stream")
                .version(HttpClient.Version.HTTP_1_1).timeout(Duration.ofSeconds(20)).build();
        HttpResponse<java.util.stream.Stream<String>> stream = http.send(sse, HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).as("the event stream's status").isEqualTo(200);
        try (var lines = stream.body()) {
            var it = lines.iterator();
            List<String> seen = new ArrayList<>();
            while (it.hasNext()) { // ends at the event below, or at the request's 20 s timeout with what was seen
                String line = it.next();
                seen.add(line);
                if (line.startsWith("event: hello")) events.autoRollback("shop", false, "paused: token " + secret + " leaked in a log");
                if (line.startsWith("data:") && line.contains("paused")) break;
                assertThat(seen).as("awaited the auto_rollback event; saw %s", seen).hasSizeLessThan(50);
            }
            assertThat(seen).as("awaited the auto_rollback event").anyMatch(l -> l.contains("paused: token ****"));
            assertThat(String.join("\n", seen)).doesNotContain(secret);
        }
    }

    @Test
    void aManualProductionRollbackWithoutAReasonIsRefusedAndADryRunChangesNothing() throws Exception {
        shop.ship();
        call("POST", "/api/v1/releases", "{\"environment\": \"production\", \"version\": \"2.4.0\"}", Role.OPERATOR);

        Answer noReason = call("POST", "/api/v1/rollbacks", "{\"environment\": \"production\"}", Role.OPERATOR);
        Answer dry = call("POST", "/api/v1/rollbacks", "{\"environment\": \"production\", \"reason\": \"check\", \"dry_run\": true}", Role.OPERATOR);

        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body().path("error").path("field").asString()).isEqualTo("reason");
        assertThat(dry.status()).isEqualTo(200);
        assertThat(dry.body().path("to").asString()).isEqualTo("2.3.1");
        assertThat(dry.body().path("plan").toString()).contains("switch-traffic");
        assertThat(shop.store.history().list(10)).isEmpty();
        assertThat(shop.world.routes().percent("2.4.0")).isEqualTo(100);
    }

    @Test
    void autoRollbackCanBeSwitchedOffWithAReasonAndAnExpiryAndReadBack() throws Exception {
        Answer off = call("PUT", "/api/v1/services/shop/auto-rollback",
                "{\"enabled\": false, \"reason\": \"planned risky migration\", \"expires_at\": \"2026-02-24T12:00:00Z\"}", Role.OPERATOR);
        Answer read = call("GET", "/api/v1/services/shop/auto-rollback", null, Role.VIEWER);
        Answer noReason = call("PUT", "/api/v1/services/shop/auto-rollback", "{\"enabled\": false}", Role.OPERATOR);
        Answer unknown = call("PUT", "/api/v1/services/nosuch/auto-rollback", "{\"enabled\": false, \"reason\": \"x\"}", Role.OPERATOR);

        assertThat(off.status()).isEqualTo(200);
        assertThat(read.body().path("enabled").booleanValue()).isFalse();
        assertThat(read.body().path("set_by").asString()).isEqualTo("olga");
        assertThat(read.body().path("expires_at").asString()).isEqualTo("2026-02-24T12:00:00Z");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body().path("error").path("field").asString()).isEqualTo("reason");
        assertThat(unknown.status()).isEqualTo(404);
    }
}
