package dev.rewind.integrations.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.BadInputException;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Sample;
import dev.rewind.model.UnreachableException;
import dev.rewind.observe.MetricScope;
import dev.rewind.testing.RealServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real Prometheus scraping a fake service every second, started once for the class. */
class PrometheusMetricSourceTest {
    private static final MetricScope BAD_RELEASE = new MetricScope("checkout", "production", "v2");
    private static final MetricScope GOOD_RELEASE = new MetricScope("checkout", "production", "v1");

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
        service.serve("v2", 200, 90);
        service.serve("v2", 500, 10);
        service.serve("v1", 200, 100);
        Files.writeString(dir.resolve("prometheus.yml"), """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                scrape_configs:
                  - job_name: app
                    static_configs: [{targets: ['%s']}]
                """.formatted(service.target()));
        LocalProcess.OnPort started = LocalProcess.startOnFreePort(dir, port -> List.of(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port),
                port -> URI.create("http://127.0.0.1:" + port + "/-/ready"), HttpClient.newHttpClient(), status -> status == 200);
        prometheus = started.process();
        url = URI.create("http://127.0.0.1:" + started.port());
        source = new PrometheusMetricSource(PrometheusSettings.of(url).withStep(Duration.ofSeconds(1)));
        awaitData();
    }

    /** rate() needs two scrapes in its window, the range test five seconds of them: poll until they exist. */
    private static void awaitData() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String seen = "no query made";
        while (System.nanoTime() < deadline) {
            Instant now = Instant.now();
            int badSamples = source.range(BAD_RELEASE, "error_rate", now.minusSeconds(5), now).samples().size();
            QueryResult good = source.instant(GOOD_RELEASE, "error_rate", now);
            if (badSamples >= 4 && !good.noData()) return;
            seen = badSamples + " range sample(s) of v2's error_rate over the last 5 s (want 4), v1's instant error_rate "
                    + (good.noData() ? "no data" : good.series().samples());
            Thread.sleep(200); // a poll interval: the loop ends on the data or the deadline
        }
        throw new AssertionError("Prometheus at " + url + " had no data for the fake service within 30 s; last seen: " + seen);
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) prometheus.close();
        if (service != null) service.close();
    }

    @Test
    void reportsTheErrorRatioOfTheBadRelease() {
        QueryResult result = source.instant(BAD_RELEASE, "error_rate", Instant.now());

        assertThat(result.series().samples()).hasSize(1);
        assertThat(result.series().samples().getFirst().value()).isCloseTo(0.10, within(1e-6));
        assertThat(result.promql()).contains("version=\"v2\"");
    }

    @Test
    void reportsZeroErrorsForAReleaseThatNeverFailed() {
        QueryResult result = source.instant(GOOD_RELEASE, "error_rate", Instant.now());

        assertThat(result.series().samples()).extracting(Sample::value).containsExactly(0.0);
    }

    @Test
    void returnsAnEmptySeriesForAnUnknownVersion() {
        MetricScope unknown = new MetricScope("checkout", "production", "v9");
        Instant now = Instant.now();

        assertThat(source.instant(unknown, "error_rate", now).noData()).isTrue();
        assertThat(source.range(unknown, "error_rate", now.minusSeconds(30), now).isEmpty()).isTrue();
    }

    @Test
    void rangeQueriesReturnOneSamplePerStepInsideTheWindow() {
        Instant to = Instant.now();
        Instant from = to.minusSeconds(5);

        MetricSeries series = source.range(BAD_RELEASE, "error_rate", from, to);

        assertThat(series.samples()).hasSizeBetween(4, 5);
        for (int i = 1; i < series.samples().size(); i++) {
            assertThat(Duration.between(series.samples().get(i - 1).at(), series.samples().get(i).at())).isEqualTo(Duration.ofSeconds(1));
        }
        assertThat(series.samples()).allSatisfy(s -> {
            assertThat(s.at()).isAfter(from).isBeforeOrEqualTo(to);
            assertThat(s.value()).isCloseTo(0.10, within(1e-6));
        });
    }

    /**
     * What is under test is polling one instant query through the same source, not how fresh Prometheus' data is:
     * rate() needs two scrapes inside its window, and a 6 s window on 1 s scrapes lost them whenever a loaded machine
     * delayed a few scrapes. 30 scrape intervals keep that out of the result; the fake counters grow linearly, so
     * the ratio is exact for any window.
     */
    @Test
    void shortWindowQueriesCanBePolledRepeatedly() {
        String promql = "sum(rate(http_requests_total{version=\"v2\",code=~\"5..\"}[30s])) / sum(rate(http_requests_total{version=\"v2\"}[30s]))";
        for (int i = 0; i < 20; i++) {
            QueryResult result = source.instantQuery(promql, Instant.now());
            assertThat(result.series().samples()).singleElement()
                    .satisfies(s -> assertThat(s.value()).isCloseTo(0.10, within(1e-6)));
        }
    }

    @Test
    void skipsNotANumberAndInfiniteSamplesAndCountsThem() {
        long before = source.skippedNonFinite();
        Instant now = Instant.now();

        QueryResult nan = source.instantQuery("vector(0) / 0", now);
        QueryResult inf = source.instantQuery("vector(1) / 0", now);
        QueryResult negInf = source.instantQuery("vector(-1) / 0", now);

        assertThat(List.of(nan, inf, negInf)).allSatisfy(r -> {
            assertThat(r.noData()).isTrue();
            assertThat(r.skippedNonFinite()).isEqualTo(1);
        });
        assertThat(source.skippedNonFinite() - before).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aSampleBeyondTheMagnitudeBoundIsNoDataLikeInfinity() {
        // A8: 1e308 samples overflowed the baseline to Infinity, and a trigger compared against it never fired
        Instant now = Instant.now();

        QueryResult huge = source.instantQuery("vector(1e308)", now);
        QueryResult over = source.instantQuery("vector(-2e12)", now);
        QueryResult edge = source.instantQuery("vector(1e12)", now);

        assertThat(List.of(huge, over)).allSatisfy(r -> {
            assertThat(r.noData()).isTrue();
            assertThat(r.skippedNonFinite()).isEqualTo(1);
        });
        assertThat(edge.noData()).isFalse();
        assertThat(edge.series().samples()).extracting(s -> s.value()).containsExactly(1e12);
    }

    @Test
    void aQueryPrometheusCannotParseIsBadInputNamingTheConfigFieldAndPrometheusMessage() {
        IntegrationConfig config = new IntegrationConfig("prometheus",
                Map.of("url", url.toString(), "queries", Map.of("error_rate", "sum(rate(http_requests_total[1m]")),
                "rewind.yaml", 12, "metrics");
        PrometheusMetricSource broken = PrometheusMetricSource.from(config);

        assertThatThrownBy(() -> broken.instant(BAD_RELEASE, "error_rate", Instant.now()))
                .isInstanceOfSatisfying(BadInputException.class, e -> {
                    assertThat(e.file()).isEqualTo("rewind.yaml");
                    assertThat(e.line()).isEqualTo(12);
                    assertThat(e.field()).isEqualTo("metrics.queries.error_rate");
                    assertThat(e.getMessage()).contains("bad_data").contains("parse error").contains("sum(rate(http_requests_total[1m]");
                    assertThat(e.exitCode()).isEqualTo(2);
                });
    }

    @Test
    void aQueryReturningSeveralSeriesIsRejectedRatherThanPickingOne() {
        assertThatThrownBy(() -> source.instantQuery("http_requests_total", Instant.now()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("3 series").hasMessageContaining("aggregate");
    }

    @Test
    void aMetricWithoutAQueryIsBadInputNamingTheMissingEntry() {
        assertThatThrownBy(() -> source.instant(BAD_RELEASE, "queue_depth", Instant.now()))
                .isInstanceOfSatisfying(BadInputException.class,
                        e -> assertThat(e.field()).endsWith("queries.queue_depth"));
    }

    @Test
    void checkOnlinePassesForARunningServer() {
        source.checkOnline();
        assertThat(source.instantQuery("vector(1)", Instant.now()).series().samples()).extracting(Sample::value).containsExactly(1.0);
    }
}
