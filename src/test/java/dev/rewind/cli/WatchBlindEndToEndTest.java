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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

    @TempDir
    Path dir;

    @BeforeEach
    void requireServers() {
        RealServers.requireBinary("haproxy", "haproxy");
        RealServers.requireBinary("prometheus", "prometheus");
    }

    @Test
    void prometheusStoppedAndStartedAgainMidWatchLeavesTheWatchBlindThenItStillRollsBack() throws Exception {
        int receiverPort = freePort();
        String config = readmeConfig() + "alertmanager:\n  type: alertmanager\n  port: " + receiverPort + "\n  insecure_no_auth: true\n";
        Path work = Files.createTempDirectory("rw-blind-"); // short: HAProxy's socket path must fit 108 bytes
        try (BlueGreenStack stack = new BlueGreenStack(work, SCRAPE, null, null);
             TrafficRecorder traffic = new TrafficRecorder(stack.frontend(), 50, Duration.ofMinutes(5))) {
            CompletableFuture<Cli> watch = startWatch(stack, config, "PT3M");
            TimeUnit.SECONDS.sleep(6);
            assertThat(watch).as("the watch must still be running before the outage").isNotDone();

            stack.stopPrometheus();
            TimeUnit.SECONDS.sleep(6);
            assertThat(watch).as("a stopped Prometheus must not end the watch").isNotDone();
            assertThat(postEmptyAlertBatch(receiverPort)).as("the Alertmanager receiver keeps answering while the watch is blind").isEqualTo(202);
            TimeUnit.SECONDS.sleep(6);
            assertThat(watch).as("still blind, still watching").isNotDone();
            stack.startPrometheus();

            TimeUnit.SECONDS.sleep(8); // a few scrapes of green again
            stack.green().failureRate(0.3);
            Cli cli = watch.get(4, TimeUnit.MINUTES);

            assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();
            assertThat(cli.out()).contains("BLIND: metrics unreadable for").contains("missing data never rolls back")
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
             TrafficRecorder traffic = new TrafficRecorder(stack.frontend(), 50, Duration.ofMinutes(5))) {
            CompletableFuture<Cli> watch = startWatch(stack, config, "PT3M");
            TimeUnit.SECONDS.sleep(6);
            assertThat(watch).isNotDone();
            stack.stopPrometheus();
            stack.green().failureRate(0.3); // green goes bad while nobody can see it: still no rollback on missing data

            Cli cli = watch.get(2, TimeUnit.MINUTES);

            assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(3);
            assertThat(cli.err()).contains("could not be read for").contains("monitoring.blind_limit_seconds: 8").contains("nothing was rolled back")
                    .contains(stack.prometheus().toString());
            assertThat(cli.out()).contains("BLIND: metrics unreadable").contains("gave up");
            assertThat(router(stack).routes().percent("green")).as("no rollback on missing data").isEqualTo(100.0);
            RewindStore store = RewindStore.open(dir.resolve("rewind.db"));
            assertThat(store.history().list(10)).isEmpty();
            assertThat(store.audit().entries()).extracting(AuditEntry::action).contains("watch.blind_limit").doesNotContain("rollback.started");
        } finally {
            deleteTree(work);
        }
    }

    private CompletableFuture<Cli> startWatch(BlueGreenStack stack, String readmeConfig, String watchFor) throws Exception {
        Path cfg = Files.writeString(dir.resolve("rewind.yaml"), RewindChild.config(readmeConfig, stack.prometheus().toString(), stack.adminSocket()));
        TimeUnit.MILLISECONDS.sleep(BLUE_BEFORE_DEPLOY.toMillis());
        Instant deployedAt = Instant.now();
        stack.deployGreen();
        return CompletableFuture.supplyAsync(() -> Cli.run("watch", "--config", cfg.toString(), "--environment", "production",
                "--release", "green", "--previous", "blue", "--deployed-at", deployedAt.toString(), "--for", watchFor, "--notify", "false",
                "--store", dir.resolve("rewind.db").toString(), "--out", dir.resolve("out").toString()));
    }

    private static int postEmptyAlertBatch(int port) throws IOException, InterruptedException {
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/alertmanager"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[]}"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(5)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    private static String readmeConfig() throws IOException {
        return dev.rewind.wiring.ReadmeConfigTestAccess.readmeConfig();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
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
