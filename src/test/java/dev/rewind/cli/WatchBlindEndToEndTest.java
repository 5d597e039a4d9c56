package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.bench.BlueGreenStack;
import dev.rewind.bench.RewindChild;
import dev.rewind.bench.TrafficRecorder;
import dev.rewind.integrations.haproxy.HaproxyRouter;
import dev.rewind.integrations.haproxy.StatsSocket;
import dev.rewind.store.AuditEntry;
import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackRecord;
import dev.rewind.testing.RealServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rewind watch} while its Prometheus goes away, as in production: the README's config, a real HAProxy and a real
 * Prometheus, 50 requests/s. Prometheus is stopped mid-watch. The watch goes on blind (said on the console; nothing is
 * decided from missing data; the Alertmanager receiver keeps answering), and when Prometheus comes back it still
 * rolls the faulty release back. A Prometheus that stays away ends the watch at the blind limit, with exit 3.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WatchBlindEndToEndTest {
    private static final Duration SCRAPE = Duration.ofSeconds(2);
    private static final Duration BLUE_BEFORE_DEPLOY = Duration.ofSeconds(34);
    /** The bound on each awaited step (a line of the watch, Prometheus ready): generous for a busy two-core machine. */
    private static final Duration STEP = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @BeforeEach
    void requireServers() {
        RealServers.requireBinary("haproxy", "haproxy");
        RealServers.requireBinary("prometheus", "prometheus");
    }

    @Test
    void prometheusStoppedAndStartedAgainMidWatchLeavesTheWatchBlindThenItStillRollsBack() throws Exception {
        // port 0: the receiver binds a free port itself and the watch prints its URL, so no other process can take it first
        String config = readmeConfig() + "alertmanager:\n  type: alertmanager\n  port: 0\n  insecure_no_auth: true\n";
        Path work = Files.createTempDirectory("rw-blind-"); // short: HAProxy's socket path must fit 108 bytes
        try (BlueGreenStack stack = new BlueGreenStack(work, SCRAPE, null, null);
             TrafficRecorder traffic = new TrafficRecorder(stack.frontend(), 50, Duration.ofMinutes(5));
             WatchChild watch = startWatch(stack, config, "PT3M")) {
            String receiverLine = watch.awaitLine("Alertmanager webhook receiver at ", STEP);
            URI receiver = URI.create(receiverLine.replaceAll(".*receiver at (\\S+?):? firing.*", "$1"));
            watch.awaitLine(": Watch green", STEP);

            stack.stopPrometheus();
            watch.awaitLine("BLIND: metrics unreadable", STEP);
            assertThat(watch.isAlive()).as("a stopped Prometheus must not end the watch:\n" + watch.output()).isTrue();
            assertThat(postEmptyAlertBatch(receiver)).as("the Alertmanager receiver at " + receiver + " keeps answering while the watch is blind")
                    .isEqualTo(202);
            watch.awaitLine("BLIND: metrics unreadable for", STEP); // a later blind check: still blind, still watching
            assertThat(watch.isAlive()).as("still blind, still watching:\n" + watch.output()).isTrue();
            stack.startPrometheus();
            PrometheusHistory.awaitReady(stack.prometheus(), STEP);
            watch.awaitLine("metrics readable again after", STEP);

            stack.green().failureRate(0.3);
            int exit = watch.awaitExit(Duration.ofMinutes(4));

            assertThat(exit).as(watch.output()).isZero();
            assertThat(watch.out()).contains("BLIND: metrics unreadable for").contains("missing data never rolls back")
                    .contains("metrics readable again after").contains("blind for").contains("recovery verified");
            assertThat(router(stack).routes().percent("blue")).isEqualTo(100.0);
            RollbackRecord rollback = RewindStore.open(dir.resolve("rewind.db")).history().list(10).getFirst();
            assertThat(rollback.status()).isEqualTo("success");
            assertThat(rollback.trigger()).isEqualTo("error_rate");
        } finally {
            deleteTree(work);
        }
    }

    @Test
    void prometheusThatStaysAwayEndsTheWatchAtTheBlindLimitWithExitThreeAndNothingRolledBack() throws Exception {
        String config = readmeConfig().replace("  monitoring:\n", "  monitoring:\n    blind_limit_seconds: 8\n");
        assertThat(config).contains("blind_limit_seconds: 8");
        Path work = Files.createTempDirectory("rw-blind-");
        try (BlueGreenStack stack = new BlueGreenStack(work, SCRAPE, null, null);
             TrafficRecorder traffic = new TrafficRecorder(stack.frontend(), 50, Duration.ofMinutes(5));
             WatchChild watch = startWatch(stack, config, "PT3M")) {
            watch.awaitLine(": Watch green", STEP);
            stack.stopPrometheus();
            stack.green().failureRate(0.3); // green goes bad while nobody can see it: still no rollback on missing data

            int exit = watch.awaitExit(Duration.ofMinutes(2));

            assertThat(exit).as(watch.output()).isEqualTo(3);
            assertThat(watch.err()).contains("could not be read for").contains("monitoring.blind_limit_seconds: 8").contains("nothing was rolled back")
                    .contains(stack.prometheus().toString());
            assertThat(watch.out()).contains("BLIND: metrics unreadable").contains("gave up");
            assertThat(router(stack).routes().percent("green")).as("no rollback on missing data").isEqualTo(100.0);
            RewindStore store = RewindStore.open(dir.resolve("rewind.db"));
            assertThat(store.history().list(10)).isEmpty();
            assertThat(store.audit().entries()).extracting(AuditEntry::action).contains("watch.blind_limit").doesNotContain("rollback.started");
        } finally {
            deleteTree(work);
        }
    }

    /** Blue serves real traffic for a baseline window (Prometheus is asked, not a clock), then green is deployed and watched. */
    private WatchChild startWatch(BlueGreenStack stack, String readmeConfig, String watchFor) throws Exception {
        Path cfg = Files.writeString(dir.resolve("rewind.yaml"), RewindChild.config(readmeConfig, stack.prometheus().toString(), stack.adminSocket()));
        PrometheusHistory.awaitSamplesUntil(stack.prometheus(), "blue", Instant.now().plus(BLUE_BEFORE_DEPLOY), BLUE_BEFORE_DEPLOY.plus(STEP));
        Instant deployedAt = Instant.now();
        stack.deployGreen();
        return WatchChild.start("watch", "--config", cfg.toString(), "--environment", "production",
                "--release", "green", "--previous", "blue", "--deployed-at", deployedAt.toString(), "--for", watchFor, "--notify", "false",
                "--store", dir.resolve("rewind.db").toString(), "--out", dir.resolve("out").toString());
    }

    private static int postEmptyAlertBatch(URI receiver) throws IOException, InterruptedException {
        HttpRequest post = HttpRequest.newBuilder(receiver)
                .POST(HttpRequest.BodyPublishers.ofString("{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[]}"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(5)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    private static String readmeConfig() throws IOException {
        return dev.rewind.wiring.ReadmeConfigTestAccess.readmeConfig();
    }

    private static HaproxyRouter router(BlueGreenStack stack) {
        return new HaproxyRouter(StatsSocket.unix(stack.adminSocket(), Duration.ofSeconds(2)), "be_app", Map.of("blue", "blue", "green", "green"));
    }

    private static void deleteTree(Path d) throws IOException {
        if (!Files.exists(d)) return;
        try (var files = Files.walk(d)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
