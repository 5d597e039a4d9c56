package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.rewind.bench.BlueGreenStack;
import dev.rewind.bench.RewindChild;
import dev.rewind.bench.TrafficRecorder;
import dev.rewind.model.ActionLogEntry;
import dev.rewind.store.ApiTokens.Role;
import dev.rewind.store.AuditKey;
import dev.rewind.store.Integrity;
import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackRecord;
import dev.rewind.store.StoreLocation;
import dev.rewind.testing.RealPostgres;
import dev.rewind.testing.RealServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code rewind serve} as a child process, the way a team runs it: the README's Prometheus + HAProxy config with the
 * README's {@code server:} block, a real HAProxy in front of a blue and a green backend, a real Prometheus scraping
 * them, and the store either a SQLite file or a real PostgreSQL 15 reached through a JDBC URL. The child runs the
 * same main class as {@code bin/rewind} on the test class path (bin/rewind would rebuild the jar inside the test),
 * and is stopped with SIGTERM ({@link ProcessHandle#destroy()}). No timing is asserted.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ServeEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String AUDIT_KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final Duration LIMIT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    private Path work;
    private BlueGreenStack stack;
    private HttpServer health;
    /** While set, the health endpoint answers 503: a rollback's await-healthy step keeps polling, in flight. */
    private final AtomicBoolean holdHealth = new AtomicBoolean();
    private final AtomicInteger healthPolls = new AtomicInteger();
    private Process serve;
    private Path serveLog;
    private final HttpClient http = HttpClient.newHttpClient();
    private URI api;

    @BeforeEach
    void world() throws Exception {
        RealServers.requireBinary("haproxy", "haproxy");
        RealServers.requireBinary("prometheus", "prometheus");
        work = Files.createTempDirectory("rw-serve-"); // short: HAProxy's socket path must fit 108 bytes
        stack = new BlueGreenStack(work, Duration.ofSeconds(2), null, null);
        health = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        health.createContext("/health/", ex -> {
            healthPolls.incrementAndGet();
            int status = holdHealth.get() ? 503 : 200;
            byte[] body = (status == 200 ? "ok" : "starting").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        health.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (serve != null && serve.isAlive()) {
            serve.destroyForcibly();
            serve.waitFor(30, TimeUnit.SECONDS);
        }
        if (health != null) health.stop(0);
        if (stack != null) stack.close();
        if (work != null) {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void sigtermDuringARollbackStopsBeforeItsNextStepTheJournalSaysWhereAndTheNextStartFinishesIt() throws Exception {
        Path store = dir.resolve("rewind.db");
        String operator;
        try (RewindStore s = sqlite(store)) {
            operator = s.tokens().create("olga", Role.OPERATOR, "test", Instant.now()).secret();
        }
        start(store.toString());
        stack.deployGreen();
        JsonNode reg = call("POST", "/api/v1/releases", "{\"environment\": \"production\", \"version\": \"green\", \"previous\": \"blue\"}", operator, 201);
        assertThat(reg.path("watched").booleanValue()).as(reg.toString()).isTrue();

        holdHealth.set(true);
        JsonNode started = call("POST", "/api/v1/rollbacks",
                "{\"environment\": \"production\", \"to\": \"blue\", \"reason\": \"sigterm test\", \"immediate\": true}", operator, 202);
        String id = started.path("id").asString();
        await("the rollback's await-healthy step polling the held health endpoint", () -> healthPolls.get() > 0, () -> healthPolls.get() + " polls");

        assertThat(journalOf(id, operator)).as("a live rollback's step in flight is in progress, not interrupted")
                .contains("\"status\":\"in_progress\"").doesNotContain("interrupted");

        serve.toHandle().destroy(); // SIGTERM
        await("the journal to say the server is stopping", () -> journalOf(id, operator).contains("STOPPING"), () -> journalOf(id, operator));
        assertThat(serve.isAlive()).as("the server waits for the step in flight").isTrue();
        holdHealth.set(false); // the step in flight ends well; nothing after it may run
        assertThat(serve.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).as(output()).isTrue();
        assertThat(serve.exitValue()).as("SIGTERM's exit status (128 + 15) after a clean stop; " + output()).isEqualTo(143);

        try (RewindStore s = sqlite(store)) {
            RollbackRecord r = s.history().find(id).orElseThrow();
            assertThat(r.status()).as("stopped, not ended: the next server on this store carries it on").isEqualTo("running");
            List<ActionLogEntry> log = s.journal().actionsLog(id);
            List<String> steps = log.stream().map(e -> e.action() + ":" + e.status()).toList();
            assertThat(steps).as("nothing half-written: every step that started has its outcome").noneMatch(x -> x.endsWith(":interrupted"));
            assertThat(steps).containsSubsequence("STOPPING:stopping", "STOPPED:handed_over");
            int stoppedAt = steps.indexOf("STOPPED:handed_over");
            assertThat(log.get(stoppedAt).details().toString()).contains("stopping (SIGTERM)");
            assertThat(steps.subList(0, stoppedAt)).as("the step in flight finished").anyMatch(x -> x.endsWith(":success"));
            assertThat(log.subList(stoppedAt + 1, log.size())).as("no step ran after the stop: " + steps).isEmpty();
            assertThat(Integrity.verify(s, List.of()).intact()).isTrue();
        }

        // the next start resumes it from the journal, after the step it stopped at, and finishes it once
        start(store.toString());
        await("the restarted server to finish the rollback", () -> {
            try (RewindStore s = sqlite(store)) {
                return !s.history().find(id).orElseThrow().status().equals("running");
            }
        }, () -> journalOf(id, operator));
        try (RewindStore s = sqlite(store)) {
            List<String> steps = s.journal().actionsLog(id).stream().map(e -> e.action() + ":" + e.status()).toList();
            assertThat(s.history().find(id).orElseThrow().status()).as(steps.toString()).startsWith("success");
            assertThat(steps).containsSubsequence("STOPPED:handed_over", "RESUMED_FROM_JOURNAL:resumed");
            assertThat(steps.stream().filter(x -> x.startsWith("ROLLBACK_FINISHED:")).count()).as(steps.toString()).isEqualTo(1);
            assertThat(s.history().inState(List.of("running", "paused", "awaiting_approval"))).isEmpty();
            assertThat(Integrity.verify(s, List.of()).intact()).isTrue();
        }
    }

    @Test
    void onPostgresqlAReleaseRegisteredThroughTheApiBreaksAndItsRollbackIsRecordedInPostgresql() throws Exception {
        String url = RealPostgres.get().newDatabase();
        String operator;
        String admin;
        try (RewindStore s = RewindStore.open(new StoreLocation.Postgres(url, null, null), AuditKey.of(hex(AUDIT_KEY)), Clock.systemUTC())) {
            operator = s.tokens().create("olga", Role.OPERATOR, "test", Instant.now()).secret();
            admin = s.tokens().create("ada", Role.ADMIN, "test", Instant.now()).secret();
        }
        try (TrafficRecorder traffic = new TrafficRecorder(stack.frontend(), 50, Duration.ofMinutes(4))) {
            start(url);
            // the README's baseline window is 30 s: blue serves a little longer, so the window holds full-rate samples
            TimeUnit.SECONDS.sleep(34);
            stack.deployGreen();
            JsonNode reg = call("POST", "/api/v1/releases", "{\"environment\": \"production\", \"version\": \"green\", \"previous\": \"blue\","
                    + " \"deployed_at\": \"" + Instant.now() + "\"}", operator, 201);
            assertThat(reg.path("watched").booleanValue()).as(reg.toString()).isTrue();
            stack.green().failureRate(0.3);
            await("a finished automatic rollback in the API", () -> {
                JsonNode rb = call("GET", "/api/v1/rollbacks", null, operator, 200).path("rollbacks");
                return rb.size() == 1 && !List.of("running", "paused", "awaiting_approval").contains(rb.get(0).path("status").asString());
            }, () -> call("GET", "/api/v1/rollbacks", null, operator, 200).toString());
            JsonNode rb = call("GET", "/api/v1/rollbacks", null, operator, 200).path("rollbacks").get(0);
            assertThat(rb.path("status").asString()).as(rb.toString()).isIn("success", "success_unverified");
            assertThat(rb.path("from").asString() + " -> " + rb.path("to").asString()).isEqualTo("green -> blue");
            assertThat(call("GET", "/api/v1/audit/verify", null, admin, 200).path("intact").booleanValue()).isTrue();

            serve.toHandle().destroy();
            assertThat(serve.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).as(output()).isTrue();
            assertThat(serve.exitValue()).as(output()).isEqualTo(143);

            try (Connection c = DriverManager.getConnection(url);
                 ResultSet rs = c.createStatement().executeQuery("SELECT id, status, from_version, to_version FROM rollbacks")) {
                assertThat(rs.next()).as("a rollback row in PostgreSQL").isTrue();
                assertThat(rs.getString("id")).isEqualTo(rb.path("id").asString());
                assertThat(rs.getString("status")).isEqualTo(rb.path("status").asString());
                assertThat(rs.getString("from_version") + " -> " + rs.getString("to_version")).isEqualTo("green -> blue");
                assertThat(rs.next()).isFalse();
            }
            try (Connection c = DriverManager.getConnection(url);
                 ResultSet rs = c.createStatement().executeQuery("SELECT status FROM releases WHERE version = 'green'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("rolled_back");
            }
            try (Connection c = DriverManager.getConnection(url);
                 ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("the schema is Flyway's").isPositive();
            }
            assertThat(dir.resolve("rewind.db")).doesNotExist();
        }
    }

    // ---- the server ----

    /** The README's server block, as printed. */
    static String readmeServerBlock() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String marker = "<!-- readme-config: server -->";
        int at = readme.indexOf(marker);
        assertThat(at).as("README.md holds the marker %s", marker).isNotNegative();
        int start = readme.indexOf("```yaml\n", at) + "```yaml\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    private void start(String store) throws Exception {
        String config = RewindChild.config(dev.rewind.wiring.ReadmeConfigTestAccess.readmeConfig(), stack.prometheus().toString(), stack.adminSocket())
                .replace("    strategy: blue_green", "    health_url: \"http://127.0.0.1:" + health.getAddress().getPort() + "/health/$version\"\n    strategy: blue_green")
                + readmeServerBlock();
        assertThat(config).contains("health_url", "server:");
        Path cfg = Files.writeString(dir.resolve("rewind.yaml"), config);
        List<String> cmd = new ArrayList<>(RewindChild.Launcher.classpath(System.getProperty("java.class.path")).command());
        cmd.addAll(List.of("serve", "--config", cfg.toString(), "--store", store, "--port", "0", "--out", dir.resolve("out").toString()));
        serveLog = dir.resolve("serve.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(serveLog.toFile());
        pb.environment().put(AuditKey.ENV, AUDIT_KEY);
        serve = pb.start();
        Pattern listening = Pattern.compile("serving on (http://127\\.0\\.0\\.1:\\d+)");
        String[] base = new String[1];
        await("serve to print where it listens", () -> {
            Matcher m = listening.matcher(output());
            if (m.find()) base[0] = m.group(1);
            return base[0] != null;
        }, this::output);
        api = URI.create(base[0]);
        await("/readyz to answer 200", () -> status("/readyz") == 200, () -> "status " + status("/readyz"));
    }

    private int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(api.resolve(path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private JsonNode call(String method, String path, String body, String token, int expected) {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.resolve(path)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(method + " " + path + " -> " + r.body()).isEqualTo(expected);
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String journalOf(String id, String token) {
        return call("GET", "/api/v1/rollbacks/" + id, null, token, 200).path("journal").toString();
    }

    private String output() {
        try {
            return Files.exists(serveLog) ? Files.readString(serveLog, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Polls {@code done} until it holds; fails naming what was awaited and what was seen, or when serve exits first. */
    private void await(String what, java.util.function.BooleanSupplier done, java.util.function.Supplier<String> seen) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!done.getAsBoolean()) {
            if (!serve.isAlive()) {
                throw new AssertionError("serve exited (" + serve.exitValue() + ") while waiting for " + what + "; output:\n" + output());
            }
            if (System.nanoTime() > deadline) throw new AssertionError("waited " + LIMIT + " for " + what + "; saw: " + seen.get());
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static RewindStore sqlite(Path file) {
        return RewindStore.open(new StoreLocation.Sqlite(file), AuditKey.of(hex(AUDIT_KEY)), Clock.systemUTC());
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
