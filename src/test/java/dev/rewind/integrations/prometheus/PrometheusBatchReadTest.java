package dev.rewind.integrations.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rewind.model.MetricSeries;
import dev.rewind.model.Sample;
import dev.rewind.observe.MetricScope;
import dev.rewind.testing.RealServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server mode's batch reads against a real Prometheus scraping a fake service every second: one query_range per metric
 * over many versions gives each version what its own query gives, and Prometheus counts one request for it.
 */
class PrometheusBatchReadTest {
    private static final MetricScope FAILING = new MetricScope("checkout", "production", "2.4.0");
    private static final MetricScope CLEAN = new MetricScope("checkout", "production", "2.4.0+build.7");
    /** What the regex "2.4.0" would also match if its dots were not escaped. */
    private static final MetricScope LOOKALIKE = new MetricScope("checkout", "production", "2x4x0");
    private static final MetricScope UNKNOWN = new MetricScope("checkout", "production", "9.9.9");

    @TempDir
    static Path dir;
    private static FakeService service;
    private static LocalProcess prometheus;
    private static URI url;
    private static PrometheusMetricSource source;

    @BeforeAll
    static void startPrometheus() throws Exception {
        Path binary = RealServers.requireBinary("prometheus", "prometheus");
        service = new FakeService();
        service.serve("2.4.0", 200, 90);
        service.serve("2.4.0", 500, 10);
        service.serve("2.4.0+build.7", 200, 100);
        service.serve("2x4x0", 200, 50);
        service.serve("2x4x0", 500, 50);
        int port = LocalProcess.freePort();
        Files.writeString(dir.resolve("prometheus.yml"), """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                scrape_configs:
                  - job_name: app
                    static_configs: [{targets: ['%s']}]
                """.formatted(service.target()));
        prometheus = LocalProcess.start(List.of(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port), dir);
        url = URI.create("http://127.0.0.1:" + port);
        prometheus.awaitHttp(HttpClient.newHttpClient(), url.resolve("/-/ready"), status -> status == 200);
        source = new PrometheusMetricSource(PrometheusSettings.of(url).withStep(Duration.ofSeconds(1)));
        awaitData();
    }

    /** rate() needs two scrapes in its window, the checks five seconds of them: poll until every version has them. */
    private static void awaitData() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            Instant now = Instant.now();
            seen = List.of(FAILING, CLEAN, LOOKALIKE).stream().mapToInt(s -> source.range(s, "error_rate", now.minusSeconds(5), now).samples().size())
                    .min().orElse(0);
            if (seen >= 4) return;
            Thread.sleep(200);
        }
        throw new AssertionError("Prometheus never returned 4 samples in 5 s for every version; the fewest seen: " + seen);
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) prometheus.close();
        if (service != null) service.close();
    }

    @Test
    void oneBatchReadGivesEveryVersionWhatItsOwnQueryGives() {
        Instant to = Instant.now().minusSeconds(1);
        Instant from = to.minusSeconds(5);

        Map<MetricScope, MetricSeries> batch = source.rangeAll("error_rate", List.of(FAILING, CLEAN, LOOKALIKE, UNKNOWN), from, to);

        assertThat(batch).containsOnlyKeys(FAILING, CLEAN, LOOKALIKE, UNKNOWN);
        for (MetricScope scope : List.of(FAILING, CLEAN, LOOKALIKE)) {
            MetricSeries own = source.range(scope, "error_rate", from, to);
            assertThat(batch.get(scope).samples()).as("%s", scope.version()).hasSameSizeAs(own.samples()).isNotEmpty();
            assertThat(batch.get(scope).samples()).extracting(Sample::at).containsExactlyElementsOf(own.samples().stream().map(Sample::at).toList());
        }
        assertThat(batch.get(FAILING).samples()).allSatisfy(s -> assertThat(s.value()).isCloseTo(0.10, within(1e-6)));
        assertThat(batch.get(LOOKALIKE).samples()).allSatisfy(s -> assertThat(s.value()).isCloseTo(0.50, within(1e-6)));
        // a version with traffic and no 5xx reads 0, not nothing
        assertThat(batch.get(CLEAN).samples()).allSatisfy(s -> assertThat(s.value()).isEqualTo(0.0));
        assertThat(batch.get(UNKNOWN).isEmpty()).isTrue();
    }

    @Test
    void aBatchOfManyVersionsIsOneQueryToPrometheus() throws Exception {
        Instant to = Instant.now();
        long before = queryRangeRequests();

        source.rangeAll("request_rate", List.of(FAILING, CLEAN, LOOKALIKE, UNKNOWN), to.minusSeconds(5), to);

        assertThat(queryRangeRequests() - before).isEqualTo(1);
    }

    @Test
    void theVersionRegexIsEscapedSoALookalikeVersionIsNotRead() {
        String promql = PrometheusQueries.renderBatch(PrometheusQueries.BATCH_DEFAULTS.get("error_rate"), FAILING, List.of("2.4.0"));

        QueryResult result = source.instantQuery(promql, Instant.now().minusSeconds(1));

        assertThat(result.series().samples()).singleElement().satisfies(s -> assertThat(s.value()).isCloseTo(0.10, within(1e-6)));
    }

    /** Prometheus' own count of answered query_range requests, from its /metrics page (not from its database). */
    private static long queryRangeRequests() throws Exception {
        String page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("^prometheus_http_requests_total\\{code=\"200\",handler=\"/api/v1/query_range\"} (\\S+)$", Pattern.MULTILINE).matcher(page);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }
}
