package dev.rewind.detect;

import dev.rewind.model.Aggregation;
import dev.rewind.model.AutomationLevel;
import dev.rewind.model.Baseline;
import dev.rewind.model.Comparison;
import dev.rewind.model.Detection;
import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Observations;
import dev.rewind.model.Sample;
import dev.rewind.model.Severity;
import dev.rewind.model.Threshold;
import dev.rewind.model.Trigger;
import dev.rewind.model.TriggerEvaluation;
import dev.rewind.model.TriggerStatus;
import org.hipparchus.distribution.discrete.BinomialDistribution;
import org.hipparchus.distribution.discrete.PoissonDistribution;
import org.hipparchus.special.Gamma;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The sequential test on counts it is handed directly (error_count and request_count per minute): against a canary's
 * control under traffic growth, on sparse and missing data, and its arithmetic against Hipparchus.
 */
class SequentialTrackerTest {
    static final Instant DEPLOY = Instant.parse("2026-03-02T12:00:30Z");

    static Trigger errors(Detection d) {
        return new Trigger("error_rate", MetricNames.ERROR_RATE, Comparison.GREATER_THAN, new Threshold.RelativeToBaseline(2.0), Aggregation.MEAN,
                Duration.ofMinutes(5), Duration.ZERO, false, Severity.CRITICAL, AutomationLevel.FULL, d);
    }

    static Baseline baseline() {
        return new Baseline("v1", DEPLOY.minus(Duration.ofHours(1)), DEPLOY, Map.of());
    }

