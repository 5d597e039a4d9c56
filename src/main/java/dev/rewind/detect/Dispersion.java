package dev.rewind.detect;

import java.util.List;

/**
 * How much more the previous release's counts varied from sample to sample than Poisson noise would make them: the
 * Pearson statistic over its degrees of freedom. Only the part beyond two of its own standard errors counts (Poisson
 * samples give about 1 give or take that), so honest Poisson data keeps the full evidence. Bursty errors make it
 * larger than 1, and the sequential test then tempers its evidence by it (quasi-likelihood).
 */
final class Dispersion {
    static final int MIN_SAMPLES = 10;
    static final double MAX = 100;

    private Dispersion() {
    }

    static double of(List<Interval> samples, double rate) {
        if (!(rate > 0)) return 1;
        double chi2 = 0, inverseMeans = 0;
        int n = 0;
        for (Interval i : samples) {
            double mu = rate * i.exposure();
            if (mu <= 0) continue;
            double d = i.events() - mu;
            chi2 += d * d / mu;
            inverseMeans += 1 / mu;
            n++;
        }
        if (n < MIN_SAMPLES) return 1;
        double df = n - 1;
        // Var((X - mu)^2 / mu) = 2 + 1/mu for a Poisson X: small means make the statistic noisy
        double noise = Math.sqrt((2 + inverseMeans / n) / df);
        return Math.min(MAX, Math.max(1, chi2 / df - 2 * noise));
    }
}
