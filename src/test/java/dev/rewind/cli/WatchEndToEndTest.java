package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.act.Routes;
import dev.rewind.bench.BlueGreenStack;
import dev.rewind.bench.RewindChild;
import dev.rewind.bench.TrafficRecorder;
import dev.rewind.integrations.haproxy.HaproxyRouter;
import dev.rewind.integrations.haproxy.StatsSocket;
import dev.rewind.testing.RealServers;
import dev.rewind.store.AuditEntry;
import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code rewind watch} end to end as a new user runs it: the README's Prometheus + HAProxy config as printed
 * (only Prometheus' address and HAProxy's socket filled in), a real HAProxy in front of a blue and a green
 * backend, a real Prometheus scraping both every 2 s, and 50 requests/s of traffic. Green goes bad after the
 * deploy. No timing is asserted: the outcomes are (exit code, where traffic ends, what the store and the
 * result file say).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class WatchEndToEndTest {
    private static final Duration SCRAPE = Duration.ofSeconds(2);
    /** The README's baseline window is 30 s: blue serves a little longer, so the whole window holds full-rate samples. */
    private static final Duration BLUE_BEFORE_DEPLOY = Duration.ofSeconds(34);
    private static final Duration GREEN_HEALTHY = Duration.ofSeconds(6);
    /** The bound on each awaited step (a line of the watch, samples in Prometheus): generous for a busy two-core machine. */
    private static final Duration STEP = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @BeforeEach
    void requireServers() {
        RealServers.requireBinary("haproxy", "haproxy");
        RealServers.requireBinary("prometheus", "prometheus");
    }

    @Test
    void aFaultOnGreenRollsBackToBlueWithRecoveryVerifiedAndExitZero() throws Exception {
        Run run = watch(config(), (stack, watch) -> { });

        assertThat(run.exit).as(run.output()).isZero();
        assertThat(run.out).contains("recovery verified");
        assertThat(run.routes.percent("blue")).isEqualTo(100.0);
        RollbackRecord rollback = single(run.rollbacks());
        assertThat(rollback.status()).isEqualTo("success");
        assertThat(rollback.trigger()).isEqualTo("error_rate");
        JsonNode result = run.result();
        assertThat(result.path("status").asString()).isEqualTo("success");
        assertThat(result.path("recovery").asString()).isEqualTo("verified");
        assertThat(result.path("metrics_normalized").booleanValue()).isTrue();
    }

    @Test
    void withEnabledFalseTheSameFaultIsReportedAndNothingIsTouched() throws Exception {
        String reportOnly = config().replace("rollback_policy:\n", "rollback_policy:\n  enabled: false\n");
        assertThat(reportOnly).contains("enabled: false");

        Run run = watch(reportOnly, (stack, watch) -> { });

        assertThat(run.exit).as(run.output()).isZero();
        assertThat(run.out).contains("enabled: false: would have rolled green back to blue", "nothing was changed");
        assertThat(run.routes.percent("green")).as("traffic stays where the deploy put it").isEqualTo(100.0);
        assertThat(run.rollbacks()).isEmpty();
        assertThat(run.audit()).extracting(AuditEntry::action).contains("rollback.suppressed").doesNotContain("rollback.started");
        assertThat(Files.exists(dir.resolve("out/rollback_result.yaml"))).isFalse();
    }

    @Test
    void prometheusGoneAfterTheSwitchIsBlindNotFailedAndExitsFour() throws Exception {
        Run run = watch(config(), WatchEndToEndTest::stopPrometheusOnceTrafficIsBackOnBlue);

        assertThat(run.exit).as(run.output()).isEqualTo(4);
        assertThat(run.out).contains("recovery NOT verifiable (blind)").doesNotContain("Rollback failed");
        assertThat(run.routes.percent("blue")).isEqualTo(100.0);
        RollbackRecord rollback = single(run.rollbacks());
        assertThat(rollback.status()).isEqualTo("success_unverified");
        JsonNode result = run.result();
        assertThat(result.path("status").asString()).isEqualTo("success_unverified");
        assertThat(result.path("recovery").asString()).isEqualTo("not_verifiable");
        assertThat(result.path("recovery_note").asString()).contains("blind", "could not be read");
    }

    // ---- the world and the run ----

    private record Run(int exit, String out, String output, Routes routes, Path store, Path outDir) {

        List<RollbackRecord> rollbacks() {
            return RewindStore.open(store).history().list(10);
        }

        List<AuditEntry> audit() {
            return RewindStore.open(store).audit().entries();
        }

        JsonNode result() throws IOException {
            return new YAMLMapper().readTree(Files.readString(outDir.resolve("rollback_result.yaml"))).path("rollback_result");
        }
    }

    private static String config() throws IOException {
        return dev.rewind.wiring.ReadmeConfigTestAccess.readmeConfig();
    }

    /** What the test does while the watch runs, after green has gone bad (in the test's thread: a failure stops the watch). */
    private interface DuringWatch {
        void run(BlueGreenStack stack, WatchChild watch) throws Exception;
    }

    private Run watch(String readmeConfig, DuringWatch duringWatch) throws Exception {
        Path work = Files.createTempDirectory("rw-e2e-"); // short: HAProxy's socket path must fit 108 bytes
        try (BlueGreenStack stack = new BlueGreenStack(work, SCRAPE, null, null);
             TrafficRecorder traffic = new TrafficRecorder(stack.frontend(), 50, Duration.ofMinutes(4))) {
            Path cfg = Files.writeString(dir.resolve("rewind.yaml"), RewindChild.config(readmeConfig, stack.prometheus().toString(), stack.adminSocket()));
            PrometheusHistory.awaitSamplesUntil(stack.prometheus(), "blue", Instant.now().plus(BLUE_BEFORE_DEPLOY), BLUE_BEFORE_DEPLOY.plus(STEP));
            Instant deployedAt = Instant.now();
            stack.deployGreen();
            Path store = dir.resolve("rewind.db");
            Path out = dir.resolve("out");
            // a child JVM, not a pool thread: a failed assertion below stops it (close), where cancel(true) would leave it running
            try (WatchChild watch = WatchChild.start("watch", "--config", cfg.toString(),
                    "--environment", "production", "--release", "green", "--previous", "blue", "--deployed-at", deployedAt.toString(),
                    "--for", "PT2M", "--store", store.toString(), "--out", out.toString())) {
                watch.awaitLine(": Watch green", STEP);
                PrometheusHistory.awaitSamplesUntil(stack.prometheus(), "green", deployedAt.plus(GREEN_HEALTHY), GREEN_HEALTHY.plus(STEP));
                assertThat(watch.isAlive()).as("the watch must still be running before the fault:\n" + watch.output()).isTrue();
                stack.green().failureRate(0.3);
                duringWatch.run(stack, watch);
                int exit = watch.awaitExit(Duration.ofMinutes(3));
                return new Run(exit, watch.out(), watch.output(), router(stack).routes(), store, out);
            }
        } finally {
            deleteTree(work);
        }
    }

    /** Polls HAProxy until blue has the traffic again, then stops Prometheus: verification is left with nothing to read. */
    private static void stopPrometheusOnceTrafficIsBackOnBlue(BlueGreenStack stack, WatchChild watch) throws InterruptedException {
        HaproxyRouter router = router(stack);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        Routes last = null;
        while (System.nanoTime() < deadline) {
            last = router.routes();
            if (last.percent("blue") == 100.0) {
                stack.stopPrometheus();
                return;
            }
            if (!watch.isAlive()) {
                throw new AssertionError("the watch ended before traffic was back on blue; last routes seen: " + last + "\n" + watch.output());
            }
            TimeUnit.MILLISECONDS.sleep(100); // a poll interval; the loop ends on the condition, the watch's end or the deadline
        }
        throw new AssertionError("traffic was not back on blue within 3 min; last routes seen: " + last + "\n" + watch.output());
    }

    private static HaproxyRouter router(BlueGreenStack stack) {
        return new HaproxyRouter(StatsSocket.unix(stack.adminSocket(), Duration.ofSeconds(2)), "be_app", Map.of("blue", "blue", "green", "green"));
    }

    private static <T> T single(List<T> list) {
        assertThat(list).hasSize(1);
        return list.getFirst();
    }

    private static void deleteTree(Path d) throws IOException {
        if (!Files.exists(d)) return;
        try (var files = Files.walk(d)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
