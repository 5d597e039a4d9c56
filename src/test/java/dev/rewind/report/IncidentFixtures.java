package dev.rewind.report;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.AutomationLevel;
import dev.rewind.model.Baseline;
import dev.rewind.model.Change;
import dev.rewind.model.Finding;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.MetricSummary;
import dev.rewind.model.Observations;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.model.Sample;
import dev.rewind.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Seed 000's signature incident: a 5% canary of 2.4.0-abc123 whose new orders endpoint drives p95 latency to 340ms. */
final class IncidentFixtures {
    static final Instant START = Instant.parse("2026-02-24T10:00:00Z");
    static final Instant DEPLOYED = Instant.parse("2026-02-24T10:10:00Z");
    static final Instant FIRST_BAD = Instant.parse("2026-02-24T10:17:00Z");
    static final Instant DETECTED = Instant.parse("2026-02-24T10:17:05Z");
    static final Instant FLAG_OFF = Instant.parse("2026-02-24T10:20:00Z");
    static final Instant REVERTED = Instant.parse("2026-02-24T10:20:30Z");
    static final Instant VERIFIED = Instant.parse("2026-02-24T10:22:00Z");
    static final Instant END = Instant.parse("2026-02-24T10:30:00Z");

    static final Change ORDERS_ENDPOINT = new Change("commit", "abc123", "New endpoint /api/v2/orders with per-item lookups",
            List.of("endpoint", "/api/v2/orders", "query"));
    static final Change README = new Change("commit", "def456", "Fix typo in README", List.of("docs"));
    static final Change LOGO = new Change("config", "ui-logo", "Update logo colours", List.of("css"));

    private IncidentFixtures() {
    }

    static Release release(List<Change> changes) {
        return new Release("orders", "production", "2.4.0-abc123", "2.3.1", DEPLOYED, changes, "new-orders-endpoint", 5, null);
    }

    static Finding latencyFinding() {
        return new Finding("latency", "p95_latency_ms", Severity.CRITICAL, AutomationLevel.FULL, 120.0, 340.0, 250.0, DETECTED,
                "p95_latency_ms mean 340 > 250");
    }

    static Finding finding(String metric, double baseline, double current, double threshold) {
        return new Finding(metric, metric, Severity.HIGH, AutomationLevel.FULL, baseline, current, threshold, DETECTED, "test");
    }

    static List<ActionLogEntry> actions() {
        return List.of(
                new ActionLogEntry("FLAG_DEACTIVATED", "success", FLAG_OFF, Map.of("flag", "new-orders-endpoint")),
                new ActionLogEntry("REVERT", "success", REVERTED, Map.of("from", "2.4.0-abc123", "to", "2.3.1")),
                new ActionLogEntry("METRICS_VERIFIED", "normalized", VERIFIED, Map.of()));
    }

    static RollbackResult result() {
        return new RollbackResult("rb-1", RollbackStatus.SUCCESS, "orders", "production", "2.4.0-abc123", "2.3.1",
                true, true, 90L, 1, FLAG_OFF, VERIFIED, actions(), null);
    }

    /** p95 sits at 120ms, jumps to 340ms at 10:17 and falls back at the flag switch; request rate stays near 50/s. */
    static Observations observations() {
        Map<String, MetricSeries> series = new LinkedHashMap<>();
        series.put("p95_latency_ms", series("p95_latency_ms", t -> t.isBefore(FIRST_BAD) || !t.isBefore(FLAG_OFF) ? 120.0 : 340.0));
        series.put("request_rate", series("request_rate", t -> 50.0));
        return new Observations(series);
    }

    static MetricSeries series(String metric, Function<Instant, Double> value) {
        List<Sample> samples = new ArrayList<>();
        for (Instant t = START; !t.isAfter(END); t = t.plus(Duration.ofSeconds(30))) samples.add(new Sample(t, value.apply(t)));
        return new MetricSeries(metric, samples);
    }

    static Baseline baseline() {
        return new Baseline("2.3.1", START, DEPLOYED, Map.of(
                "p95_latency_ms", new MetricSummary(20, 120, 2400, 118, 122, 1, 120),
                "request_rate", new MetricSummary(20, 50, 1000, 49, 51, 0.5, 50)));
    }

    static IncidentFacts facts() {
        return facts(List.of(latencyFinding()), List.of(README, ORDERS_ENDPOINT, LOGO), observations());
    }

    static IncidentFacts facts(List<Finding> findings, List<Change> changes, Observations observations) {
        return new IncidentFacts(release(changes), findings, baseline(), result(),
                IncidentTimeline.fromActions(DEPLOYED, DETECTED, actions()), observations, Map.of("p95_latency_ms", 125.0));
    }
}
