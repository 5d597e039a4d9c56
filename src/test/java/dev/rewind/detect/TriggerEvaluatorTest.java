package dev.rewind.detect;

import dev.rewind.model.Aggregation;
import dev.rewind.model.AutomationLevel;
import dev.rewind.model.Baseline;
import dev.rewind.model.Comparison;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.MetricSummary;
import dev.rewind.model.Observations;
import dev.rewind.model.Sample;
import dev.rewind.model.Severity;
import dev.rewind.model.Threshold;
import dev.rewind.model.Trigger;
import dev.rewind.model.TriggerEvaluation;
import dev.rewind.model.TriggerStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TriggerEvaluatorTest {
    static final Instant DEPLOY = Instant.parse("2026-01-26T10:00:00Z");
    // the noise margin is off here: these cases check the rule itself; TriggerNoiseTest covers the margin
    private final TriggerEvaluator evaluator = new TriggerEvaluator(0);

    static Trigger trigger(String metric, Comparison c, Threshold t, Aggregation a, Duration window, boolean consecutive) {
        return new Trigger("t", metric, c, t, a, window, Duration.ZERO, consecutive, Severity.CRITICAL, AutomationLevel.FULL);
    }

    static Observations obs(String metric, List<Sample> samples) {
        return new Observations(Map.of(metric, new MetricSeries(metric, samples)));
    }

    static Baseline baseline(String metric, double... values) {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < values.length; i++) s.add(new Sample(DEPLOY.minusSeconds(60L * (values.length - i)), values[i]));
        return new Baseline("v1", DEPLOY.minusSeconds(300), DEPLOY, values.length == 0 ? Map.of() : Map.of(metric, MetricSummary.of(s)));
    }

    /** Generated cases: random samples, windows, aggregations, comparisons and thresholds, checked against a plain oracle. */
    static Stream<Arguments> generated() {
        Random r = new Random(20260126);
        return IntStream.range(0, 300).mapToObj(i -> {
            List<Sample> samples = new ArrayList<>();
            int n = r.nextInt(12);
            for (int k = 0; k < n; k++) samples.add(new Sample(DEPLOY.plusSeconds(30L * r.nextInt(40)), Math.round(r.nextDouble() * 100) / 10.0));
            Duration window = r.nextInt(4) == 0 ? null : Duration.ofSeconds(60L * (1 + r.nextInt(10)));
            Aggregation agg = Aggregation.values()[r.nextInt(Aggregation.values().length)];
            Comparison cmp = Comparison.values()[r.nextInt(Comparison.values().length)];
            boolean relative = r.nextBoolean();
            Threshold th = relative ? new Threshold.RelativeToBaseline(0.5 + r.nextInt(4) * 0.5) : new Threshold.Absolute(r.nextInt(100) / 10.0);
            double[] base = r.nextInt(5) == 0 ? new double[0] : new double[] {1 + r.nextInt(5), 1 + r.nextInt(5)};
            Instant now = DEPLOY.plusSeconds(60L * (1 + r.nextInt(20)));
            return Arguments.of(i, samples, window, agg, cmp, th, base, now);
        });
    }

    @ParameterizedTest(name = "generated case {0}")
    @MethodSource("generated")
    void agreesWithAPlainOracleOnGeneratedCases(int id, List<Sample> samples, Duration window, Aggregation agg, Comparison cmp,
                                                Threshold th, double[] base, Instant now) {
        Trigger t = trigger("m", cmp, th, agg, window, false);
        TriggerEvaluation e = evaluator.evaluate(t, obs("m", samples), baseline("m", base), now);

        List<Sample> inWindow = samples.stream()
                .filter(s -> !s.at().isAfter(now) && (window == null || s.at().isAfter(now.minus(window))))
                .sorted().toList();
        if (window == null && !inWindow.isEmpty()) inWindow = List.of(inWindow.get(inWindow.size() - 1));
        if (inWindow.isEmpty()) {
            assertThat(e.status()).isEqualTo(TriggerStatus.NO_DATA);
            return;
        }
        double current = window == null ? inWindow.get(0).value() : agg.apply(MetricSummary.of(inWindow));
        assertThat(e.current()).isCloseTo(current, within(1e-9));
        assertThat(e.samples()).isEqualTo(inWindow.size());
        Double limit;
        if (th instanceof Threshold.RelativeToBaseline rel) {
            if (base.length == 0) {
                assertThat(e.status()).isEqualTo(TriggerStatus.NO_DATA);
                assertThat(e.reason()).contains("no baseline");
                return;
            }
            double mean = (base[0] + base[1]) / 2;
            double b = switch (agg) {
                case SUM -> mean * inWindow.size();
                case MAX -> Math.max(base[0], base[1]);
                case MIN -> Math.min(base[0], base[1]);
                default -> mean;
            };
            limit = b * rel.multiplier();
        } else {
            limit = ((Threshold.Absolute) th).value();
        }
        assertThat(e.threshold()).isCloseTo(limit, within(1e-9));
        assertThat(e.status()).isEqualTo(cmp.breaches(current, limit) ? TriggerStatus.FIRING : TriggerStatus.HEALTHY);
        assertThat(e.reason()).startsWith("m " + TriggerEvaluator.fmt(current) + " "
                + (cmp.breaches(current, limit) ? cmp.symbol() : "within") + " " + TriggerEvaluator.fmt(limit) + " (");
    }

    @Test
    void anAggregateThatOverflowsIsNoDataNotAnInfiniteMeasurement() {
        // A8: whatever let 1e308 in, a mean of Infinity must not pass for a measurement (nor hide a breach as "within")
        Trigger t = trigger("error_rate", Comparison.GREATER_THAN, new Threshold.Absolute(5), Aggregation.MEAN, Duration.ofMinutes(5), false);
        List<Sample> s = List.of(new Sample(DEPLOY.plusSeconds(60), 1e308), new Sample(DEPLOY.plusSeconds(120), 1e308));

        TriggerEvaluation e = evaluator.evaluate(t, obs("error_rate", s), baseline("error_rate", 0.5), DEPLOY.plusSeconds(120));
        TriggerEvaluation tracked = evaluator.tracker(t, baseline("error_rate", 0.5)).evaluate(obs("error_rate", s), DEPLOY.plusSeconds(120));

        assertThat(e.status()).isEqualTo(TriggerStatus.NO_DATA);
        assertThat(tracked.status()).as("the incremental tracker agrees").isEqualTo(TriggerStatus.NO_DATA);
    }

    @Test
    void firesWhenErrorRateDoublesTheBaselineOverTheWindow() {
        Trigger t = trigger("error_rate", Comparison.GREATER_THAN, new Threshold.RelativeToBaseline(2.0), Aggregation.MEAN, Duration.ofMinutes(5), false);
        List<Sample> s = List.of(new Sample(DEPLOY.plusSeconds(60), 1.0), new Sample(DEPLOY.plusSeconds(120), 1.4));
        TriggerEvaluation e = evaluator.evaluate(t, obs("error_rate", s), baseline("error_rate", 0.5, 0.5), DEPLOY.plusSeconds(120));
        assertThat(e.status()).isEqualTo(TriggerStatus.FIRING);
        assertThat(e.baseline()).isEqualTo(0.5);
        assertThat(e.current()).isCloseTo(1.2, within(1e-9));
        assertThat(e.threshold()).isEqualTo(1.0);
        assertThat(e.reason()).contains("error_rate 1.2 > 1").contains("baseline 0.5");
    }

    @ParameterizedTest(name = "baseline {0}, x2 at least 1.0, window mean {1}: limit {2}, fires={3}")
    @org.junit.jupiter.params.provider.CsvSource({
            "0.0, 0.4, 1.0, false",   // a doubling of nothing is not a regression: the minimum holds
            "0.0, 1.5, 1.0, true",
            "0.3, 0.9, 1.0, false",   // 3x a tiny baseline, still under the minimum effect
            "0.8, 1.5, 1.6, false",   // above the minimum, the relative rule decides
            "0.8, 1.7, 1.6, true"})
    void aMinimumKeepsARelativeLimitFromFallingToNothing(double base, double current, double limit, boolean fires) {
        Trigger t = trigger("error_rate", Comparison.GREATER_THAN, new Threshold.RelativeToBaseline(2.0, 1.0), Aggregation.MEAN, Duration.ofMinutes(5), false);
        List<Sample> s = List.of(new Sample(DEPLOY.plusSeconds(60), current));
        TriggerEvaluation e = evaluator.evaluate(t, obs("error_rate", s), baseline("error_rate", base, base), DEPLOY.plusSeconds(60));
        assertThat(e.threshold()).isCloseTo(limit, within(1e-9));
        assertThat(e.status()).isEqualTo(fires ? TriggerStatus.FIRING : TriggerStatus.HEALTHY);
        if (base * 2 < 1.0) assertThat(e.reason()).contains("raised to the minimum 1");
    }

    @Test
    void windowExcludesItsStartAndIncludesNow() {
        Trigger t = trigger("memory", Comparison.GREATER_THAN, new Threshold.Absolute(90), Aggregation.MAX, Duration.ofMinutes(5), false);
        List<Sample> s = List.of(new Sample(DEPLOY, 99), new Sample(DEPLOY.plusSeconds(300), 50));
        assertThat(evaluator.evaluate(t, obs("memory", s), baseline("memory"), DEPLOY.plusSeconds(300)).status()).isEqualTo(TriggerStatus.HEALTHY);
        assertThat(evaluator.evaluate(t, obs("memory", s), baseline("memory"), DEPLOY.plusSeconds(299)).status()).isEqualTo(TriggerStatus.FIRING);
    }

    @Test
    void aMetricThatWasNeverRecordedIsNoDataNotHealthy() {
        Trigger t = trigger("p95_latency_ms", Comparison.GREATER_THAN, new Threshold.Absolute(500), Aggregation.MEAN, Duration.ofMinutes(5), false);
        TriggerEvaluation e = evaluator.evaluate(t, obs("error_rate", List.of(new Sample(DEPLOY, 1))), baseline("x"), DEPLOY.plusSeconds(60));
        assertThat(e.status()).isEqualTo(TriggerStatus.NO_DATA);
        assertThat(e.current()).isNull();
        assertThat(e.reason()).contains("no samples of p95_latency_ms");
    }

    static Stream<Arguments> runs() {
        // values oldest first; threshold N fires on more than N failing samples in a row, ending at the latest
        return Stream.of(
                Arguments.of(new double[] {1, 1, 1, 1}, 3, true, 4),
                Arguments.of(new double[] {1, 1, 1}, 3, false, 3),
                Arguments.of(new double[] {1, 1, 1, 1, 0}, 3, false, 0),
                Arguments.of(new double[] {0, 2, 5, 1, 1}, 3, true, 4),
                Arguments.of(new double[] {1, 1, 0, 1, 1, 1}, 3, false, 3),
                Arguments.of(new double[] {0}, 0, false, 0),
                Arguments.of(new double[] {1}, 0, true, 1));
    }

    @ParameterizedTest(name = "{0} with threshold {1}: fires={2}")
    @MethodSource("runs")
    void consecutiveCountsFailingSamplesInARowEndingAtTheLatest(double[] values, int n, boolean fires, int run) {
        Trigger t = trigger("health_check_failures", Comparison.GREATER_THAN, new Threshold.Absolute(n), Aggregation.LAST, null, true);
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < values.length; i++) s.add(new Sample(DEPLOY.plusSeconds(10L * i), values[i]));
        TriggerEvaluation e = evaluator.evaluate(t, obs("health_check_failures", s), baseline("x"), DEPLOY.plusSeconds(10L * values.length));
        assertThat(e.firing()).isEqualTo(fires);
        assertThat(e.current()).isEqualTo((double) run);
        assertThat(e.reason()).contains(run + " time(s) in a row");
    }
}
