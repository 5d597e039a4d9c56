package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.rewind.bench.LiveScrape;
import dev.rewind.integrations.haproxy.StatsSocket;
import dev.rewind.testing.RealServers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A canary watched live against its control: a real HAProxy splits traffic 70/30 between blue (the previous version,
 * the control) and green (the canary), a real Prometheus scrapes HAProxy's own per-server counters every second, and
 * {@code rewind watch --traffic-percent 30} runs as a child JVM on a {@code strategy: canary} config with the default
 * rules. Traffic grows through the test, and both versions fail more as it grows (a load-dependent error share, 1% at
 * the start up to 8%): a healthy canary then fails far more often than blue did before the deploy, so the comparison
 * with the baseline alone rolls it back (the third test shows it), while against the control over the same time it is
 * no worse. The test waits on what the watch prints, each wait with a deadline; no timing is asserted.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class WatchCanaryEndToEndTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);
    /** How long the healthy canary is watched: its traffic grows 15 -> 60 rps and its error share 1% -> 8% within it. */
    private static final Duration HORIZON = Duration.ofSeconds(45);
    private static final double START_RPS = 15;
    private static final double RPS_GROWTH_PER_SECOND = 1;

    private Path work;
    private LiveScrape live;
    private ShareBackend blue;
    private ShareBackend green;
    private GrowingTraffic traffic;
    private URI prometheus;
    private Path socket;

    @BeforeEach
    void world() throws Exception {
        RealServers.requireBinary("haproxy", "haproxy");
        RealServers.requireBinary("prometheus", "prometheus");
        work = Files.createTempDirectory("rw-canary-"); // short: HAProxy's socket path must fit 108 bytes
        live = new LiveScrape();
        traffic = new GrowingTraffic();
        blue = new ShareBackend("blue", traffic);
        green = new ShareBackend("green", traffic);
        int haproxy = live.haproxy(work, blue.port(), green.port());
        socket = work.resolve("haproxy-admin.sock");
        prometheus = live.prometheus(work, Duration.ofSeconds(1), List.of("127.0.0.1:" + haproxy));
        traffic.start(URI.create("http://127.0.0.1:" + haproxy + "/"));
        // the baseline: blue alone, read by Prometheus for a while before the deploy
        LiveScrape.awaitQuery(prometheus, "count_over_time(haproxy_server_http_responses_total{proxy=\"be_app\",server=\"blue\",code=\"2xx\"}[1m])",
                n -> n >= 8, LIMIT);
    }

    @AfterEach
    void stop() throws Exception {
        if (traffic != null) traffic.close();
        if (live != null) live.close();
        if (blue != null) blue.close();
        if (green != null) green.close();
        if (work != null) {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void aCanaryFailingFiveTimesAsOftenAsItsControlIsRolledBackOnTheControlComparison() throws Exception {
        green.multiplier = 5;
        try (WatchChild watch = deployAndWatch(Duration.ofMinutes(2))) {
            String decision = watch.awaitLine("decision: rollback", LIMIT);
            String out = watch.out();
            // both wordings of the evidence: "anytime p 0.03 <= alpha 0.05" and, for overwhelming evidence, "anytime p < 1e-9, below alpha 0.05"
            Matcher finding = Pattern.compile("error_rate sequential test vs control: e-value >?([0-9.e+]+), anytime p (?:([0-9.e-]+) <=|< ([0-9.e-]+), below) alpha 0\\.05; "
                    + "(\\d+) errors in (\\d+) requests since the deploy vs (\\d+) errors in (\\d+) requests on the control over the same time").matcher(out);
            assertThat(finding.find()).as("the finding names the control comparison with its e-value and both counts; the watch printed:%n%s", out).isTrue();
            // the decision: the anytime p-value at or below alpha (the e-value printed is the current one, not the running maximum)
            double p = Double.parseDouble(finding.group(2) != null ? finding.group(2) : finding.group(3));
            assertThat(p).as("anytime p at the decision: %s", finding.group()).isLessThanOrEqualTo(0.05);
            long canaryErrors = Long.parseLong(finding.group(4)), canaryRequests = Long.parseLong(finding.group(5));
            long controlErrors = Long.parseLong(finding.group(6)), controlRequests = Long.parseLong(finding.group(7));
            assertThat(canaryRequests).as("the canary's counts are HAProxy's for green: below the control's at 30%%").isPositive().isLessThan(controlRequests);
            assertThat((double) canaryErrors / canaryRequests).as("the canary's error share is above the control's: %s", finding.group())
                    .isGreaterThan(2.0 * controlErrors / controlRequests);
            assertThat(decision).as(out).contains("error_rate");
            assertThat(out).as("no baseline comparison decided it").doesNotContain("sequential test vs baseline: e-value");
        }
    }

    @Test
    void aHealthyCanaryUnderTheSameGrowthIsNotRolledBack() throws Exception {
        green.multiplier = 1;
        try (WatchChild watch = deployAndWatch(HORIZON)) {
            int exit = watch.awaitExit(HORIZON.plus(LIMIT));
            String out = watch.out();
            assertThat(out).as("the watch ran to its end without rolling back").contains("decision: no_rollback").doesNotContain("decision: rollback");
            assertThat(exit).as(watch.output()).isZero();
            assertThat(traffic.share()).as("the load-dependent error share at the end, against 1% before the deploy").isGreaterThan(0.05);
        }
    }

    @Test
    void theSameHealthyReleaseJudgedAgainstItsBaselineAloneIsRolledBack() throws Exception {
        // the contrast that makes the test above mean something: without --traffic-percent the release is taken for a
        // full rollout, nothing serves beside it, and its growing error share is compared with blue's before the deploy
        green.multiplier = 1;
        try (WatchChild watch = deployAndWatch(Duration.ofMinutes(2), 100)) {
            watch.awaitLine("decision: rollback", HORIZON.plus(LIMIT));
            assertThat(watch.out()).as("the baseline comparison decided it").contains("sequential test vs baseline: e-value")
                    .doesNotContain("sequential test vs control");
        }
    }

    /** The deploy: 30% of traffic to green through the runtime API, then the watch started as a user would. */
    private WatchChild deployAndWatch(Duration watchFor) throws IOException {
        return deployAndWatch(watchFor, 30);
    }

    private WatchChild deployAndWatch(Duration watchFor, int trafficPercent) throws IOException {
        Instant deployedAt = Instant.now();
        StatsSocket api = StatsSocket.unix(socket, Duration.ofSeconds(2));
        for (String command : List.of("set weight be_app/green 30", "set weight be_app/blue 70")) {
            assertThat(api.execute(command).strip()).as(command).isEmpty();
        }
        traffic.grow();
        Path cfg = Files.writeString(work.resolve("rewind.yaml"), config());
        return WatchChild.start("watch", "--config", cfg.toString(), "--environment", "production", "--release", "green", "--previous", "blue",
                "--traffic-percent", String.valueOf(trafficPercent), "--deployed-at", deployedAt.toString(), "--for", watchFor.toString(),
                "--store", work.resolve("rewind.db").toString(), "--out", work.resolve("out").toString(), "--notify", "false");
    }

    /** The README's defaults (no triggers), a canary strategy, and HAProxy's own per-server counters as the counts. */
    private String config() {
        return """
                rollback_policy:
                  monitoring:
                    check_interval_seconds: 0.5
                    baseline_window_minutes: 0.25
                environments:
                  production:
                    service: shop
                    strategy: canary
                    metrics:
                      type: prometheus
                      url: %s
                      step_seconds: 0.5
                      timeout_seconds: 2
                      counters:
                        request_count: haproxy_server_http_responses_total{proxy="be_app",server="$version"}
                        error_count: haproxy_server_http_responses_total{proxy="be_app",server="$version",code="5xx"}
                    router:
                      type: haproxy
                      socket: %s
                      backend: be_app
                      timeout_seconds: 2
                """.formatted(prometheus, socket);
    }

    /**
     * Requests through HAProxy at a rate that is flat until {@link #grow}, then rises by {@link #RPS_GROWTH_PER_SECOND}
     * each second; the error share both versions see rises with it (1% at the start rate, 8% at the end of the horizon).
     */
    static final class GrowingTraffic implements AutoCloseable {
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        private volatile long growFrom = Long.MAX_VALUE;
        private double owed;
        private long last;

        void start(URI target) {
            last = System.nanoTime();
            ticker.scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                owed += rps() * (now - last) / 1e9;
                last = now;
                for (; owed >= 1; owed--) {
                    client.sendAsync(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
        }

        void grow() {
            growFrom = System.nanoTime();
        }

        double rps() {
            long since = System.nanoTime() - growFrom;
            return since <= 0 ? START_RPS : START_RPS + RPS_GROWTH_PER_SECOND * since / 1e9;
        }

        /** 1% at the start rate, rising linearly with it to 8% at the end of {@link #HORIZON}, then flat. */
        double share() {
            return 0.01 + 0.07 * Math.min(1, (rps() - START_RPS) / (RPS_GROWTH_PER_SECOND * HORIZON.toSeconds()));
        }

        @Override
        public void close() {
            ticker.shutdownNow();
            client.close();
        }
    }

    /** Answers with its name; fails (500) a share of requests: the traffic's share times its multiplier, spread evenly. */
    static final class ShareBackend implements AutoCloseable {
        private final HttpServer server;
        private final GrowingTraffic traffic;
        volatile double multiplier = 1;
        private double due;

        ShareBackend(String name, GrowingTraffic traffic) throws IOException {
            this.traffic = traffic;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", ex -> {
                boolean fail;
                synchronized (this) {
                    due += Math.min(1, traffic.share() * multiplier);
                    fail = due >= 1;
                    if (fail) due -= 1;
                }
                byte[] body = (name + (fail ? " failed\n" : "\n")).getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(fail ? 500 : 200, body.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(body);
                }
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
