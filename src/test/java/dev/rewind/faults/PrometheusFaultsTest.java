package dev.rewind.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.rewind.act.Actuators;
import dev.rewind.act.RollbackExecutor;
import dev.rewind.act.RollbackRequest;
import dev.rewind.controller.ReleaseWatcher;
import dev.rewind.integrations.prometheus.LocalProcess;
import dev.rewind.integrations.prometheus.PrometheusMetricSource;
import dev.rewind.integrations.prometheus.PrometheusSettings;
import dev.rewind.model.Aggregation;
import dev.rewind.model.Alert;
import dev.rewind.model.AutomationLevel;
import dev.rewind.model.Baseline;
import dev.rewind.model.Comparison;
import dev.rewind.model.Decision;
import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSummary;
import dev.rewind.model.Phase;
import dev.rewind.model.Plan;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.model.Severity;
import dev.rewind.model.Step;
import dev.rewind.model.StepAction;
import dev.rewind.model.Threshold;
import dev.rewind.model.Trigger;
import dev.rewind.model.TriggerEvaluation;
import dev.rewind.model.TriggerStatus;
import dev.rewind.model.VerificationPolicy;
import dev.rewind.store.JournalEntry;
import dev.rewind.store.RewindStore;
import dev.rewind.testing.RealServers;
import dev.rewind.time.ManualTimeSource;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in the metric source, against a real Prometheus 2 started by each test: frozen with SIGSTOP (reads hang until
 * their timeout), killed (connection refused), up but without a series for the release (no data), and, in its place, a
 * tiny in-test HTTP server that answers garbage with status 200 (no real Prometheus does that on purpose; a proxy or a
 * misrouted URL does). Missing data never rolls anything back: a watch that cannot read goes blind, says why, and gives
 * up at its blind limit without deciding; a verification that cannot read ends "recovery not verified" and alerts.
 * The watch runs on a manual clock, so its minutes of checks take the seconds that the real reads take.
 */
class PrometheusFaultsTest {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration BLIND_LIMIT = Duration.ofMinutes(2);
    private static final Trigger ERRORS = new Trigger("error_rate", MetricNames.ERROR_RATE, Comparison.GREATER_THAN, new Threshold.Absolute(0.05),
            Aggregation.MEAN, Duration.ofMinutes(5), Duration.ZERO, false, Severity.CRITICAL, AutomationLevel.FULL);
    private static final RollbackPolicy POLICY = new RollbackPolicy(true, Duration.ofSeconds(60), Duration.ofMinutes(5), List.of(ERRORS), 1,
            Duration.ofSeconds(60), null, VerificationPolicy.SEED_000, BLIND_LIMIT);

