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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

    @TempDir
    Path dir;

    @BeforeEach
    void requireServers() {
        RealServers.requireBinary("haproxy", "haproxy");
        RealServers.requireBinary("prometheus", "prometheus");
    }

    @Test
    void aFaultOnGreenRollsBackToBlueWithRecoveryVerifiedAndExitZero() throws Exception {
        Run run = watch(config(), stack -> { });

        assertThat(run.cli.exit()).as(run.output()).isZero();
        assertThat(run.cli.out()).contains("recovery verified");
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

        Run run = watch(reportOnly, stack -> { });

        assertThat(run.cli.exit()).as(run.output()).isZero();
        assertThat(run.cli.out()).contains("enabled: false: would have rolled green back to blue", "nothing was changed");
        assertThat(run.routes.percent("green")).as("traffic stays where the deploy put it").isEqualTo(100.0);
        assertThat(run.rollbacks()).isEmpty();
        assertThat(run.audit()).extracting(AuditEntry::action).contains("rollback.suppressed").doesNotContain("rollback.started");
        assertThat(Files.exists(dir.resolve("out/rollback_result.yaml"))).isFalse();
    }

    @Test
    void prometheusGoneAfterTheSwitchIsBlindNotFailedAndExitsFour() throws Exception {
        Run run = watch(config(), stack -> stopPrometheusOnceTrafficIsBackOnBlue(stack));

        assertThat(run.cli.exit()).as(run.output()).isEqualTo(4);
        assertThat(run.cli.out()).contains("recovery NOT verifiable (blind)").doesNotContain("Rollback failed");
        assertThat(run.routes.percent("blue")).isEqualTo(100.0);
        RollbackRecord rollback = single(run.rollbacks());
        assertThat(rollback.status()).isEqualTo("success_unverified");
        JsonNode result = run.result();
        assertThat(result.path("status").asString()).isEqualTo("success_unverified");
        assertThat(result.path("recovery").asString()).isEqualTo("not_verifiable");
        assertThat(result.path("recovery_note").asString()).contains("blind", "could not be read");
    }

    // ---- the world and the run ----

    private record Run(Cli cli, Routes routes, Path store, Path out) {
        String output() {
            return cli.out() + cli.err();
        }

        List<RollbackRecord> rollbacks() {
            return RewindStore.open(store).history().list(10);
        }

        List<AuditEntry> audit() {
            return RewindStore.open(store).audit().entries();
        }

        JsonNode result() throws IOException {
            return new YAMLMapper().readTree(Files.readString(out.resolve("rollback_result.yaml"))).path("rollback_result");
        }
    }

    private static String config() throws IOException {
        return dev.rewind.wiring.ReadmeConfigTestAccess.readmeConfig();
    }

    private Run watch(String readmeConfig, java.util.function.Consumer<BlueGreenStack> duringWatch) throws Exception {
        Path work = Files.createTempDirectory("rw-e2e-"); // short: HAProxy's socket path must fit 108 bytes
        try (BlueGreenStack stack = new BlueGreenStack(work, SCRAPE, null, null);
             TrafficRecorder traffic = new TrafficRecorder(stack.frontend(), 50, Duration.ofMinutes(4))) {
            Path cfg = Files.writeString(dir.resolve("rewind.yaml"), RewindChild.config(readmeConfig, stack.prometheus().toString(), stack.adminSocket()));
            TimeUnit.MILLISECONDS.sleep(BLUE_BEFORE_DEPLOY.toMillis());
            Instant deployedAt = Instant.now();
            stack.deployGreen();
            Path store = dir.resolve("rewind.db");
            Path out = dir.resolve("out");
            CompletableFuture<Cli> watch = CompletableFuture.supplyAsync(() -> Cli.run("watch", "--config", cfg.toString(),
                    "--environment", "production", "--release", "green", "--previous", "blue", "--deployed-at", deployedAt.toString(),
                    "--for", "PT2M", "--store", store.toString(), "--out", out.toString()));
            TimeUnit.MILLISECONDS.sleep(GREEN_HEALTHY.toMillis());
            assertThat(watch).as("the watch must still be running before the fault").isNotDone();
            stack.green().failureRate(0.3);
            CompletableFuture<Void> during = CompletableFuture.runAsync(() -> duringWatch.accept(stack));
            Cli cli = watch.get(3, TimeUnit.MINUTES);
            during.cancel(true);
            return new Run(cli, router(stack).routes(), store, out);
        } finally {
            deleteTree(work);
        }
    }

    /** Polls HAProxy until blue has the traffic again, then stops Prometheus: verification is left with nothing to read. */
    private static void stopPrometheusOnceTrafficIsBackOnBlue(BlueGreenStack stack) {
        HaproxyRouter router = router(stack);
        AtomicBoolean stopped = new AtomicBoolean();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!stopped.get() && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            if (router.routes().percent("blue") == 100.0) {
                stack.stopPrometheus();
                stopped.set(true);
            } else {
                try {
                    TimeUnit.MILLISECONDS.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
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
