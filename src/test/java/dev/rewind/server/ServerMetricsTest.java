package dev.rewind.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.controller.Fault;
import dev.rewind.controller.Fleet;
import dev.rewind.controller.FleetSettings;
import dev.rewind.controller.JournalDeliveryLog;
import dev.rewind.controller.ReleaseWatcher;
import dev.rewind.controller.ShopFleet;
import dev.rewind.model.AlertEvent;
import dev.rewind.model.Aggregation;
import dev.rewind.model.AutomationLevel;
import dev.rewind.model.Comparison;
import dev.rewind.model.Decision;
import dev.rewind.model.Severity;
import dev.rewind.model.Threshold;
import dev.rewind.model.Trigger;
import dev.rewind.model.TriggerEvaluation;
import dev.rewind.model.TriggerStatus;
import dev.rewind.report.notify.DeliveryRecord;
import dev.rewind.report.notify.DeliveryStatus;
import dev.rewind.store.ApiTokens.Role;
import dev.rewind.store.ReleaseRecord;
import dev.rewind.time.ManualTimeSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} and the health endpoints over real HTTP, in front of the simulated shop on a manual clock: the
 * metrics hear the fleet, the rollback's steps and the delivery log, and read back exactly in Prometheus' text format.
 */
class ServerMetricsTest {
    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-02-24T09:00:00Z"));
    private ShopFleet shop;
    private Fleet fleet;
    private ServerMetrics metrics;
    private RewindServer server;
    private ApiClient api;
    private String operator;
    private final AtomicReference<String> scheduler = new AtomicReference<>();