    @TempDir Path dir;
    private LocalProcess prometheus;
    private final ManualTimeSource time = new ManualTimeSource(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final Release release = new Release("shop", "prod", "v2", "v1", time.now(), List.of(), null, 100, null);
    private final Baseline baseline = new Baseline("v1", time.now().minus(Duration.ofMinutes(5)), time.now(),
            Map.of(MetricNames.ERROR_RATE, new MetricSummary(30, 0.01, 0.3, 0.01, 0.01, 0, 0.01)));

    @AfterEach
    void stopPrometheus() throws Exception {
        if (prometheus == null) return;
        if (prometheus.isAlive()) Signals.resume(prometheus.pid());
        prometheus.close();
    }

    /** A Prometheus with nothing to scrape: it answers every query, with no series. */
    private URI startPrometheus() throws Exception {
        Path binary = RealServers.requireBinary("prometheus", "prometheus");
        Files.writeString(dir.resolve("prometheus.yml"), "global: {scrape_interval: 15s}\nscrape_configs: []\n");
        LocalProcess.OnPort started = LocalProcess.startOnFreePort(dir, port -> List.of(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port),
                port -> URI.create("http://127.0.0.1:" + port + "/-/ready"), HttpClient.newHttpClient(), status -> status == 200);
        prometheus = started.process();
        return URI.create("http://127.0.0.1:" + started.port());
    }

    private static PrometheusMetricSource source(URI url) {
        return new PrometheusMetricSource(PrometheusSettings.of(url).withTimeout(READ_TIMEOUT));
    }

    private record Watched(ReleaseWatcher.Outcome outcome, List<ReleaseWatcher.Check> checks) {
    }

    private Watched watch(URI url, Duration maxWatch) {
        List<ReleaseWatcher.Check> checks = new ArrayList<>();
        ReleaseWatcher.Outcome outcome = new ReleaseWatcher(source(url), POLICY, time).watch(release, baseline, maxWatch, checks::add);
        return new Watched(outcome, checks);
    }

    /** Blind from the first read to the blind limit: every check blind, nothing decided, the watch given up saying why. */
    private static void assertBlindAndNothingRolledBack(Watched w, String cause) {
        assertThat(w.outcome().acts()).as("missing data must never roll back: %s", w.outcome().decision()).isFalse();
        assertThat(w.outcome().decision()).isInstanceOfSatisfying(Decision.KeepWatching.class,
                k -> assertThat(k.reason()).contains("gave up, nothing was rolled back").contains(cause));
        assertThat(w.outcome().blind().gaveUp()).isTrue();
        assertThat(w.outcome().blind().lastError()).contains(cause);
        assertThat(w.checks()).isNotEmpty().allSatisfy(c -> {
            assertThat(c.blind()).as("check at %s", c.at()).isNotNull();
            assertThat(c.blind().error()).contains(cause);
            assertThat(c.decision()).isInstanceOf(Decision.KeepWatching.class);
        });
        assertThat(w.outcome().blind().total()).isGreaterThanOrEqualTo(BLIND_LIMIT);
    }

    @Test
    void aFrozenPrometheusTimesEachReadOutAndTheWatchGoesBlindWithoutRollingBack() throws Exception {
        URI url = startPrometheus();
        Signals.stop(prometheus.pid());

        Watched w = watch(url, Duration.ofMinutes(30));

        assertBlindAndNothingRolledBack(w, "timed out after 1s");
        assertThat(Signals.stopped(prometheus.pid())).as("the watch ended while Prometheus was still frozen").isTrue();
        // a read is tried 3 times (backoff on the watch's clock) before the watch calls itself blind
        assertThat(w.outcome().blind().retries()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aKilledPrometheusIsConnectionRefusedAndTheWatchGoesBlindWithoutRollingBack() throws Exception {
        URI url = startPrometheus();
        prometheus.close();
        assertThat(prometheus.isAlive()).isFalse();

        Watched w = watch(url, Duration.ofMinutes(30));

        assertBlindAndNothingRolledBack(w, "connection refused");
    }

    @Test
    void anEndpointAnsweringGarbageIsNotReadAsDataAndTheWatchGoesBlindWithoutRollingBack() throws Exception {
        // in-test stand-in: status 200 and a body that is not a Prometheus result (a proxy's login page, a wrong URL)
        HttpServer garbage = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> asked = new CopyOnWriteArrayList<>();
        garbage.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().getPath());
            byte[] body = "<html><body>Welcome to nginx!</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        garbage.start();
        try {
            Watched w = watch(URI.create("http://127.0.0.1:" + garbage.getAddress().getPort()), Duration.ofMinutes(30));

            assertBlindAndNothingRolledBack(w, "answered HTTP 200 without Prometheus JSON");
            assertThat(asked).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("/api/v1/"));
        } finally {
            garbage.stop(0);
        }
    }

    @Test
    void aPrometheusWithNoSeriesForTheReleaseIsNoEvidenceAndNeverARollback() throws Exception {
        URI url = startPrometheus();

        Watched w = watch(url, Duration.ofMinutes(5));

        assertThat(w.outcome().acts()).as("no data is no evidence: %s", w.outcome().decision()).isFalse();
        assertThat(w.outcome().blind().gaveUp()).isFalse();
        assertThat(w.checks()).hasSizeGreaterThanOrEqualTo(5).allSatisfy(c -> {
            assertThat(c.blind()).as("Prometheus answered: not blind").isNull();
            assertThat(c.evaluations()).extracting(TriggerEvaluation::status).containsOnly(TriggerStatus.NO_DATA);
            assertThat(c.decision()).isInstanceOf(Decision.KeepWatching.class);
        });
    }

    @Test
    void aVerificationThatCannotReadTheFrozenPrometheusEndsRecoveryNotVerifiedAndAlerts() throws Exception {
        URI url = startPrometheus();
        Signals.stop(prometheus.pid());
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        VerificationPolicy quick = new VerificationPolicy(Duration.ZERO, Duration.ofSeconds(60), 0.05);
        Step verify = new Step("verify-metrics", "metrics back to baseline", new StepAction.VerifyMetrics("shop", "v1", quick),
                Duration.ofMinutes(2), Duration.ofSeconds(30), false);
        Plan plan = new Plan("verify-only", "rolling-update", 0, Duration.ofMinutes(10), List.of(new Phase("verify", "metrics back", List.of(verify))));
        Actuators act = Actuators.none().withNotifier(alerts::add)
                .withMetrics(new dev.rewind.verify.MetricVerifier(source(url), time, Duration.ofSeconds(30)));
        try (RewindStore store = RewindStore.open(dir.resolve("rewind.db"))) {
            RollbackResult r = new RollbackExecutor(act, store.journal(), time, 1).execute(new RollbackRequest("rb-blind", release, "v1", plan, baseline));

            assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS_UNVERIFIED);
            assertThat(r.verificationNote()).contains("could not be read").contains("timed out after 1s");
            List<JournalEntry> rows = store.journal().entries("rb-blind").stream().filter(e -> "verify-metrics".equals(e.stepId())).toList();
            assertThat(rows).extracting(JournalEntry::state).containsExactly("started", "inconclusive");
            assertThat(alerts).anySatisfy(a -> {
                assertThat(a.severity()).isEqualTo(Severity.HIGH);
                assertThat(a.title()).startsWith("Rolled back, recovery not verified");
            });
            assertThat(alerts).noneSatisfy(a -> assertThat(a.title()).startsWith("Rollback failed"));
        }
    }
}
