package dev.rewind.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** The samples of one metric in time order. Window look-ups are binary searches, so replaying long traces stays cheap. */
public record MetricSeries(String metric, List<Sample> samples) {

    public MetricSeries {
        Objects.requireNonNull(metric, "metric");
        List<Sample> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        samples = List.copyOf(sorted);
    }

    /** Samples with {@code from < at <= to}: the trailing window ending at {@code to}. */
    public List<Sample> window(Instant from, Instant to) {
        int lo = firstAfter(from);
        int hi = firstAfter(to);
        return samples.subList(lo, Math.max(lo, hi));
    }

    /** Samples with {@code from <= at < to}: used for the baseline, which ends just before the deploy. */
    public List<Sample> between(Instant from, Instant to) {
        int lo = firstAtOrAfter(from);
        int hi = firstAtOrAfter(to);
        return samples.subList(lo, Math.max(lo, hi));
    }

    public boolean isEmpty() {
        return samples.isEmpty();
    }

    private int firstAfter(Instant t) {
        int lo = 0, hi = samples.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (samples.get(mid).at().isAfter(t)) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    private int firstAtOrAfter(Instant t) {
        int lo = 0, hi = samples.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (samples.get(mid).at().isBefore(t)) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