    @BeforeEach
    void start() {
        shop = new ShopFleet(dir, time, Fault.ERROR_SPIKE);
        metrics = new ServerMetrics(time.clock());
        fleet = new Fleet(shop.store, time, shop.environments(), FleetSettings.defaults(dir.resolve("out")), Runnable::run, Runnable::run,
                Listeners.of(List.of(metrics)));
        metrics.watch(fleet);
        server = new RewindServer(fleet, time.clock(), new EventHub(time.clock()), 64 * 1024, List.of(new MetricsEndpoint(metrics)), scheduler::get)
                .start("127.0.0.1", 0);
        api = new ApiClient(server.port());
        operator = shop.store.tokens().create("olga", Role.OPERATOR, "test", time.now()).secret();
    }

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    private PrometheusText scrape() throws Exception {
        ApiClient.Answer a = api.call("GET", "/metrics", null, null);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("Content-Type")).startsWith("text/plain").contains("version=0.0.4");
        return PrometheusText.parse(a.raw());
    }

    private void run(Duration d) {
        Instant end = time.now().plus(d);
        while (time.now().isBefore(end)) {
            time.advance(Duration.ofSeconds(10));
            fleet.tick();
        }
    }

    @Test
    void aReleaseThatBreaksShowsItsChecksFindingsDecisionRollbackAndStepsInTheMetricsWithoutAToken() throws Exception {
        shop.ship();
        assertThat(api.call("POST", "/api/v1/releases", "{\"environment\": \"production\", \"version\": \"2.4.0\"}", operator).status()).isEqualTo(201);
        assertThat(scrape().value("rewind_releases_watched", Map.of())).isEqualTo(1);

        run(Duration.ofMinutes(10));

        PrometheusText m = scrape();
        assertThat(m.value("rewind_decisions_total", Map.of("kind", "rollback"))).isEqualTo(1);
        // one decision per check
        assertThat(m.find("rewind_decisions_total", Map.of()).stream().mapToDouble(PrometheusText.Sample::value).sum())
                .isEqualTo(m.value("rewind_check_lag_seconds_count", Map.of()));
        assertThat(m.value("rewind_findings_total", Map.of("trigger", "error_rate", "severity", "critical"))).isGreaterThanOrEqualTo(1);
        assertThat(m.value("rewind_detection_latency_seconds_count", Map.of())).isEqualTo(1);
        assertThat(m.value("rewind_rollback_duration_seconds_count", Map.of("status", "success"))).isEqualTo(1);
        assertThat(m.value("rewind_rollback_duration_seconds_sum", Map.of("status", "success"))).isPositive();
        assertThat(m.value("rewind_rollback_step_duration_seconds_count", Map.of("action", "TRAFFIC_SWITCHED", "outcome", "succeeded"))).isEqualTo(1);
        // checks fall due every 60 s and the test's scheduler ticks every 10 s: each ran up to 10 s late, never more
        assertThat(m.value("rewind_check_lag_seconds_count", Map.of())).isGreaterThanOrEqualTo(1);
        assertThat(m.value("rewind_check_lag_seconds_max", Map.of())).isBetween(0.0, 10.0);
        assertThat(m.value("rewind_releases_watched", Map.of())).isZero();
        assertThat(m.value("rewind_rollbacks_live", Map.of())).isZero();
        assertThat(m.has("jvm_memory_used_bytes")).isTrue();
        assertThat(m.has("jvm_threads_live_threads")).isTrue();
        assertThat(m.has("process_uptime_seconds")).isTrue();
    }

    @Test
    void detectionLatencyRunsFromTheFirstCheckThatSawTheBreachToTheDecisionThatActed() throws Exception {
        ReleaseRecord release = shop.store.releases().find("shop", "production", "2.3.1").orElseThrow();
        Trigger t = new Trigger("error_rate", "error_rate", Comparison.GREATER_THAN, new Threshold.Absolute(1), Aggregation.MEAN,
                Duration.ofMinutes(1), Duration.ofSeconds(60), false, Severity.CRITICAL, AutomationLevel.FULL);
        Instant t0 = Instant.parse("2026-02-24T10:00:00Z");
        metrics.checked(release, check(t, TriggerStatus.HEALTHY, t0, false), 0);
        metrics.checked(release, check(t, TriggerStatus.PENDING, t0.plusSeconds(30), false), 0);
        metrics.checked(release, check(t, TriggerStatus.PENDING, t0.plusSeconds(60), false), 0);
        metrics.checked(release, check(t, TriggerStatus.FIRING, t0.plusSeconds(90), true), 250);
        // a breach that clears before acting leaves no detection behind
        metrics.checked(release, check(t, TriggerStatus.PENDING, t0.plusSeconds(120), false), 0);
        metrics.checked(release, check(t, TriggerStatus.HEALTHY, t0.plusSeconds(150), false), 0);

        PrometheusText m = scrape();
        assertThat(m.value("rewind_detection_latency_seconds_count", Map.of())).isEqualTo(1);
        assertThat(m.value("rewind_detection_latency_seconds_sum", Map.of())).isEqualTo(60.0);
        assertThat(m.value("rewind_detection_latency_seconds_bucket", Map.of("le", "30.0"))).isZero();
        assertThat(m.value("rewind_detection_latency_seconds_bucket", Map.of("le", "60.0"))).isEqualTo(1);
        assertThat(m.value("rewind_check_lag_seconds_max", Map.of())).isEqualTo(0.25);
        assertThat(m.value("rewind_decisions_total", Map.of("kind", "no_rollback"))).isEqualTo(5);
        assertThat(m.value("rewind_findings_total", Map.of("trigger", "error_rate"))).isEqualTo(1);
    }

    private static ReleaseWatcher.Check check(Trigger t, TriggerStatus status, Instant at, boolean acts) {
        TriggerEvaluation e = new TriggerEvaluation(t, status, at, 0.5, status == TriggerStatus.HEALTHY ? 0.5 : 5.0, 1.0, 10, "test");
        Decision d = acts ? new Decision.Rollback(at, List.of(e.toFinding()), true, "error rate")
                : new Decision.KeepWatching(at, List.of(), "fine");
        return new ReleaseWatcher.Check(at, List.of(e), d);
    }

    @Test
    void aRollbackDeniedBeforeItRanHasNoDurationButOneThatRanDoes() throws Exception {
        metrics.rollback("rb-1", "awaiting_approval", Map.of());
        metrics.rollback("rb-1", "aborted", Map.of());
        metrics.rollback("rb-2", "running", Map.of());
        time.advance(Duration.ofSeconds(42));
        metrics.rollback("rb-2", "paused", Map.of());
        metrics.rollback("rb-2", "running", Map.of()); // resumed: the start stays the first one
        time.advance(Duration.ofSeconds(8));
        metrics.rollback("rb-2", "failed", Map.of());

        PrometheusText m = scrape();
        assertThat(m.find("rewind_rollback_duration_seconds_count", Map.of("status", "aborted"))).isEmpty();
        assertThat(m.value("rewind_rollback_duration_seconds_sum", Map.of("status", "failed"))).isEqualTo(50.0);
    }

    @Test
    void aFailedDeliveryIsCountedByChannelAndStillReachesTheRollbacksJournal() throws Exception {
        JournalDeliveryLog log = new JournalDeliveryLog(shop.store.journal(), metrics);
        log.record(delivery("slack", DeliveryStatus.FAILED, "rb-9"));
        log.record(delivery("slack", DeliveryStatus.DELIVERED, "rb-9"));
        log.record(delivery("pagerduty", DeliveryStatus.DROPPED, null));
        log.writePending();

        PrometheusText m = scrape();
        assertThat(m.value("rewind_notifier_failures_total", Map.of("channel", "slack", "status", "failed"))).isEqualTo(1);
        assertThat(m.value("rewind_notifier_failures_total", Map.of("channel", "pagerduty", "status", "dropped"))).isEqualTo(1);
        assertThat(m.find("rewind_notifier_failures_total", Map.of("status", "delivered"))).isEmpty();
        assertThat(shop.store.journal().actionsLog("rb-9")).hasSize(2);
    }

    private DeliveryRecord delivery(String channel, DeliveryStatus status, String rollbackId) {
        return new DeliveryRecord(channel, channel, AlertEvent.values()[0], "n-1", rollbackId, status, 1, 500, "boom", time.now(), time.now());
    }

    // ---- health ----

    @Test
    void readyzIsReadyWhileTheStoreAnswersAndTheSchedulerTicks() throws Exception {
        ApiClient.Answer a = api.call("GET", "/readyz", null, null);

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().path("status").asString()).isEqualTo("ready");
        assertThat(a.body().path("store").asString()).isEqualTo("ok");
        assertThat(a.body().path("scheduler").asString()).isEqualTo("running");
    }

    @Test
    void readyzSays503AndWhyWhenTheSchedulerStalledWhileHealthzStillAnswers() throws Exception {
        scheduler.set("the scheduler has not ticked for 12 s (a check or the store may be stuck)");

        ApiClient.Answer ready = api.call("GET", "/readyz", null, null);
        ApiClient.Answer alive = api.call("GET", "/healthz", null, null);

        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.body().path("scheduler").asString()).isEqualTo("not running");
        assertThat(ready.body().path("reasons").toString()).contains("has not ticked for 12 s");
        assertThat(alive.status()).isEqualTo(200);
        assertThat(alive.body().path("status").asString()).isEqualTo("ok");
    }

    @Test
    void readyzSays503WhenTheStoreCannotBeReadWhileHealthzStillAnswers() throws Exception {
        // the database file is gone bad under the server (a full or failed disk): every read now fails
        for (String f : List.of("rewind.db-wal", "rewind.db-shm")) java.nio.file.Files.deleteIfExists(dir.resolve(f));
        java.nio.file.Files.writeString(dir.resolve("rewind.db"), "this is not a SQLite database ".repeat(200));

        ApiClient.Answer ready = api.call("GET", "/readyz", null, null);
        ApiClient.Answer alive = api.call("GET", "/healthz", null, null);

        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.body().path("store").asString()).isEqualTo("unreachable");
        assertThat(ready.body().path("reasons").toString()).contains("the store cannot be read");
        assertThat(alive.status()).isEqualTo(200);
    }

    @Test
    void theHeartbeatIsFreshAfterABeatAndStaleOnlyPastItsBound() {
        AtomicLong nanos = new AtomicLong(1_000);
        ServerRuntime.Heartbeat h = new ServerRuntime.Heartbeat(nanos::get, Duration.ofSeconds(10));
        assertThat(h.problem()).as("just started, no tick yet").isNull();
        nanos.addAndGet(Duration.ofSeconds(11).toNanos());
        assertThat(h.problem()).contains("has not ticked since the server started");
        h.beat();
        assertThat(h.problem()).isNull();
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(h.problem()).isNull();
        nanos.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(h.problem()).contains("has not ticked for 13 s");
    }
}
