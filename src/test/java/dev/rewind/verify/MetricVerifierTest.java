package dev.rewind.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.Baseline;
import dev.rewind.model.MetricSummary;
import dev.rewind.model.VerificationPolicy;
import dev.rewind.observe.MetricScope;
import dev.rewind.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
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
        long wallStart = System.nanoTime();

        Normalization n = verifier.verify(SCOPE, baseline(Map.of("error_rate", 0.5)), VerificationPolicy.SEED_000);

        assertThat(n.normalized()).isFalse();
        assertThat(n.normalizationTimeSec()).isNull();
        assertThat(time.now()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(n.lastChecks()).singleElement().satisfies(c -> assertThat(c.reason()).contains("outside baseline"));
        assertThat(Duration.ofNanos(System.nanoTime() - wallStart)).isLessThan(Duration.ofSeconds(5));
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
}