    /**
     * A canary at {@code share} of traffic beside its control, traffic growing {@code growth} times over the watch,
     * one sample a minute: the control's error probability {@code p}, the canary's {@code effect} times that.
     */
    static Observations canary(long seed, double rpm, double share, double growth, double p, double effect, int minutes) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, List<Sample>> s = new LinkedHashMap<>();
        for (int i = -60; i < minutes; i++) {
            Instant at = DEPLOY.plusSeconds(30 + 60L * i);
            double traffic = rpm * Math.pow(growth, Math.max(0, i) / (double) minutes);
            boolean after = i >= 0;
            long control = poisson(r, traffic * (after ? 1 - share : 1));
            if (!after) {
                add(s, "request_count", at, control);
                add(s, "error_count", at, binomial(r, control, p));
            } else {
                long canary = poisson(r, traffic * share);
                add(s, "request_count", at, canary);
                add(s, "error_count", at, binomial(r, canary, Math.min(1, p * effect)));
                add(s, "control_request_count", at, control);
                add(s, "control_error_count", at, binomial(r, control, p));
            }
        }
        Map<String, MetricSeries> out = new LinkedHashMap<>();
        s.forEach((k, v) -> out.put(k, new MetricSeries(k, v)));
        return new Observations(out);
    }

    /** Steps the test a minute at a time, as a watch would; returns the first firing verdict, or the last one. */
    static TriggerEvaluation watch(Trigger t, Observations o, int minutes) {
        TriggerTracker tracker = new TriggerTracker(t, baseline(), new TriggerEvaluator());
        TriggerEvaluation last = null;
        for (int m = 1; m <= minutes; m++) {
            last = tracker.evaluate(o, DEPLOY.plusSeconds(60L * m));
            if (last.firing()) return last;
        }
        return last;
    }

    @ParameterizedTest(name = "canary at {0} req/min, traffic x{1} over the watch: false rollbacks within a binomial bound of alpha {2}")
    @CsvSource({"100, 1, 0.2", "100, 4, 0.2", "1000, 10, 0.2", "1000, 0.25, 0.1"})
    void healthyCanaryAgainstItsControlStaysWithinAlphaWhateverTheTrafficDoes(double rpm, double growth, double alpha) {
        Trigger t = errors(Detection.sequential(alpha, 0));
        int runs = 200, alarms = 0;
        for (int seed = 0; seed < runs; seed++) {
            TriggerEvaluation e = watch(t, canary(seed, rpm, 0.1, growth, 0.01, 1, 60), 60);
            assertThat(e.evidence().reference()).isEqualTo("control");
            if (e.firing()) alarms++;
        }
        // the test may be conservative, never liberal: P(X > bound) < 0.1% if the real rate were alpha
        int bound = new BinomialDistribution(runs, alpha).inverseCumulativeProbability(0.999);
        assertThat(alarms).as("false rollbacks in %d healthy canaries at alpha %s", runs, alpha).isLessThanOrEqualTo(bound);
    }

    @ParameterizedTest(name = "canary x{0} at 1,000 req/min (10%): caught in at least {1} of 30 within an hour")
    @CsvSource({"3, 28", "10, 30"})
    void worseCanaryIsCaughtAgainstItsControl(double effect, int atLeast) {
        int caught = 0;
        for (int seed = 0; seed < 30; seed++) if (watch(errors(Detection.sequential(0.05, 0)), canary(1000 + seed, 1000, 0.1, 3, 0.01, effect, 60), 60).firing()) caught++;
        assertThat(caught).isGreaterThanOrEqualTo(atLeast);
    }

    @Test
    void noDataIsNoEvidenceNeverARollback() {
        Observations nothing = new Observations(Map.of());
        TriggerEvaluation e = watch(errors(Detection.sequential(0.05, 0)), nothing, 30);
        assertThat(e.status()).isEqualTo(TriggerStatus.NO_DATA);
        // counts before the deploy, none after (the new release serves nothing yet)
        Observations before = canary(7, 100, 0.1, 1, 0.01, 50, 0);
        TriggerEvaluation f = watch(errors(Detection.sequential(0.05, 0)), before, 30);
        assertThat(f.status()).isEqualTo(TriggerStatus.NO_DATA);
        assertThat(f.firing()).isFalse();
    }

    @Test
    void oneErrorAgainstAZeroBaselineIsNotARollbackButManyAre() {
        Map<String, MetricSeries> s = new LinkedHashMap<>();
        List<Sample> req = new ArrayList<>(), err = new ArrayList<>();
        for (int i = -60; i < 30; i++) {
            Instant at = DEPLOY.plusSeconds(30 + 60L * i);
            req.add(new Sample(at, 20));
            err.add(new Sample(at, i == 0 ? 1 : 0)); // 0 errors in 1,200 requests before, then one
        }
        s.put("request_count", new MetricSeries("request_count", req));
        s.put("error_count", new MetricSeries("error_count", err));
        TriggerEvaluation one = watch(errors(Detection.sequential(0.05, 0)), new Observations(s), 30);
        assertThat(one.status()).isEqualTo(TriggerStatus.HEALTHY);
        assertThat(one.evidence().referenceEvents()).isZero();

        List<Sample> many = new ArrayList<>();
        for (Sample x : err) many.add(new Sample(x.at(), x.at().isAfter(DEPLOY) ? 2 : 0)); // 10% of requests fail
        s.put("error_count", new MetricSeries("error_count", many));
        TriggerEvaluation bad = watch(errors(Detection.sequential(0.05, 0)), new Observations(s), 30);
        assertThat(bad.firing()).isTrue();
        assertThat(bad.evidence().pValue()).isLessThanOrEqualTo(0.05);
        assertThat(bad.evidence().elapsed()).isLessThanOrEqualTo(Duration.ofMinutes(5));
        assertThat(bad.reason()).contains("e-value").contains("anytime p").contains("errors in");
    }

    @ParameterizedTest(name = "Garwood upper bound for {0} events at beta {1} matches Hipparchus' Poisson cdf")
    @CsvSource({"0, 0.025", "1, 0.025", "3, 0.05", "10, 0.025", "57, 0.01", "400, 0.025", "2500, 0.05"})
    void poissonUpperBoundAgreesWithHipparchus(int k, double beta) {
        double mu = PoissonBounds.upperMean(k, beta);
        assertThat(new PoissonDistribution(mu).cumulativeProbability(k)).isCloseTo(beta, within(1e-9));
        assertThat(PoissonBounds.cdf(k + 0.5, mu + 1)).isCloseTo(Gamma.regularizedGammaQ(k + 1.5, mu + 1), within(1e-12));
    }

    @Test
    void mixtureIsTheWeightedAverageOfLikelihoodRatios() {
        RatioMixture m = new RatioMixture(1);
        double[][] data = {{3, 1.2}, {0, 0.8}, {5, 1.1}, {2, 2.0}};
        for (double[] d : data) m.addPoisson(d[0], d[1]);
        double[] th = m.thetas(), w = m.weights();
        double e = 0;
        for (int j = 0; j < th.length; j++) {
            double lr = 1;
            for (double[] d : data) lr *= new PoissonDistribution(th[j] * d[1]).probability((int) d[0]) / new PoissonDistribution(d[1]).probability((int) d[0]);
            e += w[j] * lr;
        }
        assertThat(Math.exp(m.logE())).isCloseTo(e, within(1e-9 * e));
    }

    static void add(Map<String, List<Sample>> s, String name, Instant at, double v) {
        s.computeIfAbsent(name, k -> new ArrayList<>()).add(new Sample(at, v));
    }

    /** Exact Poisson draw: a sum of inversions over parts of mean at most 20. */
    static long poisson(SplittableRandom r, double mean) {
        long k = 0;
        for (double left = mean; left > 0; left -= 20) {
            double m = Math.min(20, left), p = Math.exp(-m), cdf = p, u = r.nextDouble();
            long j = 0;
            while (u > cdf && j < 200) {
                j++;
                p *= m / j;
                cdf += p;
            }
            k += j;
        }
        return k;
    }

    static long binomial(SplittableRandom r, long n, double p) {
        long k = 0;
        for (long i = 0; i < n; i++) if (r.nextDouble() < p) k++;
        return k;
    }
}
