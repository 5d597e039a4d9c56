package dev.rewind.model;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How a trigger judges its metric: the seed's fixed-window rule, an anytime-valid sequential test, or the sequential
 * test when the data for it exists and the rule otherwise (the default for relative error and latency rules).
 *
 * @param kind             {@code threshold} (the window rule), {@code sequential}, or {@code auto}
 * @param alpha            the largest chance that the sequential test rolls back a release that is no worse than its
 *                         baseline (beyond the tolerance): Ville's inequality bounds it over every check, however many
 * @param tolerance        the relative worsening the test accepts: it tests H0 "new / baseline <= 1 + tolerance"
 * @param baselineLookback how far before the deploy the sequential test reads the previous release's counts
 */
public record Detection(Kind kind, double alpha, double tolerance, Duration baselineLookback) {
    public static final double DEFAULT_ALPHA = 0.05;
    /** Errors: any real increase is a regression; a drifting service can say how much it tolerates. */
    public static final double DEFAULT_ERROR_TOLERANCE = 0.0;
    /** Latency: a 10% slower tail is within normal drift; a 2% shift at large n must not roll back. */
    public static final double DEFAULT_LATENCY_TOLERANCE = 0.10;
    public static final Duration DEFAULT_LOOKBACK = Duration.ofHours(24);
    public static final Duration MAX_LOOKBACK = Duration.ofDays(30);

    public enum Kind {
        THRESHOLD, SEQUENTIAL, AUTO;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The seed's rule and nothing else: what a trigger without a sequential test does. */
    public static final Detection THRESHOLD = new Detection(Kind.THRESHOLD, DEFAULT_ALPHA, DEFAULT_ERROR_TOLERANCE, DEFAULT_LOOKBACK);

    public Detection {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(baselineLookback, "baselineLookback");
        if (!(alpha > 0 && alpha <= 0.5)) throw new IllegalArgumentException("alpha must be in (0, 0.5], got " + alpha);
        if (!(tolerance >= 0 && tolerance <= 10)) throw new IllegalArgumentException("tolerance must be in [0, 10], got " + tolerance);
        if (baselineLookback.isNegative() || baselineLookback.isZero() || baselineLookback.compareTo(MAX_LOOKBACK) > 0) {
            throw new IllegalArgumentException("baseline lookback must be in (0, " + MAX_LOOKBACK + "], got " + baselineLookback);
        }
    }

    public static Detection auto(double tolerance) {
        return new Detection(Kind.AUTO, DEFAULT_ALPHA, tolerance, DEFAULT_LOOKBACK);
    }

    public static Detection sequential(double alpha, double tolerance) {
        return new Detection(Kind.SEQUENTIAL, alpha, tolerance, DEFAULT_LOOKBACK);
    }

    /**
     * Whether a sequential test can read this metric: an error or failure rate (counted against requests), a count
     * metric (against time), or a latency quantile (from a histogram's buckets).
     */
    public static boolean testable(String metric) {
        String m = MetricNames.canonical(metric);
        return MetricNames.isCount(m) || m.contains("error") || m.contains("fail")
                || m.equals(MetricNames.P50_LATENCY) || m.equals(MetricNames.P95_LATENCY) || m.equals(MetricNames.P99_LATENCY);
    }

    /** Whether a sequential test may judge (alone, or before the rule). */
    public boolean sequential() {
        return kind != Kind.THRESHOLD;
    }

    public String describe() {
        return switch (kind) {
            case THRESHOLD -> "";
            case SEQUENTIAL, AUTO -> String.format(Locale.ROOT, " [%s test, alpha %s, tolerance %s%%]",
                    kind == Kind.AUTO ? "sequential (auto)" : "sequential", alpha, tolerance * 100);
        };
    }
}
