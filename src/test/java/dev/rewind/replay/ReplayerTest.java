package dev.rewind.replay;

import dev.rewind.config.ConfigLoader;
import dev.rewind.model.AutomationLevel;
import dev.rewind.model.Decision;
import dev.rewind.model.Finding;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Observations;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.Sample;
import dev.rewind.model.Severity;
import dev.rewind.model.TriggerStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayerTest {
    static final Instant DEPLOY = Instant.parse("2026-01-26T10:00:00Z");
    static final ConfigLoader LOADER = new ConfigLoader(k -> null);

    static RollbackPolicy policy(String resource) throws Exception {
        return LOADER.read(Path.of(ReplayerTest.class.getResource("/config/" + resource).toURI())).config().policy();
    }

    /** One-minute samples from an hour before the deploy to 40 minutes after; minute 0 is the deploy. */
    static Observations trace(Map<String, IntToDoubleFunction> metrics) {
        Map<String, MetricSeries> series = new HashMap<>();
        metrics.forEach((name, f) -> {
            List<Sample> s = new ArrayList<>();
            for (int m = -60; m <= 40; m++) s.add(new Sample(DEPLOY.plusSeconds(60L * m), f.applyAsDouble(m)));
            series.put(name, new MetricSeries(name, s));
        });
        return new Observations(series);
    }

    static Release release() {
        return new Release("api", "production", "v2", "v1", DEPLOY, List.of(), null, 100, null);
    }

    @Test
    void seed004sLatencyRuleFiresOnlyAfterHoldingFiveMinutes() throws Exception {
        Observations o = trace(Map.of("p99_latency_ms", m -> m >= 5 ? 650 : 420, "error_rate", m -> 0.001, "health_check_failures", m -> 0));
        ReplayResult r = new Replayer().replay(policy("seed-004-auto-rollback.json"), o, release());
        assertThat(r.decision().code()).isEqualTo("rollback");
        assertThat(r.decision().at()).isEqualTo(DEPLOY.plusSeconds(600)); // breached from 10:05, held 300 s at 10:10
        assertThat(r.decision().findings()).extracting(Finding::trigger).containsExactly("latency_p99");
        assertThat(r.tallies().get("latency_p99")).containsEntry(TriggerStatus.PENDING, 5);
        assertThat(r.tallies().get("auth_failure_rate")).containsEntry(TriggerStatus.NO_DATA, r.checks());
    }

    @Test
    void seed004sHealthCheckRuleNeedsMoreThanThreeFailuresInARow() throws Exception {
        // failures at minutes 3, 4, 5 (three in a row, not enough), then 10..13 (four in a row)
        Observations o = trace(Map.of("health_check_failures", m -> (m >= 3 && m <= 5) || (m >= 10 && m <= 13) ? 1 : 0, "error_rate", m -> 0.001));
        ReplayResult r = new Replayer().replay(policy("seed-004-auto-rollback.json"), o, release());
        assertThat(r.decision().code()).isEqualTo("rollback");
        assertThat(r.decision().at()).isEqualTo(DEPLOY.plusSeconds(13 * 60));
        assertThat(r.decision().findings()).extracting(Finding::trigger).contains("health_check_failures");
    }

    /**
     * p95 jumps from about 281 ms to 900 ms at minute 3; the 5-minute window (one-minute samples, minutes -1..3 at
     * the minute-3 check) first averages over 1.5 x 281 ms at minute 4, when it holds two slow samples.
     */
    @Test
    void seed001sLatencyTriggerRollsBackWithoutAskingAtTheFirstCheckWhoseWindowMeanIsOverOneAndAHalfTimesTheBaseline() throws Exception {
        Observations o = trace(Map.of("p95_latency_ms", m -> m >= 3 ? 900 : 280 + (m % 3), "error_rate", m -> 0.5));
        ReplayResult r = new Replayer().replay(policy("seed-001-rollback-config.yml"), o, release());
        assertThat(r.decision()).isInstanceOfSatisfying(Decision.Rollback.class,
                d -> assertThat(d.immediate()).as("latency is high, not critical: the validation gates run").isFalse());
        assertThat(r.decision().at()).isEqualTo(DEPLOY.plusSeconds(4 * 60));
        assertThat(r.decision().findings()).singleElement().satisfies(f -> {
            assertThat(f.trigger()).isEqualTo("latency");
            assertThat(f.automation()).as("seed 001's triggers roll back without asking").isEqualTo(AutomationLevel.FULL);
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
        });
    }

    @Test
    void theDefaultsRollBackTheSameLatencyAtTheSameCheckThroughTheValidationGates() {
        Observations o = trace(Map.of("p95_latency_ms", m -> m >= 3 ? 900 : 280 + (m % 3)));
        ReplayResult r = new Replayer().replay(ConfigLoader.defaults().policy(), o, release());
        assertThat(r.decision()).isInstanceOfSatisfying(Decision.Rollback.class, d -> assertThat(d.immediate()).isFalse()); // latency is high, not critical
        assertThat(r.decision().at()).isEqualTo(DEPLOY.plusSeconds(4 * 60));
        assertThat(r.decision().findings()).extracting(Finding::trigger).containsExactly("latency");
    }

    @Test
    void aCriticalErrorRateRollsBackImmediatelySkippingTheValidationGates() {
        Observations o = trace(Map.of("error_rate", m -> m >= 1 ? 5.0 : 0.5, "request_rate", m -> 100));
        ReplayResult r = new Replayer().replay(ConfigLoader.defaults().policy(), o, release());
        assertThat(r.decision()).isInstanceOfSatisfying(Decision.Rollback.class, d -> assertThat(d.immediate()).isTrue());
        assertThat(r.decision().findings()).extracting(Finding::trigger).containsExactly("error_rate");
    }

    @Test
    void aQuietReleaseIsWatchedToTheEndOfTheTrace() {
        Observations o = trace(Map.of("error_rate", m -> 0.5 + (m % 2) * 0.1, "p95_latency_ms", m -> 280));
        ReplayResult r = new Replayer().replay(ConfigLoader.defaults().policy(), o, release());
        assertThat(r.decision().code()).isEqualTo("no_rollback");
        assertThat(r.checks()).isEqualTo(40);
        assertThat(r.firstCheck()).isEqualTo(DEPLOY.plusSeconds(60));
        assertThat(r.lastCheck()).isEqualTo(DEPLOY.plusSeconds(2400));
        assertThat(r.tallies().get("memory")).containsEntry(TriggerStatus.NO_DATA, 40);
        assertThat(r.baseline().means()).containsKeys("error_rate", "p95_latency_ms");
    }
}
