package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.rewind.model.Release;
import dev.rewind.store.JournalEntry;
import dev.rewind.store.RewindStore;
import dev.rewind.testing.Logs;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rewind rollback --resume ID} on the embedded (SQLite) store: a real {@code rewind rollback} process is killed
 * with SIGKILL inside its smoke test; while its lease has not run out a resume is refused; once it has, the resume
 * keeps the flag step (not run again), runs the cut-off smoke test again, and closes the rollback once.
 */
class RollbackResumeTest {
    private static final Duration LIMIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private Process first;
    private HttpServer smoke;

    @AfterEach
    void stop() {
        if (first != null) first.toHandle().destroyForcibly();
        if (smoke != null) smoke.stop(0);
    }

    @Test
    void aKilledRollbackIsResumedFromItsJournalOnceItsLeaseRunsOut() throws Exception {
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
                // the process that asked was killed
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
        // a 20 s lease: long enough that the refusal below is seen on a loaded machine, short enough to wait out
        Files.writeString(config, """
                server:
                  lease_seconds: 20
                  lease_renew_seconds: 5
                environments:
                  staging:
                    service: shop
                    strategy: feature_flag
                    feature_flag: new-checkout
                    flags: {type: flagd, file: %s}
                    smoke_tests:
                      - name: checkout
                        url: http://127.0.0.1:%d/checkout
                        timeout_seconds: 60
                """.formatted(flags, smoke.getAddress().getPort()));
        Path db = dir.resolve("rewind.db");
        try (RewindStore store = RewindStore.open(db)) {
            store.releases().register(new Release("shop", "staging", "2.4.0", "2.3.1", Instant.now().minusSeconds(600), List.of(), "new-checkout", 100, null));

            Path log = dir.resolve("first.log");
            String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            first = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, "dev.rewind.cli.RewindCommand", "rollback", "--environment", "staging",
                    "--to", "2.3.1", "--reason", "checkout errors", "--config", config.toString(), "--store", db.toString(),
                    "--out", dir.resolve("out").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).directory(dir.toFile()).start();

            String[] id = {null};
            await("the first rollback to start its smoke test", first, () -> {
                id[0] = store.history().list(1).stream().map(r -> r.id()).findFirst().orElse(null);
                return id[0] != null && smokeCalls.get() >= 1 && store.journal().entries(id[0]).stream()
                        .anyMatch(r -> "smoke-tests".equals(r.stepId()) && r.begins() == null);
            }, () -> smokeCalls.get() + " smoke calls; history " + store.history().list(1) + "\n" + Logs.lastLines(log, 20));
            first.toHandle().destroyForcibly(); // SIGKILL, mid-step
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).as("the first rollback dies").isTrue();
            assertThat(store.history().find(id[0]).orElseThrow().status()).isEqualTo("running");

            Cli refused = Cli.run("rollback", "--resume", id[0], "--config", config.toString(), "--store", db.toString(), "--out", dir.resolve("out").toString());
            assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(1);
            assertThat(refused.out()).contains("another process still runs it", "cli-" + first.pid());

            await("the killed process's lease to run out", null, () -> store.leases().find("rollback:" + id[0])
                    .map(l -> !l.heldAt(Instant.now())).orElse(false), () -> String.valueOf(store.leases().find("rollback:" + id[0])));
            answer.countDown();
            Cli resumed = Cli.run("rollback", "--resume", id[0], "--config", config.toString(), "--store", db.toString(), "--out", dir.resolve("out").toString());

            assertThat(resumed.exit()).as(resumed.out() + resumed.err()).as("success_unverified: no metrics configured").isEqualTo(4);
            assertThat(resumed.out()).contains("Resuming rollback " + id[0], "disable-flag: success (kept, not run again)");
            assertThat(store.history().find(id[0]).orElseThrow().status()).isEqualTo("success_unverified");
            List<JournalEntry> rows = store.journal().entries(id[0]);
            assertThat(rows).filteredOn(r -> "disable-flag".equals(r.stepId()) && r.begins() == null).hasSize(1);
            assertThat(rows).filteredOn(r -> "smoke-tests".equals(r.stepId()) && r.begins() == null).hasSize(2);
            assertThat(rows).filteredOn(r -> r.action().equals("RESUMED_FROM_JOURNAL")).singleElement()
                    .satisfies(r -> {
                        assertThat(r.detail()).contains("rewind rollback --resume", "the lease was cli-" + first.pid() + "'s");
                        assertThat(r.data()).containsEntry("interrupted", "smoke-tests");
                    });
            assertThat(rows).filteredOn(r -> r.action().equals("ROLLBACK_FINISHED")).hasSize(1);
            assertThat(smokeCalls.get()).isEqualTo(2);
            assertThat(store.journal().verify(id[0]).intact()).isTrue();

            Cli again = Cli.run("rollback", "--resume", id[0], "--config", config.toString(), "--store", db.toString());
            assertThat(again.exit()).isEqualTo(2);
            assertThat(again.err()).contains("is success unverified, not running: nothing to resume");
        }
    }

    /** Polls until {@code done} (every 200 ms, the poll interval, not a synchronisation), failing with what was seen. */
    private static void await(String what, Process mustLive, Supplier<Boolean> done, Supplier<String> seen) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.get()) return;
            if (mustLive == null) {
                Thread.sleep(200);
            } else if (mustLive.waitFor(200, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the process exited with " + mustLive.exitValue() + " while we waited for " + what + "; seen: " + seen.get());
            }
        }
        throw new AssertionError("waited " + LIMIT.toSeconds() + " s for " + what + "; seen: " + seen.get());
    }
}
