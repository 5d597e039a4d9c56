package dev.rewind.integrations.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.rewind.bench.LiveScrape;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Sample;
import dev.rewind.observe.MetricScope;
import dev.rewind.testing.RealServers;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code latency_bucket} read from a real Prometheus: the source reads a histogram's {@code le} buckets raw, scrape by
 * scrape, and each scrape's increase must be what the scraped process served in that scrape, a counter reset included.
 * The scraped target is a tiny /metrics endpoint in the test serving {@code http_request_duration_seconds} (the
 * default {@code latency_bucket} selector): HAProxy 2.6's built-in exporter has no latency histograms (only averages
 * such as {@code haproxy_server_response_time_average_seconds}). The endpoint advances its histogram by a planned step
 * at each scrape it answers, so what every scrape carried is known exactly; scrape 5 is a restart (the counters start
 * again from zero).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PrometheusHistogramLiveTest {
    private static final String[] LE = {"0.1", "0.5", "1", "+Inf"};
    private static final int PLANNED = 8;
    private static final int RESTART_AT = 5;

    private LiveScrape live;
    private HttpServer target;
    private Path work;
    /** What each scrape carried: cumulative count per bucket, in LE's order. */
    private final List<long[]> served = new ArrayList<>();
    /** Per-scrape increments not yet cumulative: fast (<= 0.1 s), medium, slow (0.5..1 s], slowest (> 1 s). */
    private long[] cumulative = new long[LE.length];

    @AfterEach
    void stop() throws Exception {
        if (live != null) live.close();
        if (target != null) target.stop(0);
        if (work != null) {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void eachScrapesBucketIncreasesAndSlowRequestsAreWhatWasServedThroughACounterReset() throws Exception {
        RealServers.requireBinary("prometheus", "prometheus");
        work = Files.createTempDirectory("rw-hist-");
        target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        target.createContext("/metrics", ex -> {
            byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        target.start();
        Instant from = Instant.now().minusSeconds(1);
        live = new LiveScrape();
        URI prometheus = live.prometheus(work, Duration.ofSeconds(1), List.of("127.0.0.1:" + target.getAddress().getPort()));

        // every planned scrape, and one after it, stored and queryable
        LiveScrape.awaitQuery(prometheus, "count_over_time(http_request_duration_seconds_bucket{version=\"green\",le=\"+Inf\"}[5m])",
                n -> n >= PLANNED + 4, Duration.ofSeconds(60)); // the last 3 s are left out below
        // a little in the past: a scrape written between the two reads below would otherwise reach only the second
        Instant to = Instant.now().minusSeconds(3);

        PrometheusMetricSource source = new PrometheusMetricSource(PrometheusSettings.of(prometheus));
        Map<String, MetricSeries> buckets = source.rangeAll(new MetricScope("shop", "production", "green"), "latency_bucket", from, to);

        // what Prometheus stored, scrape by scrape: each a row the endpoint served, in order (a scrape that timed out on a
        // loaded machine is served but not stored; the next one then carries both, as it would in production)
        List<long[]> stored = stored(prometheus, to);
        List<long[]> servedRows;
        synchronized (this) {
            servedRows = List.copyOf(served);
        }
        int at = 0;
        for (long[] row : stored) {
            while (at < servedRows.size() && !java.util.Arrays.equals(servedRows.get(at), row)) at++;
            assertThat(at).as("stored row %s was served, after the one before it; served: %s", java.util.Arrays.toString(row),
                    servedRows.stream().map(java.util.Arrays::toString).toList()).isLessThan(servedRows.size());
            at++;
        }
        boolean dropped = false;
        for (int k = 1; k < stored.size(); k++) dropped |= stored.get(k)[3] < stored.get(k - 1)[3];
        assertThat(dropped).as("the restart's drop is among the stored scrapes").isTrue();
        List<long[]> expected = increases(stored);
        assertThat(buckets.keySet()).containsExactlyInAnyOrder("latency_bucket:0.1", "latency_bucket:0.5", "latency_bucket:1", "latency_bucket:+Inf");
        List<Sample> inf = buckets.get("latency_bucket:+Inf").samples();
        assertThat(inf.size()).as("scrapes read back").isEqualTo(expected.size());
        for (int b = 0; b < LE.length; b++) {
            List<Sample> got = buckets.get("latency_bucket:" + LE[b]).samples();
            assertThat(got).as("le=%s", LE[b]).hasSize(inf.size());
            for (int k = 0; k < got.size(); k++) {
                assertThat(got.get(k).value()).as("le=%s, scrape %d (%s), increase of what it served", LE[b], k + 1, got.get(k).at())
                        .isEqualTo((double) expected.get(k)[b]);
            }
        }
        // the slow requests (slower than 0.5 s) of each scrape: +Inf's increase less le=0.5's
        List<Sample> halfSecond = buckets.get("latency_bucket:0.5").samples();
        for (int k = 0; k < inf.size(); k++) {
            long[] e = expected.get(k);
            assertThat(inf.get(k).value() - halfSecond.get(k).value()).as("requests slower than 0.5 s in scrape %d", k + 1)
                    .isEqualTo((double) (e[3] - e[1]));
        }
        assertThat(inf).as("no scrape's increase is negative, the reset's included").allMatch(x -> x.value() >= 0);
    }

    /** The raw rows Prometheus stored up to {@code to}, oldest first: one cumulative count per bucket, in LE's order. */
    private static List<long[]> stored(URI prometheus, Instant to) throws Exception {
        String query = java.net.URLEncoder.encode("http_request_duration_seconds_bucket{version=\"green\"}[5m]", StandardCharsets.UTF_8);
        var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                prometheus.resolve("/api/v1/query?query=" + query + "&time=" + to.getEpochSecond() + "." + String.format("%03d", to.getNano() / 1_000_000))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        var result = tools.jackson.databind.json.JsonMapper.builder().build().readTree(answer.body()).path("data").path("result");
        java.util.TreeMap<String, long[]> byTime = new java.util.TreeMap<>();
        for (var series : result) {
            int b = List.of(LE).indexOf(series.path("metric").path("le").asString(""));
            for (var pair : series.path("values")) {
                String t = String.format("%020.3f", pair.get(0).asDouble());
                byTime.computeIfAbsent(t, x -> new long[LE.length])[b] = Long.parseLong(pair.get(1).asString());
            }
        }
        return new ArrayList<>(byTime.values());
    }

    /** Answers one scrape: the histogram after this scrape's planned requests (a restart first at {@link #RESTART_AT}). */
    private synchronized String scrape() {
        int k = served.size() + 1;
        if (k == RESTART_AT) cumulative = new long[LE.length]; // the process restarted: every counter from zero
        if (k <= PLANNED) {
            long fast = 10 + k, medium = 3, slow = k % 3, slowest = k == 3 || k == 6 ? 2 : 0;
            long[] add = {fast, fast + medium, fast + medium + slow, fast + medium + slow + slowest};
            for (int b = 0; b < LE.length; b++) cumulative[b] += add[b];
        }
        served.add(cumulative.clone());
        StringBuilder out = new StringBuilder("# HELP http_request_duration_seconds Request latency.\n# TYPE http_request_duration_seconds histogram\n");
        for (int b = 0; b < LE.length; b++) {
            out.append("http_request_duration_seconds_bucket{version=\"green\",le=\"").append(LE[b]).append("\"} ").append(cumulative[b]).append('\n');
        }
        out.append("http_request_duration_seconds_sum{version=\"green\"} ").append(cumulative[3] * 0.2).append('\n');
        out.append("http_request_duration_seconds_count{version=\"green\"} ").append(cumulative[3]).append('\n');
        return out.toString();
    }

    /** Each scrape's increase as a counter reads: the difference, or after a drop (a reset) the new value; the first from zero. */
    private static List<long[]> increases(List<long[]> cumulative) {
        List<long[]> out = new ArrayList<>();
        long[] before = new long[LE.length];
        for (long[] now : cumulative) {
            long[] inc = new long[LE.length];
            for (int b = 0; b < LE.length; b++) inc[b] = now[b] >= before[b] ? now[b] - before[b] : now[b];
            out.add(inc);
            before = now;
        }
        return out;
    }
}
