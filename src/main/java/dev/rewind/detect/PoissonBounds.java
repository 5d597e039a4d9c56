package dev.rewind.detect;

/**
 * Exact (Garwood) confidence bounds for a Poisson mean, from the regularized incomplete gamma function: the upper
 * bound for k events at level 1 - beta is the mean under which seeing k or fewer would happen with chance beta.
 * Written here rather than borrowed so that the tests can check it against an independent implementation
 * (Hipparchus, SciPy). Counts need not be whole: a Prometheus increase is a real number, and the gamma function
 * extends the bound smoothly between integers.
 */
final class PoissonBounds {
    private static final double EPS = 1e-15;
    private static final double TINY = 1e-300;
    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};

    private PoissonBounds() {
    }

    /** The mean mu with P(X <= events; mu) = beta: the one-sided upper bound at level 1 - beta. */
    static double upperMean(double events, double beta) {
        if (!(events >= 0) || Double.isInfinite(events)) throw new IllegalArgumentException("events must be finite and >= 0, got " + events);
        if (!(beta > 0 && beta < 1)) throw new IllegalArgumentException("beta must be in (0, 1), got " + beta);
        double a = events + 1;
        if (events == 0) return -Math.log(beta); // P(X = 0) = exp(-mu)
        double lo = events, hi = events + 10 * Math.sqrt(a) + 20;
        while (upperTail(a, hi) > beta) hi *= 2; // P(X <= k; mu) = Q(k + 1, mu) falls as mu grows
        for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (upperTail(a, mid) > beta) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /** P(X <= k; mu) for a Poisson X, with k possibly fractional (the regularized upper incomplete gamma Q(k + 1, mu)). */
    static double cdf(double k, double mu) {
        return upperTail(k + 1, mu);
    }

    /** Q(a, x) = Gamma(a, x) / Gamma(a), the regularized upper incomplete gamma function. */
    static double upperTail(double a, double x) {
        if (x <= 0) return 1;
        return x < a + 1 ? 1 - lowerSeries(a, x) : upperFraction(a, x);
    }

    /** ln Gamma(x) for x > 0 (Lanczos, g = 7: about 15 significant digits). */
    static double logGamma(double x) {
        if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        x -= 1;
        double sum = LANCZOS[0];
        double t = x + 7.5;
        for (int i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (x + i);
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /** P(a, x) by its power series; converges fast for x < a + 1. */
    private static double lowerSeries(double a, double x) {
        double ap = a, del = 1 / a, sum = del;
        for (int n = 0; n < 100_000; n++) {
            ap += 1;
            del *= x / ap;
            sum += del;
            if (Math.abs(del) < Math.abs(sum) * EPS) break;
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    /** Q(a, x) by its continued fraction (modified Lentz); converges fast for x >= a + 1. */
    private static double upperFraction(double a, double x) {
        double b = x + 1 - a, c = 1 / TINY, d = 1 / b, h = d;
        for (int i = 1; i < 100_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < TINY) d = TINY;
            c = b + an / c;
            if (Math.abs(c) < TINY) c = TINY;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < EPS) break;
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }
}
