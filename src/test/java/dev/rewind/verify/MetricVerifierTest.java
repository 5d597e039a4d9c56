package dev.rewind.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.Baseline;
import dev.rewind.model.MetricSummary;
import dev.rewind.model.VerificationPolicy;
import dev.rewind.observe.MetricScope;
import dev.rewind.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetricVerifierTest {
    private static final Instant T0 = Instant.parse("2026-02-24T10:20:00Z");
    private static final MetricScope SCOPE = new MetricScope("checkout", "production", "2.3.1");

    private static Baseline baseline(Map<String, Double> means) {
        Map<String, MetricSummary> m = new java.util.HashMap<>();
        means.forEach((k, v) -> m.put(k, new MetricSummary(30, v, v * 30, v, v, 0, v)));
        return new Baseline("2.3.1", T0.minusSeconds(600), T0.minusSeconds(300), m);
    }

    @Test
    void reportsNormalizationTimeWhenMetricsComeBackAfterTheSettle() {
        ManualTimeSource time = new ManualTimeSource(T0);
        // error rate decays to baseline 90 s after the revert
        CurveMetricSource metrics = new CurveMetricSource(T0.minusSeconds(3600))
                .with("error_rate", (v, t) -> t.isBefore(T0.plusSeconds(150)) ? 5.0 : 0.5)
                .with("p95_latency_ms", (v, t) -> 118.0);
        MetricVerifier verifier = new MetricVerifier(metrics, time, Duration.ofSeconds(30));

        Normalization n = verifier.verify(SCOPE, baseline(Map.of("error_rate", 0.5, "p95_latency_ms", 120.0)), VerificationPolicy.SEED_000);

        assertThat(n.normalized()).isTrue();
        assertThat(n.normalizationTimeSec()).isEqualTo(180L);
        assertThat(n.checks()).isEqualTo(3);
        assertThat(n.lastChecks()).allMatch(MetricCheck::normal);
    }

    @Test
    void givesUpAtTheLimitWhenMetricsNeverNormalizeWithoutWaitingForReal() {
        ManualTimeSource time = new ManualTimeSource(T0);
        CurveMetricSource metrics = new CurveMetricSource(T0.minusSeconds(3600)).with("error_rate", (v, t) -> 4.0);
        MetricVerifier verifier = new MetricVerifier(metrics, time, Duration.ofSeconds(30));
        List<Instant> advances = new ArrayList<>();
        time.onAdvance(advances::add);

        Normalization n = verifier.verify(SCOPE, baseline(Map.of("error_rate", 0.5)), VerificationPolicy.SEED_000);

        assertThat(n.normalized()).isFalse();
        assertThat(n.normalizationTimeSec()).isNull();
        assertThat(time.now()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(n.lastChecks()).singleElement().satisfies(c -> assertThat(c.reason()).contains("outside baseline"));
        // every wait went through the injected source: the 2 min settle, then a check interval at a time up to the 5 min limit
        assertThat(advances).first().isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(advances).last().isEqualTo(T0.plus(Duration.ofMinutes(5)));
        for (int i = 1; i < advances.size(); i++) {
            assertThat(Duration.between(advances.get(i - 1), advances.get(i))).as("wait %d of %s", i, advances).isEqualTo(Duration.ofSeconds(30));
        }
        assertThat(advances).hasSize(7);
    }

    @Test
    void aMetricWithNoSamplesIsNotCountedAsNormal() {
        ManualTimeSource time = new ManualTimeSource(T0);
        CurveMetricSource metrics = new CurveMetricSource(T0.minusSeconds(3600)).with("error_rate", (v, t) -> 0.5);
        MetricVerifier verifier = new MetricVerifier(metrics, time, Duration.ofSeconds(30));

        Normalization n = verifier.verify(SCOPE, baseline(Map.of("error_rate", 0.5, "memory_usage_percent", 60.0)),
                new VerificationPolicy(Duration.ZERO, Duration.ofMinutes(1), 0.05));

        assertThat(n.normalized()).isFalse();
        assertThat(n.lastChecks()).filteredOn(c -> c.metric().equals("memory_usage_percent"))
                .singleElement().satisfies(c -> assertThat(c.reason()).contains("no samples"));
    }

    @Test
    void aFewErrorsOnLowTrafficPassThroughTheWilsonIntervalButNotOnHighTraffic() {
        // baseline 0.5% errors; now 0.9%: outside ±5%, but on 3 x 40 requests that is noise
        Baseline base = baseline(Map.of("error_rate", 0.5));
        VerificationPolicy quick = new VerificationPolicy(Duration.ZERO, Duration.ofSeconds(60), 0.05);
        CurveMetricSource low = new CurveMetricSource(T0.minusSeconds(3600))
                .with("error_rate", (v, t) -> 0.9).with(MetricVerifier.REQUEST_COUNT, (v, t) -> 40.0);
        CurveMetricSource high = new CurveMetricSource(T0.minusSeconds(3600))
                .with("error_rate", (v, t) -> 0.9).with(MetricVerifier.REQUEST_COUNT, (v, t) -> 40_000.0);

        Normalization onLow = new MetricVerifier(low, new ManualTimeSource(T0), Duration.ofSeconds(30)).verify(SCOPE, base, quick);
        Normalization onHigh = new MetricVerifier(high, new ManualTimeSource(T0), Duration.ofSeconds(30)).verify(SCOPE, base, quick);

        assertThat(onLow.normalized()).isTrue();
        assertThat(onLow.lastChecks().get(0).reason()).contains("Wilson");
        assertThat(onHigh.normalized()).isFalse();
    }

    static Stream<Arguments> bands() {
        return Stream.of(
                Arguments.of("error_rate", 1.0, 0.2, true),
                Arguments.of("error_rate", 1.0, 1.04, true),
                Arguments.of("error_rate", 1.0, 1.06, false),
                Arguments.of("p95_latency_ms", 120.0, 60.0, true),
                Arguments.of("p95_latency_ms", 120.0, 127.0, false),
                Arguments.of("request_rate", 100.0, 104.0, true),
                Arguments.of("request_rate", 100.0, 80.0, false),
                Arguments.of("request_rate", 100.0, 120.0, true),
                Arguments.of("auth_success_rate", 99.5, 99.9, true),
                Arguments.of("auth_success_rate", 99.5, 90.0, false),
                Arguments.of("error_rate", 0.0, 0.0, true),
                Arguments.of("error_rate", 0.0, 0.01, false));
    }

    @ParameterizedTest(name = "{0}: baseline {1}, now {2} -> normal {3}")
    @MethodSource("bands")
    void betterThanBaselineIsNormalAndWorseMustStayWithinTolerance(String metric, double baseline, double current, boolean normal) {
        assertThat(NormalBand.judge(metric, baseline, current, 0.05, null, RateUnit.PERCENT).normal()).isEqualTo(normal);
    }

    static Stream<Arguments> generatedProportions() {
        java.util.Random random = new java.util.Random(42);
        return Stream.generate(() -> {
            double base = 0.001 + random.nextDouble() * 0.05;
            int n = 50 + random.nextInt(50_000);
            return Arguments.of(base, n);
        }).limit(25);
    }

    @ParameterizedTest(name = "baseline {0} on {1} requests")
    @MethodSource("generatedProportions")
    void aRateFarAboveBaselineFailsWhatEverTheTrafficAndTheBaselineItselfAlwaysPasses(double base, int n) {
        assertThat(NormalBand.judge("error_rate", base, base, 0.05, (long) n, RateUnit.FRACTION).normal()).isTrue();
        assertThat(NormalBand.judge("error_rate", base, Math.min(1.0, base * 3 + 0.2), 0.05, (long) n, RateUnit.FRACTION).normal()).isFalse();
    }

    /** A window of {@code n} samples with this mean and spread (alternating mean ± spread, so the stddev is close to it). */
    private static MetricSummary window(int n, double mean, double spread) {
        java.util.List<dev.rewind.model.Sample> samples = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            samples.add(new dev.rewind.model.Sample(java.time.Instant.EPOCH.plusSeconds(i), mean + (i % 2 == 0 ? spread : -spread)));
        }
        return MetricSummary.of(samples);
    }

    static Stream<Arguments> noisyLatency() {
        return Stream.of(
                // p99 of a loaded machine: 10% up, but the windows swing by 8 ms: noise, not a failed rollback
                Arguments.of(window(60, 47.2, 6), window(10, 52.5, 8), true),
                // the same rise on steady windows is real
                Arguments.of(window(60, 47.2, 0.2), window(10, 52.5, 0.3), false),
                // twice the baseline is never noise at these spreads
                Arguments.of(window(60, 47.2, 6), window(10, 94.4, 8), false),
                // one sample on either side gives no spread to judge by: the plain band decides
                Arguments.of(window(60, 47.2, 6), window(1, 52.5, 0), false));
    }

    @ParameterizedTest(name = "[{index}] normal {2}")
    @MethodSource("noisyLatency")
    void aRiseWithinTheSamplingNoiseOfBothWindowsIsNormalAndARealOneIsNot(MetricSummary base,
                                                                      MetricSummary now, boolean normal) {
        MetricCheck check = NormalBand.judge("p99_latency_ms", base, now, 0.05, null, RateUnit.PERCENT);
        assertThat(check.normal()).as(check.reason()).isEqualTo(normal);
        if (normal) assertThat(check.reason()).contains("standard errors");
    }

    @Test
    void errorRatesAreJudgedByTheirWilsonIntervalNotBySpread() {
        // a spread on an error rate says nothing about the count behind it: without trials it stays in the plain band
        MetricCheck check = NormalBand.judge("error_rate", window(60, 1.0, 0.5), window(10, 1.3, 0.6), 0.05, null, RateUnit.PERCENT);
        assertThat(check.normal()).isFalse();
    }
}
