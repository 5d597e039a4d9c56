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
 * {@code rewind rollback --resume ID} of a rollback driven by a plan file ({@code plan:} in the environment): a real
 * {@code rewind rollback} process is killed with SIGKILL inside the plan's second step (its smoke test). With the plan
 * file edited meanwhile, the resume is refused (exit 2) and names the change, and the rollback stays running; with the
 * file put back, the resume keeps the first step, runs the cut-off smoke test again, and closes the rollback once.
 */
class PlanFileRollbackResumeTest {
    private static final Duration LIMIT = Duration.ofSeconds(120);

    private static final String PLAN = """
            metadata: {operation_id: op-shop-flag, name: shop flag off, owner: shop-team, certification_level: 2}
            operation: {summary: turn the new checkout off and prove the checkout works, deployment_type: feature_flag, services: [shop]}
            sla_minutes: 30
            phases:
              - id: brake
                name: Brake
                objective: the new checkout stops at once
                steps:
                  - {id: checkout-off, action: disable_flag, flag: new-checkout, estimate: 5s, timeout: 30s,
                     description: new-checkout OFF, verify: the flag reads back off}
              - id: prove
                name: Prove
                objective: the checkout works
                steps:
                  - {id: checkout-works, action: smoke_tests, estimate: 10s, timeout: 2m,
                     description: the checkout smoke test, verify: it answers 200}
            verification_checklist: [Checkout works]
            testing:
              staging: {tested_at: 2026-01-20T10:00:00Z, result: passed}
            """;

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
    void aKilledPlanFileRollbackIsResumedStepByStepOnlyWithThePlanFileItStartedWith() throws Exception {
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
        Path plan = dir.resolve("shop-flag.yaml");
        Files.writeString(plan, PLAN);
        Path config = dir.resolve("rewind.yaml");
        Files.writeString(config, """
                server:
                  lease_seconds: 3
                  lease_renew_seconds: 1
                environments:
                  staging:
                    service: shop
                    strategy: feature_flag
                    feature_flag: new-checkout
                    plan: shop-flag.yaml
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
            await("the plan file's smoke-test step to start", first, () -> {
                id[0] = store.history().list(1).stream().map(r -> r.id()).findFirst().orElse(null);
                return id[0] != null && smokeCalls.get() >= 1 && store.journal().entries(id[0]).stream()
                        .anyMatch(r -> "checkout-works".equals(r.stepId()) && r.begins() == null);
            }, () -> smokeCalls.get() + " smoke calls; history " + store.history().list(1) + "\n" + Logs.lastLines(log, 20));
            first.toHandle().destroyForcibly(); // SIGKILL, mid-step
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).as("the first rollback dies").isTrue();
            assertThat(store.journal().entries(id[0])).filteredOn(r -> r.action().equals("PLAN_FILE")).as("the plan file it started with")
                    .singleElement().satisfies(r -> assertThat(r.data()).containsEntry("operation_id", "op-shop-flag").containsKey("sha256"));
            await("the killed process's lease to run out", null, () -> store.leases().find("rollback:" + id[0])
                    .map(l -> !l.heldAt(Instant.now())).orElse(false), () -> String.valueOf(store.leases().find("rollback:" + id[0])));

            Files.writeString(plan, PLAN.replace("description: the checkout smoke test", "description: the checkout and payment smoke tests"));
            Cli refused = Cli.run("rollback", "--resume", id[0], "--config", config.toString(), "--store", db.toString(), "--out", dir.resolve("out").toString());
            assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(2);
            assertThat(refused.err()).contains("is not resumed: the plan file changed since it started", "put back the plan file it started with");
            assertThat(store.history().find(id[0]).orElseThrow().status()).as("left for a resume with the right plan").isEqualTo("running");
            assertThat(smokeCalls.get()).as("nothing ran").isEqualTo(1);

            Files.writeString(plan, PLAN);
            answer.countDown();
            Cli resumed = Cli.run("rollback", "--resume", id[0], "--config", config.toString(), "--store", db.toString(), "--out", dir.resolve("out").toString());

            assertThat(resumed.exit()).as("success_unverified: no metrics configured%n%s%s", resumed.out(), resumed.err()).isEqualTo(4);
            assertThat(resumed.out()).contains("Resuming rollback " + id[0], "checkout-off: success (kept, not run again)");
            assertThat(store.history().find(id[0]).orElseThrow().status()).isEqualTo("success_unverified");
            List<JournalEntry> rows = store.journal().entries(id[0]);
            assertThat(rows).filteredOn(r -> "checkout-off".equals(r.stepId()) && r.begins() == null).as("the flag step ran once").hasSize(1);
            assertThat(rows).filteredOn(r -> "checkout-works".equals(r.stepId()) && r.begins() == null).as("the cut-off smoke test ran again").hasSize(2);
            assertThat(rows).filteredOn(r -> r.action().equals("RESUMED_FROM_JOURNAL")).singleElement()
                    .satisfies(r -> assertThat(r.data()).containsEntry("interrupted", "checkout-works"));
            assertThat(rows).filteredOn(r -> r.action().equals("ROLLBACK_FINISHED")).hasSize(1);
            assertThat(smokeCalls.get()).isEqualTo(2);
            assertThat(store.journal().verify(id[0]).intact()).isTrue();
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
