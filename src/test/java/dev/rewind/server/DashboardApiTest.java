package dev.rewind.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.controller.Fault;
import dev.rewind.controller.Fleet;
import dev.rewind.controller.FleetSettings;
import dev.rewind.controller.ShopFleet;
import dev.rewind.store.ApiTokens.Role;
import dev.rewind.time.ManualTimeSource;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the dashboard reads, over real HTTP in front of the simulated shop on a manual clock: a release that breaks
 * and is rolled back, then its statistics, insights, series with markers, and progress; the pages and their headers.
 */
class DashboardApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-02-24T09:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private ShopFleet shop;
    private Fleet fleet;
    private RewindServer server;
    private String viewer;
    private String operator;

    @BeforeEach
    void start() {
        shop = new ShopFleet(dir, time, Fault.ERROR_SPIKE);
        fleet = new Fleet(shop.store, time, shop.environments(), FleetSettings.defaults(dir.resolve("out")), Runnable::run, Runnable::run, null);
        server = new RewindServer(fleet, time.clock(), new EventHub(time.clock()), 64 * 1024, List.of()).start("127.0.0.1", 0);
        viewer = shop.store.tokens().create("vic", Role.VIEWER, "test", time.now()).secret();
        operator = shop.store.tokens().create("olga", Role.OPERATOR, "test", time.now()).secret();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(20));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path, viewer);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private String rolledBack() throws Exception {
        shop.ship();
        HttpResponse<String> reg = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/releases"))
                .header("Authorization", "Bearer " + operator).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"environment\": \"production\", \"version\": \"2.4.0\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reg.statusCode()).as(reg.body()).isEqualTo(201);
        Instant end = time.now().plus(Duration.ofMinutes(10));
        while (time.now().isBefore(end)) {
            time.advance(Duration.ofSeconds(10));
            fleet.tick();
        }
        return shop.store.history().list(1).getFirst().id();
    }

    @Test
    void afterARollbackTheStatisticsAndInsightsCountItAsAnErrorRateSpike() throws Exception {
        rolledBack();

        JsonNode stats = json("/api/v1/stats");
        JsonNode insights = json("/api/v1/insights?days=7");

        assertThat(stats.path("deployments").asInt()).isEqualTo(1);
        assertThat(stats.path("auto_rollbacks").asInt()).isEqualTo(1);
        assertThat(stats.path("manual_rollbacks").asInt()).isZero();
        assertThat(stats.path("success_rate_percent").asDouble()).isZero();
        assertThat(stats.path("rollback_causes").path("error_rate_spike").asInt()).isEqualTo(1);
        assertThat(stats.path("average_rollback_sec").asLong()).isPositive().isLessThan(25 * 60);
        assertThat(stats.path("time_saved_sec").asLong()).isEqualTo(25 * 60 - stats.path("average_rollback_sec").asLong());
        assertThat(stats.path("sla_met").asInt()).isEqualTo(1);
        assertThat(stats.path("by_service").get(0).path("service").asString()).isEqualTo("shop");
        assertThat(insights.path("window_days").asInt()).isEqualTo(7);
        assertThat(insights.path("insights").get(0).asString()).startsWith("Error rate spikes: Add more E2E tests for error handling");
    }

    @Test
    void aReleasesSeriesShowsTheSpikeAgainstItsBaselineWithEveryMarker() throws Exception {
        rolledBack();

        JsonNode s = json("/api/v1/releases/series?environment=production&version=2.4.0");

        assertThat(s.path("previous").asString()).isEqualTo("2.3.1");
        List<String> kinds = new ArrayList<>();
        s.path("markers").forEach(m -> kinds.add(m.path("kind").asString()));
        assertThat(kinds).containsExactly("deploy", "detection", "rollback", "restored", "recovery");
        JsonNode errors = null;
        for (JsonNode m : s.path("metrics")) if (m.path("metric").asString().equals("error_rate")) errors = m;
        assertThat(errors).as("error_rate is charted").isNotNull();
        assertThat(errors.path("baseline").asDouble()).isCloseTo(0.37, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(errors.path("threshold").asDouble()).isEqualTo(0.74);
        assertThat(errors.path("fired").booleanValue()).isTrue();
        double peak = 0, last = 0;
        for (JsonNode p : errors.path("points")) {
            peak = Math.max(peak, p.get(1).asDouble());
            last = p.get(1).asDouble();
        }
        assertThat(peak).as("the spike users saw").isEqualTo(20.0);
        assertThat(last).as("back at baseline after the rollback").isEqualTo(0.37);
    }

    @Test
    void aFinishedRollbacksProgressShowsEveryPhaseDoneWithinItsSla() throws Exception {
        String id = rolledBack();

        JsonNode p = json("/api/v1/rollbacks/" + id + "/progress");

        assertThat(p.path("status").asString()).isEqualTo("success");
        assertThat(p.path("steps_done").asInt()).as(p.toString()).isEqualTo(p.path("steps_total").asInt()).isPositive();
        List<String> states = new ArrayList<>();
        p.path("phases").forEach(ph -> states.add(ph.path("name").asString() + "=" + ph.path("state").asString()));
        assertThat(states).contains("Traffic=done", "Revert=done", "Verify=done");
        assertThat(p.path("sla_breached").booleanValue()).isFalse();
        assertThat(p.path("elapsed_sec").asLong()).isPositive().isLessThan(p.path("sla_sec").asLong());
        assertThat(get("/api/v1/rollbacks/rb-nosuch/progress", viewer).statusCode()).isEqualTo(404);
    }

    @Test
    void whoAmINamesTheTokenAndItsRoleAndBadQueriesNameTheirField() throws Exception {
        JsonNode me = json("/api/v1/whoami");
        assertThat(me.path("name").asString()).isEqualTo("vic");
        assertThat(me.path("role").asString()).isEqualTo("viewer");
        assertThat(me.path("may_operate").booleanValue()).isFalse();
        assertThat(me.path("now").asString()).isEqualTo("2026-02-24T09:00:00Z");

        HttpResponse<String> days = get("/api/v1/stats?days=0", viewer);
        HttpResponse<String> version = get("/api/v1/releases/series?environment=production&version=$(id)", viewer);
        HttpResponse<String> env = get("/api/v1/releases/series?environment=nowhere&version=2.4.0", viewer);
        assertThat(days.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(days.body()).path("error").path("field").asString()).isEqualTo("days");
        assertThat(version.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(version.body()).path("error").path("field").asString()).isEqualTo("version");
        assertThat(env.statusCode()).isEqualTo(404);
    }

    @Test
    void thePagesNeedNoTokenCarryAStrictPolicyAndServeOnlyTheirOwnFiles() throws Exception {
        HttpResponse<String> page = get("/", null);
        HttpResponse<String> script = get("/ui/dashboard.js", null);
        HttpResponse<String> uplot = get("/ui/uplot.js", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
        assertThat(page.headers().firstValue("content-security-policy").orElse("")).isEqualTo(DashboardPages.CSP);
        assertThat(page.headers().firstValue("x-frame-options")).hasValue("DENY");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("textContent").doesNotContain("innerHTML", "eval(");
        assertThat(uplot.body()).contains("uPlot");
        assertThat(get("/ui/rewind.db", null).statusCode()).isEqualTo(404);
        assertThat(get("/ui/..%2Fopenapi.json", null).statusCode()).isEqualTo(404);
    }

    @Test
    void everyDashboardRouteIsInTheOpenApiDocumentWithItsRole() throws Exception {
        JsonNode doc = JSON.readTree(Files.readString(Path.of("src/main/resources/openapi.json")));
        int n = 0;
        for (String file : List.of("DashboardApi.java", "DashboardPages.java")) {
            String source = Files.readString(Path.of("src/main/java/dev/rewind/server", file));
            Matcher m = Pattern.compile("r\\.(get|post|put|delete)\\(\"([^\"]+)\".*?(Needs\\.(\\w+)\\);)?$", Pattern.MULTILINE).matcher(source);
            while (m.find()) {
                n++;
                JsonNode op = doc.path("paths").path(m.group(2)).path(m.group(1));
                assertThat(op.isMissingNode()).as(m.group(1) + " " + m.group(2) + " is documented").isFalse();
                String role = m.group(4) == null ? "" : m.group(4).toLowerCase(java.util.Locale.ROOT);
                assertThat(op.path("x-rewind-role").asString("")).as(m.group(2) + "'s role").isEqualTo(role);
            }
        }
        assertThat(n).isEqualTo(7);
    }
}
