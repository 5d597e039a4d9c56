package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.rewind.store.ApiTokens;
import dev.rewind.store.AuditKey;
import dev.rewind.store.JournalEntry;
import dev.rewind.store.RewindStore;
import dev.rewind.store.StoreLocation;
import dev.rewind.testing.Logs;
import dev.rewind.testing.RealPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's check, as a user would run it: two real {@code rewind serve} processes on one real PostgreSQL; the one
 * running a rollback is killed with SIGKILL in the middle of it (inside its smoke test, which the test holds open); the
 * other takes the rollback over once the lease runs out (3 s here, renewed every second) and finishes it. The journal
 * must show every step that had ended exactly once, the interrupted step run again, and the takeover.
 */
class ReplicaTakeoverTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Duration LIMIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private HttpServer smoke;

    @AfterEach
    void stop() {
        started.forEach(p -> p.toHandle().destroyForcibly());
        if (smoke != null) smoke.stop(0);
    }

    @Test
    void aReplicaKilledMidRollbackIsTakenOverAndTheRollbackFinishesExactlyOnce() throws Exception {
        String url = RealPostgres.get().newDatabase();
        // the smoke test answers only once the test lets it: the first replica is killed while it waits for the answer
        CountDownLatch answer = new CountDownLatch(1);
        AtomicInteger smokeCalls = new AtomicInteger();
        smoke = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        smoke.createContext("/checkout", ex -> {
            smokeCalls.incrementAndGet();
            try {
                answer.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            try {
                ex.sendResponseHeaders(200, ok.length);
                ex.getResponseBody().write(ok);
            } catch (IOException gone) {
                // the replica that asked was killed
            }
            ex.close();
        });
        smoke.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        smoke.start();
        Path flags = dir.resolve("flags.json");
        try (InputStream in = getClass().getResourceAsStream("/flagd/flags.json")) {
            Files.copy(in, flags);
        }
        Path config = dir.resolve("rewind.yaml");
        Files.writeString(config, """
                server:
                  lease_seconds: 3
                  lease_renew_seconds: 1
                environments:
                  production:
                    service: shop
                    strategy: feature_flag
                    feature_flag: new-checkout
                    flags: {type: flagd, file: %s}
                    smoke_tests:
                      - name: checkout
                        url: http://127.0.0.1:%d/checkout
                        timeout_seconds: 60
                """.formatted(flags, smoke.getAddress().getPort()));

        try (RewindStore store = RewindStore.open(new StoreLocation.Postgres(url, null, null), AuditKey.of(KEY), Clock.systemUTC())) {
            String token = store.tokens().create("test", ApiTokens.Role.OPERATOR, "test", Instant.now()).secret();
            HttpClient http = HttpClient.newHttpClient();
            Replica a = serve("replica-a", url, config);
            Replica b = serve("replica-b", url, config);
            a.awaitReady(http);
            b.awaitReady(http);

            a.post(http, token, "/api/v1/releases",
                    "{\"environment\":\"production\",\"version\":\"2.4.0\",\"previous\":\"2.3.1\",\"feature_flag\":\"new-checkout\"}");
            String answerBody = a.post(http, token, "/api/v1/rollbacks",
                    "{\"environment\":\"production\",\"to\":\"2.3.1\",\"reason\":\"checkout errors\"}");
            var idMatch = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"(rb-[^\"]+)\"").matcher(answerBody);
            assertThat(idMatch.find()).as(answerBody).isTrue();
            String id = idMatch.group(1);

            await("replica-a to start the smoke test of " + id, b, () -> smokeCalls.get() >= 1 && startedStep(store, id, "smoke-tests") != null,
                    () -> smokeCalls.get() + " smoke calls; journal: " + actions(store, id));
            assertThat(flagOff(flags)).as("the flag was turned off before the smoke test").isTrue();

            a.process.toHandle().destroyForcibly(); // SIGKILL, mid-step
            assertThat(a.process.waitFor(10, TimeUnit.SECONDS)).as("replica-a dies").isTrue();
            answer.countDown(); // from now on the smoke test answers, for whoever asks again

            await("replica-b to finish " + id, b, () -> store.history().find(id).map(r -> !r.status().equals("running")).orElse(false),
                    () -> "status " + store.history().find(id).map(r -> r.status()).orElse("?") + "; journal: " + actions(store, id)
                            + "\nreplica-b:\n" + Logs.lastLines(b.log, 20));

            assertThat(store.history().find(id).orElseThrow().status()).as("no metrics to verify with").isEqualTo("success_unverified");
            List<JournalEntry> rows = store.journal().entries(id);
            // the flag step ended before the kill: it ran once and was kept, not run again
            assertThat(rows).filteredOn(r -> "disable-flag".equals(r.stepId()) && r.begins() == null).hasSize(1);
            assertThat(rows).filteredOn(r -> "FLAG_DEACTIVATED".equals(r.action()) && "success".equals(r.state())).hasSize(1);
            // the smoke test was cut off on replica-a and run again on replica-b
            assertThat(rows).filteredOn(r -> "smoke-tests".equals(r.stepId()) && r.begins() == null).hasSize(2);
            assertThat(rows).filteredOn(r -> "smoke-tests".equals(r.stepId()) && r.begins() != null).singleElement()
                    .satisfies(r -> assertThat(r.state()).isEqualTo("success"));
            JournalEntry takeover = rows.stream().filter(r -> r.action().equals("RESUMED_FROM_JOURNAL")).findFirst().orElseThrow();
            assertThat(takeover.detail()).contains("replica replica-b took the rollback over from replica-a", "lease token 2");
            assertThat(takeover.data()).containsEntry("interrupted", "smoke-tests");
            assertThat(rows).filteredOn(r -> r.action().equals("ROLLBACK_FINISHED")).hasSize(1);
            assertThat(rows.indexOf(takeover)).isGreaterThan(rows.indexOf(startedStep(store, id, "smoke-tests")));
            assertThat(smokeCalls.get()).isEqualTo(2);
            // one closing entry in the audit trail, and intact chains
            assertThat(store.audit().entries()).filteredOn(e -> e.action().equals("rollback.finished")).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("id=" + id, "status=success_unverified"));
            assertThat(store.audit().entries()).anySatisfy(e -> {
                assertThat(e.action()).isEqualTo("rollback.resumed");
                assertThat(e.detail()).contains(id, "replica-b");
            });
            assertThat(store.journal().verify(id).intact()).isTrue();
            // the actions_log the API and the report show tells the takeover too
            assertThat(store.journal().actionsLog(id)).extracting(e -> e.action())
                    .containsSubsequence("FLAG_DEACTIVATED", "RESUMED_FROM_JOURNAL", "ROLLBACK_FINISHED");
        }
    }

    private static JournalEntry startedStep(RewindStore store, String id, String step) {
        return store.journal().entries(id).stream().filter(r -> step.equals(r.stepId()) && r.begins() == null).findFirst().orElse(null);
    }

    private static String actions(RewindStore store, String id) {
        return store.journal().entries(id).stream().map(r -> r.action() + "/" + r.state()).toList().toString();
    }

    private static boolean flagOff(Path flags) throws IOException {
        return Files.readString(flags).replaceAll("\\s", "").contains("\"defaultVariant\":\"off\"");
    }

    /** Polls until {@code done}, pausing on the surviving replica (so its exit is noticed at once); fails with what was seen. */
    private static void await(String what, Replica alive, Supplier<Boolean> done, Supplier<String> seen) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.get()) return;
            if (alive.process.waitFor(200, TimeUnit.MILLISECONDS)) {
                throw new AssertionError(alive.name + " exited with " + alive.process.exitValue() + " while we waited for " + what + "; seen: "
                        + seen.get() + "\n" + Logs.lastLines(alive.log, 30));
            }
        }
        throw new AssertionError("waited " + LIMIT.toSeconds() + " s for " + what + "; seen: " + seen.get());
    }

    private record Replica(String name, Process process, Path log, int port) {
        /** Two JVMs starting at once on a shared two-core machine: a longer limit than ServerReady's 30 s. */
        void awaitReady(HttpClient http) throws InterruptedException {
            String[] seen = {"no attempt"};
            await(name + " to answer GET /readyz with 200", this, () -> {
                try {
                    int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    seen[0] = "status " + status;
                    return status == 200;
                } catch (IOException e) {
                    seen[0] = e.toString();
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }, () -> seen[0] + "\n" + Logs.lastLines(log, 20));
        }

        String post(HttpClient http, String token, String path, String body) throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("POST " + path + ": " + r.body()).isBetween(200, 299);
            return r.body();
        }
    }

    private Replica serve(String name, String url, Path config) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve(name + ".log");
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path home = Files.createDirectories(dir.resolve(name + "-home"));
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-Duser.home=" + home, "-cp", classpath, "dev.rewind.cli.RewindCommand", "serve",
                "--config", config.toString(), "--store", url, "--port", String.valueOf(port), "--replica-id", name,
                "--out", dir.resolve(name + "-out").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).directory(dir.toFile());
        pb.environment().put("REWIND_AUDIT_KEY", HexFormat.of().formatHex(KEY));
        Process p = pb.start();
        started.add(p);
        return new Replica(name, p, log, port);
    }
}
