package dev.rewind.verify;

import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSummary;
import org.hipparchus.stat.interval.BinomialProportion;
import org.hipparchus.stat.interval.ConfidenceInterval;

/**
 * Is one value back to normal? Better than baseline is always normal: lower for errors, latency, memory and
 * CPU; higher for success rates, throughput and request rate. More requests after a rollback are users coming
 * back (or retrying), not a fault; fewer mean traffic is not reaching the restored version.
 * Proportions (names ending in error_rate or failure_rate), given a trial count, also pass when the baseline
 * lies within (or above) the current value's 95% Wilson score interval: the rise is not significant.
 * Other metrics, given both windows' spread, pass when the excess over the band is within {@value #NOISE_SE}
 * standard errors of the difference of the two means: a p99 of 50 samples moves by more than 5% on its own.
 */
final class NormalBand {
    private NormalBand() {
    }

    /** Standard errors of sampling noise a rise beyond the band may stay within (the detection floor uses 3 too). */
    static final double NOISE_SE = 3.0;

    /** Judges the current window's mean against the baseline's, allowing for both windows' sampling noise. */
    static MetricCheck judge(String metric, MetricSummary baseline, MetricSummary current, double tolerance, Long trials, RateUnit unit) {
        MetricCheck plain = judge(metric, baseline.mean(), current == null ? null : current.mean(), tolerance, trials, unit);
        if (plain.normal() || current == null || isProportion(MetricNames.canonical(metric)) || baseline.count() < 2 || current.count() < 2) {
            return plain;
        }
        double se = Math.sqrt(baseline.stddev() * baseline.stddev() / baseline.count() + current.stddev() * current.stddev() / current.count());
        double excess = Math.abs(current.mean() - plain.limit());
        if (se > 0 && Double.isFinite(se) && excess <= NOISE_SE * se) {
            return new MetricCheck(plain.metric(), baseline.mean(), current.mean(), plain.limit(), true, fmt(current.mean()) + " is "
                    + fmt(excess) + " past baseline " + fmt(baseline.mean()) + " ± " + pct(tolerance) + ", within " + fmt(NOISE_SE)
                    + " standard errors (" + fmt(se) + ") of sampling noise over " + current.count() + " and " + baseline.count() + " samples");
        }
        return plain;
    }

    static MetricCheck judge(String metric, double baseline, Double current, double tolerance, Long trials, RateUnit unit) {
        String m = MetricNames.canonical(metric);
        Direction direction = direction(m);
        double slack = Math.abs(baseline) * tolerance;
        double limit = direction == Direction.HIGHER_IS_BETTER ? baseline - slack : baseline + slack;
        if (current == null) return new MetricCheck(m, baseline, null, limit, false, "no samples in the check window");
        boolean inBand = switch (direction) {
            case LOWER_IS_BETTER -> current <= limit;
            case HIGHER_IS_BETTER -> current >= limit;
        };
        if (inBand) return new MetricCheck(m, baseline, current, limit, true, "within " + pct(tolerance) + " of baseline or better");
        if (isProportion(m) && trials != null) {
            double p = unit.toProbability(current);
            ConfidenceInterval ci = BinomialProportion.getWilsonScoreInterval((int) Math.min(Integer.MAX_VALUE, trials), p, 0.95);
            if (unit.toProbability(baseline) >= ci.getLowerBound()) {
                return new MetricCheck(m, baseline, current, limit, true, "baseline within the 95% Wilson interval ["
                        + fmt(unit.fromProbability(ci.getLowerBound())) + ", " + fmt(unit.fromProbability(ci.getUpperBound()))
                        + "] of " + trials + " requests");
            }
        }
        return new MetricCheck(m, baseline, current, limit, false, fmt(current) + " is outside baseline " + fmt(baseline) + " ± " + pct(tolerance));
    }

    static boolean isProportion(String metric) {
        return metric.endsWith("error_rate") || metric.endsWith("failure_rate");
    }

    private static Direction direction(String metric) {
        if (metric.equals(MetricNames.REQUEST_RATE)) return Direction.HIGHER_IS_BETTER;
        if (metric.contains("success") || metric.contains("throughput") || metric.contains("conversion")) return Direction.HIGHER_IS_BETTER;
        return Direction.LOWER_IS_BETTER;
    }

    private static String pct(double tolerance) {
        return fmt(tolerance * 100) + "%";
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }

    private enum Direction { LOWER_IS_BETTER, HIGHER_IS_BETTER }
}
