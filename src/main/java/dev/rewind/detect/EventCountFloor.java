package dev.rewind.detect;

import dev.rewind.model.Sample;

import java.util.List;

/**
 * Error metrics are counts of events over an interval, so at low traffic their noise is Poisson, not normal:
 * an expected 0.3 errors per sample makes 1 or 2 errors common, and "twice the baseline" means nothing.
 * When the values are whole multiples of one step (one event per interval: 0.2/min for 5-minute samples),
 * this finds the smallest rate that Poisson noise around the expectation would exceed with probability
 * below {@code alpha}. Replays on NAB traffic showed single-event false alarms at night without it.
 */
final class EventCountFloor {
    static final double ALPHA = 1e-4;

    private EventCountFloor() {
    }

    /**
     * The step (value of one event): the largest divisor of the smallest positive value (itself, a half, ... a
     * tenth) that every value is a whole multiple of; NaN with fewer than 6 samples or 3 positive values, or none.
     */
    static double step(List<Sample> a, List<Sample> b) {
        double min = Double.POSITIVE_INFINITY;
        int positive = 0;
        for (List<Sample> list : List.of(a, b)) {
            for (Sample s : list) {
                if (s.value() > 0) {
                    positive++;
                    min = Math.min(min, s.value());
                }
            }
        }
        if (a.size() + b.size() < 6 || positive < 3) return Double.NaN;
        for (int d = 1; d <= 10; d++) {
            if (wholeMultiples(a, min / d) && wholeMultiples(b, min / d)) return min / d;
        }
        return Double.NaN;
    }

    private static boolean wholeMultiples(List<Sample> samples, double q) {
        for (Sample s : samples) {
            double k = s.value() / q;
            if (Math.abs(k - Math.rint(k)) > 1e-6 * Math.max(1, k)) return false;
        }
        return true;
    }

    /**
     * The lowest mean (over {@code samples} samples) whose event total would be a surprise: the smallest k with
     * P(X >= k) < alpha for X ~ Poisson(expectedMean * samples / step), as a mean rate again.
     */
    static double floor(double expectedMean, int samples, double step) {
        double lambda = Math.max(0, expectedMean) * samples / step;
        double pmf = Math.exp(-lambda);
        double cdf = 0;
        int k = 0;
        while (1 - (cdf + pmf) >= ALPHA && k < 100_000) {
            cdf += pmf;
            k++;
            pmf *= lambda / k;
        }
        // k is the largest count that is not yet a surprise; the floor is just above it
        return (k + 0.5) * step / samples;
    }
}
