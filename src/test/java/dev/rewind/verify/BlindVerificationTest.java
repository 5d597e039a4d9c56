package dev.rewind.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.Baseline;
import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.MetricSummary;
import dev.rewind.model.UnreachableException;
import dev.rewind.model.VerificationPolicy;
import dev.rewind.observe.MetricScope;
import dev.rewind.observe.MetricSource;
import dev.rewind.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A verification that cannot read data is blind, not failed; and it never reads a window its source cannot fill. */
class BlindVerificationTest {
    private static final Instant T0 = Instant.parse("2026-02-24T10:20:00Z");
    private static final MetricScope SCOPE = new MetricScope("shop", "production", "blue");
    private static final VerificationPolicy POLICY = new VerificationPolicy(Duration.ofSeconds(2), Duration.ofSeconds(20), 0.05);

    private static Baseline baseline(Map<String, Double> means) {
        Map<String, MetricSummary> m = new HashMap<>();
        means.forEach((k, v) -> m.put(k, new MetricSummary(30, v, v * 30, v, v, 0, v)));
        return new Baseline("blue", T0.minusSeconds(60), T0, m);
    }

    @Test
    void aSourceThatIsDownMakesTheVerificationBlindAndSaysWhy() {
        ManualTimeSource time = new ManualTimeSource(T0);
        MetricSource down = new MetricSource() {
            public MetricSeries range(MetricScope scope, String metric, Instant from, Instant to) {
                throw new UnreachableException("http://127.0.0.1:9090/api/v1/query_range", "connection refused or failed", null);
            }

            public void checkOnline() {
            }
        };

        Normalization n = new MetricVerifier(down, time, Duration.ofSeconds(1)).verify(SCOPE, baseline(Map.of("error_rate", 0.2)), POLICY);

        assertThat(n.verdict()).isEqualTo(Normalization.Verdict.BLIND);
        assertThat(n.normalized()).isFalse();
        assertThat(n.note()).contains("blind", "could not be read", "connection refused");
        assertThat(time.now()).isEqualTo(T0.plus(POLICY.limit()));
    }

    @Test
    void noSamplesAtAllIsBlindNotAFailure() {
        ManualTimeSource time = new ManualTimeSource(T0);
        Spaced empty = new Spaced(time, Duration.ofSeconds(1), Map.of());

        Normalization n = new MetricVerifier(empty, time, Duration.ofSeconds(1)).verify(SCOPE, baseline(Map.of("error_rate", 0.2)), POLICY);

        assertThat(n.verdict()).isEqualTo(Normalization.Verdict.BLIND);
        assertThat(n.note()).contains("no samples of error_rate");
    }

    @Test
    void aMetricSeenOffOutweighsAMetricWithoutData() {
        ManualTimeSource time = new ManualTimeSource(T0);
        Spaced source = new Spaced(time, Duration.ofSeconds(1), Map.of(MetricNames.ERROR_RATE, 9.0));

        Normalization n = new MetricVerifier(source, time, Duration.ofSeconds(1))
                .verify(SCOPE, baseline(Map.of("error_rate", 0.2, "p95_latency_ms", 120.0)), POLICY);

        assertThat(n.verdict()).isEqualTo(Normalization.Verdict.NOT_NORMALIZED);
        assertThat(n.lastChecks()).anySatisfy(c -> assertThat(c.blind()).isTrue()).anySatisfy(c -> assertThat(c.reason()).contains("outside baseline"));
    }

    @Test
    void aWindowShorterThanTheSourcesStepIsWidenedSoEachCheckFindsASample() {
        ManualTimeSource time = new ManualTimeSource(T0);
        // one sample every 2 s, checks every 0.5 s: a 0.5 s window would often hold none (the field trial's bug)
        Spaced source = new Spaced(time, Duration.ofSeconds(2), Map.of(MetricNames.ERROR_RATE, 0.2));
        MetricVerifier verifier = new MetricVerifier(source, time, Duration.ofMillis(500));

        Normalization n = verifier.verify(SCOPE, baseline(Map.of("error_rate", 0.2)), POLICY);

        assertThat(verifier.checkWindow()).isEqualTo(Duration.ofSeconds(2));
        assertThat(n.verdict()).isEqualTo(Normalization.Verdict.NORMALIZED);
        assertThat(n.checks()).isEqualTo(1);
        assertThat(n.note()).contains("each check reads 2 s instead of 0.5 s");
        assertThat(source.windows).allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void requestCountsComeFromTheRequestRateWhenTheSourceHasNoRequestCountQuery() {
        ManualTimeSource time = new ManualTimeSource(T0);
        // 3% errors after the rollback against a 2% baseline: outside ±5%, but on 20 requests/s over a 2 s window
        // (40 requests) that is noise, which only a known request count can tell
        Spaced source = new Spaced(time, Duration.ofSeconds(2), Map.of(MetricNames.ERROR_RATE, 3.0, MetricNames.REQUEST_RATE, 20.0));

        Normalization n = new MetricVerifier(source, time, Duration.ofSeconds(2)).verify(SCOPE, baseline(Map.of("error_rate", 2.0)), POLICY);

        assertThat(n.verdict()).isEqualTo(Normalization.Verdict.NORMALIZED);
        assertThat(n.lastChecks()).singleElement().satisfies(c -> assertThat(c.reason()).contains("Wilson", "of 40 requests"));
    }

    @Test
    void withoutARequestRateTheSameRiseIsNotExcusedAsNoise() {
        ManualTimeSource time = new ManualTimeSource(T0);
        Spaced source = new Spaced(time, Duration.ofSeconds(2), Map.of(MetricNames.ERROR_RATE, 3.0));

        Normalization n = new MetricVerifier(source, time, Duration.ofSeconds(2)).verify(SCOPE, baseline(Map.of("error_rate", 2.0)), POLICY);

        assertThat(n.verdict()).isEqualTo(Normalization.Verdict.NOT_NORMALIZED);
    }

    /** A source with a fixed value per metric, one sample every {@code step} (aligned to the epoch), and no request_count query. */
    private static final class Spaced implements MetricSource {
        private final ManualTimeSource time;
        private final Duration step;
        private final Map<String, Double> values;
        final List<Duration> windows = new ArrayList<>();

        Spaced(ManualTimeSource time, Duration step, Map<String, Double> values) {
            this.time = time;
            this.step = step;
            this.values = values;
        }

        @Override
        public MetricSeries range(MetricScope scope, String metric, Instant from, Instant to) {
            windows.add(Duration.between(from, to));
            List<dev.rewind.model.Sample> out = new ArrayList<>();
            Double v = values.get(metric);
            if (v == null) return new MetricSeries(metric, out);
            long stepMs = step.toMillis();
            for (long t = (from.toEpochMilli() / stepMs + 1) * stepMs; t <= to.toEpochMilli(); t += stepMs) {
                out.add(new dev.rewind.model.Sample(Instant.ofEpochMilli(t), v));
            }
            return new MetricSeries(metric, out);
        }

        @Override
        public void checkOnline() {
        }

        @Override
        public boolean serves(String metric) {
            return !Set.of(MetricVerifier.REQUEST_COUNT).contains(metric);
        }

        @Override
        public Duration resolution() {
            return step;
        }
    }
}
