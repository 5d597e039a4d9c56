package dev.rewind.detect;

import dev.rewind.model.Observations;

import java.time.Instant;
import java.util.List;

/**
 * Latency as counts: how many requests are slower than the previous release's quantile. The null hypothesis is that
 * the new release is at most (1 + tolerance) times slower than the previous one throughout its distribution; then
 * its share of requests slower than a bucket bound {@code hi} is at most the previous release's share slower than
 * {@code hi / (1 + tolerance)}, and so at most its share slower than any bucket bound {@code lo} below that. So the
 * test counts the release's requests above {@code hi} against the reference's requests above {@code lo}, both exact
 * from the buckets, with no interpolation: {@code lo} is the highest bound at or below the previous release's
 * quantile (p95 for p95_latency_ms) and {@code hi} the lowest bound at or above (1 + tolerance) lo. With coarse
 * buckets hi may be twice lo or more, and then only a larger slowdown can show: the buckets set the resolution.
 */
final class SlowRequests implements EventStreams {
    private final String metric;
    private final double quantile;
    private final double tolerance;
    private LatencyHistogram release, control;
    private double lo = Double.NaN, hi = Double.NaN;

    SlowRequests(String metric, double tolerance) {
        this.metric = metric;
        this.quantile = LatencyHistogram.quantileOf(metric);
        this.tolerance = tolerance;
    }

    @Override
    public boolean hasControl(Observations o) {
        return LatencyHistogram.in(o, "") != null && LatencyHistogram.in(o, CountStream.CONTROL) != null;
    }

    @Override
    public boolean learn(Observations o, Instant from, Instant deploy) {
        release = LatencyHistogram.in(o, "");
        control = LatencyHistogram.in(o, CountStream.CONTROL);
        if (release == null) return false;
        // the quantile of the reference: the control's own past when it is a canary's, else the baseline
        LatencyHistogram reference = control != null ? control : release;
        double[] c = reference.cumulative(o, from.minusNanos(1), deploy.minusNanos(1));
        double total = c[c.length - 1];
        if (!(total > 0) && control != null) {
            c = release.cumulative(o, from.minusNanos(1), deploy.minusNanos(1));
            total = c[c.length - 1];
        }
        if (!(total > 0)) return false;
        double[] bounds = release.bounds();
        for (int i = 0; i < bounds.length; i++) if (c[i] < quantile * total) lo = bounds[i];
        // the quantile lies above the highest bound whose count is still below it; lo must leave room for hi
        if (Double.isNaN(lo)) return false;
        for (double b : bounds) {
            if (b >= (1 + tolerance) * lo) {
                hi = b;
                break;
            }
        }
        return !Double.isNaN(hi) && (control == null || contains(control, lo));
    }

    private static boolean contains(LatencyHistogram h, double bound) {
        for (double b : h.bounds()) if (b == bound) return true;
        return false;
    }

    @Override
    public List<Interval> baseline(Observations o, Instant from, Instant deploy) {
        return release.slowerThan(o, lo, from.minusNanos(1), deploy.minusNanos(1));
    }

    @Override
    public List<Interval> release(Observations o, Instant from, Instant to) {
        return release.slowerThan(o, hi, from, to);
    }

    @Override
    public List<Interval> control(Observations o, Instant from, Instant to) {
        return control.slowerThan(o, lo, from, to);
    }

    @Override
    public String exposureUnit() {
        return "requests";
    }

    @Override
    public String eventName() {
        return "requests slower than " + LatencyHistogram.seconds(hi) + " (reference: slower than " + LatencyHistogram.seconds(lo) + ", its p"
                + TriggerEvaluator.fmt(quantile * 100) + " bucket)";
    }

    @Override
    public double nullRatio() {
        return 1; // the tolerance is in the gap between lo and hi
    }

    @Override
    public String describe() {
        return metric;
    }
}
