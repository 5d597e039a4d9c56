package dev.rewind.replay;

import java.util.random.RandomGenerator;

/** Exact binomial and Poisson draws for the simulations, from a seeded generator. */
final class Draws {
    private Draws() {
    }

    /** Binomial(n, p) by geometric skips: O(np) steps, exact for any n. */
    static long binomial(RandomGenerator r, long n, double p) {
        if (n <= 0 || p <= 0) return 0;
        if (p >= 1) return n;
        if (p > 0.5) return n - binomial(r, n, 1 - p);
        double logQ = Math.log1p(-p);
        long k = 0, i = 0;
        while (true) {
            i += (long) Math.floor(Math.log(1 - r.nextDouble()) / logQ) + 1;
            if (i > n) return k;
            k++;
        }
    }

    /** Poisson(mean): inversion below 30, else Hoermann's PTRS (transformed rejection with squeeze). */
    static long poisson(RandomGenerator r, double mean) {
        if (mean <= 0) return 0;
        if (mean < 30) {
            double p = Math.exp(-mean), u = r.nextDouble(), cdf = p;
            long k = 0;
            while (u > cdf && k < 1000) {
                k++;
                p *= mean / k;
                cdf += p;
            }
            return k;
        }
        double slam = Math.sqrt(mean), logLam = Math.log(mean);
        double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b, invAlpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = r.nextDouble() - 0.5, v = r.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) return k;
            if (k < 0 || us < 0.013 && v > us) continue;
            double lhs = Math.log(v * invAlpha / (a / (us * us) + b));
            double rhs = -mean + k * logLam - logFactorial(k);
            if (lhs <= rhs) return k;
        }
    }

    static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    private static double erfc(double x) {
        // Numerical Recipes' erfcc: fractional error below 1.2e-7, plenty for drawing bucket shares
        double z = Math.abs(x), t = 1 / (1 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2 - ans;
    }

    private static double logFactorial(long k) {
        if (k < 2) return 0;
        double x = k + 1.0; // Stirling series for ln Gamma(k + 1)
        return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
    }
}
