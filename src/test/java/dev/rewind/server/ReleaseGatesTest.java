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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Argo Rollouts and Flagger gates over real HTTP, in front of the simulated shop on a manual clock, with the request
 * and response shapes their documentation gives: Argo's web metric provider (GET with an Authorization header, the
 * AnalysisTemplate's jsonPath evaluated against the answer), and Flagger's webhook payload {name, namespace, phase,
 * metadata} whose only reading is the status code (2xx advances).
 */
class ReleaseGatesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-02-24T09:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private ShopFleet shop;
    private Fleet fleet;
    private RewindServer server;
    private String viewer;

    private void start(Fault fault) {
        shop = new ShopFleet(dir, time, fault);
        fleet = new Fleet(shop.store, time, shop.environments(), FleetSettings.defaults(dir.resolve("out")), Runnable::run, Runnable::run, null);
        server = new RewindServer(fleet, time.clock(), new EventHub(time.clock()), 64 * 1024, List.of()).start("127.0.0.1", 0);
        viewer = shop.store.tokens().create("argo", Role.VIEWER, "test", time.now()).secret();
    }

    /** 2.4.0 ships and is registered; nothing has been checked yet. */
    private void shipAndRegister() {
        shop.ship();
        fleet.register(new dev.rewind.controller.Registration("production", "2.4.0", null, null, List.of(), null, ""), null, "test");
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private void run(Duration d) {
        Instant end = time.now().plus(d);
        while (time.now().isBefore(end)) {
            time.advance(Duration.ofSeconds(10));
            fleet.tick();
        }
    }

    private record Answer(int status, JsonNode body, String raw, Map<String, List<String>> headers) {
    }

    private Answer send(String method, String path, String body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isBlank() || !r.body().trim().startsWith("{") ? null : JSON.readTree(r.body());
        return new Answer(r.statusCode(), json, r.body(), r.headers().map());
    }

    /** As Argo's web provider sends it: GET, the template's url, and its headers list (Authorization: Bearer). */
    private Answer argo(String query) throws Exception {
        return send("GET", "/api/v1/gates/argo?" + query, null, Map.of("Authorization", "Bearer " + viewer));
    }

    /** As Flagger sends it: POST, Content-Type application/json, no other headers, the documented payload. */
    private Answer flagger(String path, String metadata) throws Exception {
        String body = "{\"name\": \"podinfo\", \"namespace\": \"test\", \"phase\": \"Progressing\", \"metadata\": " + metadata + "}";
        return send("POST", path, body, Map.of("Content-Type", "application/json"));
    }

    /**
     * An AnalysisTemplate's {@code jsonPath} ({@code "{$.verdict}"}, Kubernetes JSONPath in braces) evaluated against the
     * answer with Jayway JSONPath (the copy wiremock-standalone carries on the test classpath), as Argo assigns it to
     * {@code result}.
     */
    private static Object jsonPath(String template, String body) {
        assertThat(template).startsWith("{").endsWith("}");
        return wiremock.com.jayway.jsonpath.JsonPath.read(body, template.substring(1, template.length() - 1));
    }

    // ---- Argo Rollouts ----

    @Test
    void argoReadsInconclusiveBeforeTheFirstCheckThenPassForAHealthyRelease() throws Exception {
        start(Fault.NONE);
        shipAndRegister();

        Answer early = argo("environment=production&version=2.4.0");
        run(Duration.ofMinutes(5));
        Answer later = argo("environment=production&version=2.4.0");

        assertThat(early.status()).isEqualTo(200);
        assertThat(jsonPath("{$.verdict}", early.raw())).isEqualTo("inconclusive");
        assertThat(early.body().path("reason").asString()).contains("no check has run yet");
        assertThat(later.status()).isEqualTo(200);
        // successCondition: result == "pass"  (with jsonPath "{$.verdict}")
        assertThat(jsonPath("{$.verdict}", later.raw())).isEqualTo("pass");
        // successCondition: result == true     (with jsonPath "{$.ok}", the shape of Argo's first documented example)
        assertThat(jsonPath("{$.ok}", later.raw())).isEqualTo(true);
        assertThat(later.body().path("checks").asInt()).isPositive();
        assertThat(later.body().path("previous").asString()).isEqualTo("2.3.1");
        assertThat(later.body().path("decision").asString()).isEqualTo("no_rollback");
    }

    @Test
    void argoReadsFailWithTheFindingsForABrokenReleaseAndTheVersionDefaultsToTheCurrentOne() throws Exception {
        start(Fault.ERROR_SPIKE);
        shipAndRegister();

        run(Duration.ofMinutes(10));
        Answer named = argo("environment=production&version=2.4.0");
        Answer current = argo("environment=production");

        assertThat(named.status()).isEqualTo(200);
        // failureCondition: result == "fail"
        assertThat(jsonPath("{$.verdict}", named.raw())).isEqualTo("fail");
        assertThat(jsonPath("{$.ok}", named.raw())).isEqualTo(false);
        assertThat(named.body().path("release_status").asString()).isEqualTo("rolled_back");
        // after the rollback, the current release is 2.3.1 again, whose watch ended long ago
        assertThat(current.body().path("version").asString()).isEqualTo("2.3.1");
    }

    @Test
    void whileTheIncidentIsOpenTheVerdictCarriesItsFindings() throws Exception {
        start(Fault.ERROR_SPIKE);
        shipAndRegister();
        // auto-rollback off: Rewind still finds the problem and keeps the incident open, it only does not act
        fleet.autoRollback("shop", false, "planned risky change", null, "test");

        run(Duration.ofMinutes(10));
        Answer a = argo("environment=production&version=2.4.0");

        assertThat(a.body().path("verdict").asString()).isEqualTo("fail");
        assertThat(a.body().path("decision").asString()).isEqualTo("suppressed");
        assertThat(a.body().path("incident_id").asString()).startsWith("inc-");
        assertThat(a.body().path("findings").get(0).path("trigger").asString()).isEqualTo("error_rate");
    }

    /** The README's AnalysisTemplate, as Argo would read it: its web provider's jsonPath and its two conditions. */
    private static JsonNode readmeTemplate() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf("<!-- readme-argo-template -->");
        assertThat(at).as("the README's AnalysisTemplate").isPositive();
        int start = readme.indexOf("```yaml\n", at) + "```yaml\n".length();
        return tools.jackson.dataformat.yaml.YAMLMapper.builder().build().readTree(readme.substring(start, readme.indexOf("```", start)));
    }

    /** {@code result == "pass"}: the only form of condition the README's template uses. */
    private static boolean condition(String expression, Object result) {
        Matcher m = Pattern.compile("result == \"([a-z]+)\"").matcher(expression);
        assertThat(m.matches()).as("a condition of the form result == \"word\": " + expression).isTrue();
        return m.group(1).equals(result);
    }

    @Test
    void theReadmesAnalysisTemplateMeasuresSuccessfulThenFailedAsArgoWould() throws Exception {
        JsonNode metric = readmeTemplate().path("spec").path("metrics").get(0);
        JsonNode web = metric.path("provider").path("web");
        assertThat(web.path("url").asString()).contains("/api/v1/gates/argo?environment={{ args.environment }}&version={{ args.version }}");
        assertThat(web.path("headers").get(0).path("key").asString()).isEqualTo("Authorization");
        assertThat(web.path("headers").get(0).path("value").asString()).startsWith("Bearer ");
        String jsonPath = web.path("jsonPath").asString();
        start(Fault.ERROR_SPIKE);
        shipAndRegister();

        Object early = jsonPath(jsonPath, argo("environment=production&version=2.4.0").raw());
        run(Duration.ofMinutes(10));
        Object late = jsonPath(jsonPath, argo("environment=production&version=2.4.0").raw());

        // inconclusive: neither condition holds, so Argo counts the measurement Inconclusive
        assertThat(condition(metric.path("successCondition").asString(), early)).isFalse();
        assertThat(condition(metric.path("failureCondition").asString(), early)).isFalse();
        assertThat(condition(metric.path("failureCondition").asString(), late)).isTrue();
        assertThat(condition(metric.path("successCondition").asString(), late)).isFalse();
    }

    @Test
    void argoMayPostTheSameQuestionAsAJsonBody() throws Exception {
        start(Fault.NONE);
        shipAndRegister();
        run(Duration.ofMinutes(5));

        Answer a = send("POST", "/api/v1/gates/argo", "{\"environment\": \"production\", \"version\": \"2.4.0\"}",
                Map.of("Authorization", "Bearer " + viewer, "Content-Type", "application/json"));

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().path("verdict").asString()).isEqualTo("pass");
    }

    // ---- Flagger ----

    @Test
    void flaggerGateAnswers200OnPassAnd412OnFailWithTheTokenInMetadata() throws Exception {
        start(Fault.ERROR_SPIKE);
        shipAndRegister();
        String meta = "{\"environment\": \"production\", \"version\": \"2.4.0\", \"token\": \"" + viewer + "\"}";

        Answer early = flagger("/api/v1/gates/flagger", meta);
        Answer earlyLenient = flagger("/api/v1/gates/flagger", meta.replace("}", ", \"on_inconclusive\": \"pass\"}"));
        Answer earlyRollback = flagger("/api/v1/gates/flagger/rollback", meta);
        run(Duration.ofMinutes(10));
        Answer gate = flagger("/api/v1/gates/flagger", meta);
        Answer rollback = flagger("/api/v1/gates/flagger/rollback", meta);

        assertThat(early.status()).as(early.raw()).isEqualTo(412);
        assertThat(early.body().path("verdict").asString()).isEqualTo("inconclusive");
        assertThat(earlyLenient.status()).isEqualTo(200);
        assertThat(earlyRollback.status()).isEqualTo(412);
        assertThat(gate.status()).isEqualTo(412);
        assertThat(gate.body().path("verdict").asString()).isEqualTo("fail");
        assertThat(gate.body().path("canary").asString()).isEqualTo("test/podinfo");
        assertThat(rollback.status()).as("a rollback hook answered 2xx makes Flagger roll the canary back").isEqualTo(200);
        assertThat(gate.raw()).doesNotContain(viewer);
    }

    @Test
    void flaggerGatePassesAHealthyCanaryNamedLikeItsEnvironmentWithTheTokenInTheHeader() throws Exception {
        start(Fault.NONE);
        shipAndRegister();
        run(Duration.ofMinutes(5));

        Answer a = send("POST", "/api/v1/gates/flagger", "{\"name\": \"production\", \"namespace\": \"shop\", \"phase\": \"Promoting\"}",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + viewer));

        assertThat(a.status()).as(a.raw()).isEqualTo(200);
        assertThat(a.body().path("version").asString()).isEqualTo("2.4.0");
        assertThat(a.body().path("phase").asString()).isEqualTo("Promoting");
    }

    // ---- auth ----

    @Test
    void withoutAValidTokenBothGatesAnswer401AndChallenge() throws Exception {
        start(Fault.NONE);
        shipAndRegister();

        Answer argoNone = send("GET", "/api/v1/gates/argo?environment=production", null, Map.of());
        Answer flaggerNone = flagger("/api/v1/gates/flagger", "{\"environment\": \"production\"}");
        Answer flaggerForged = flagger("/api/v1/gates/flagger", "{\"environment\": \"production\", \"token\": \"rwd_forged-000000000000000000000\"}");
        Answer flaggerMalformed = send("POST", "/api/v1/gates/flagger", "{\"name\": ", Map.of());
        shop.store.tokens().revoke(shop.store.tokens().list().getFirst().id(), time.now());
        Answer revoked = argo("environment=production");

        for (Answer a : List.of(argoNone, flaggerNone, flaggerForged, flaggerMalformed, revoked)) {
            assertThat(a.status()).as(a.raw()).isEqualTo(401);
            assertThat(a.body().path("error").path("code").asString()).isEqualTo("unauthorized");
            assertThat(a.headers().get("www-authenticate")).isNotNull();
        }
    }

    // ---- bad input ----

    @Test
    void badArgoQueriesGet400NamingTheField() throws Exception {
        start(Fault.NONE);
        shipAndRegister();
        Map<String, String> bad = Map.of(
                "version=2.4.0", "environment",
                "environment=staging", "environment",
                "environment=production&version=2.4.0%3Brm", "version",
                "environment=production&verison=2.4.0", "verison",
                "environment=production&environment=production", "environment");
        for (var b : bad.entrySet()) {
            Answer a = argo(b.getKey());
            assertThat(a.status()).as(b.getKey()).isEqualTo(400);
            assertThat(a.body().path("error").path("field").asString()).as(b.getKey()).isEqualTo(b.getValue());
        }
        Answer unknown = argo("environment=production&version=9.9.9");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().path("error").path("message").asString()).contains("9.9.9");
    }

    @Test
    void badFlaggerPayloadsGet400NamingTheField() throws Exception {
        start(Fault.NONE);
        shipAndRegister();
        String token = "\"token\": \"" + viewer + "\"";
        Map<String, String> bad = Map.of(
                "{\"namespace\": \"test\", \"phase\": \"Progressing\", \"metadata\": {" + token + ", \"environment\": \"production\"}}", "name",
                "{\"name\": \"podinfo\", \"namespace\": \"Test_NS\", \"phase\": \"Progressing\", \"metadata\": {" + token + ", \"environment\": \"production\"}}", "namespace",
                "{\"name\": \"podinfo\", \"namespace\": \"test\", \"phase\": 3, \"metadata\": {" + token + ", \"environment\": \"production\"}}", "phase",
                "{\"name\": \"podinfo\", \"namespace\": \"test\", \"phase\": \"Progressing\", \"metadata\": {" + token + "}}", "metadata.environment",
                "{\"name\": \"podinfo\", \"namespace\": \"test\", \"phase\": \"Progressing\", \"metadata\": {" + token + ", \"environment\": \"production\", \"cmd\": \"x\"}}", "metadata.cmd",
                "{\"name\": \"podinfo\", \"namespace\": \"test\", \"phase\": \"Progressing\", \"metadata\": {" + token + ", \"environment\": \"production\", \"on_inconclusive\": \"maybe\"}}", "metadata.on_inconclusive",
                "{\"name\": \"podinfo\", \"namespace\": \"test\", \"phase\": \"Progressing\", \"weight\": 10, \"metadata\": {" + token + ", \"environment\": \"production\"}}", "weight",
                "{\"name\": \"podinfo\", \"namespace\": \"test\", \"phase\": \"Progressing\", \"metadata\": {" + token + ", \"environment\": \"production\", \"version\": \"$(id)\"}}", "metadata.version");
        for (var b : bad.entrySet()) {
            Answer a = send("POST", "/api/v1/gates/flagger", b.getKey(), Map.of("Content-Type", "application/json"));
            assertThat(a.status()).as(b.getKey()).isEqualTo(400);
            assertThat(a.body().path("error").path("field").asString()).as(b.getKey()).isEqualTo(b.getValue());
        }
        assertThat(shop.store.audit().entries()).extracting(e -> e.action()).containsExactly("release.registered");
    }

    @Test
    void everyGateRouteIsInTheOpenApiDocumentWithItsRole() throws Exception {
        JsonNode doc = JSON.readTree(Files.readString(Path.of("src/main/resources/openapi.json")));
        String source = Files.readString(Path.of("src/main/java/dev/rewind/server/ReleaseGates.java"));
        Matcher m = Pattern.compile("r\\.(get|post)\\(\"([^\"]+)\"").matcher(source);
        int n = 0;
        while (m.find()) {
            n++;
            JsonNode op = doc.path("paths").path(m.group(2)).path(m.group(1));
            assertThat(op.isMissingNode()).as(m.group(1) + " " + m.group(2) + " is documented").isFalse();
            assertThat(op.path("x-rewind-role").asString()).isEqualTo("viewer");
        }
        assertThat(n).isEqualTo(4);
    }
}
