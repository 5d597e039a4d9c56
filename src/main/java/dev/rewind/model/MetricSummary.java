package dev.rewind.model;

import java.util.List;

/** Summary statistics of the samples in a window. Built by {@link #of(List)}; empty windows have none. */
public record MetricSummary(int count, double mean, double sum, double min, double max, double stddev, double last) {

    /** Summarizes samples in time order; returns null for an empty list (missing data is not a zero). */
    public static MetricSummary of(List<Sample> samples) {
        if (samples.isEmpty()) return null;
        double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (Sample s : samples) {
            sum += s.value();
            min = Math.min(min, s.value());
            max = Math.max(max, s.value());
        }
        int n = samples.size();
        double mean = sum / n;
        double sq = 0;
        for (Sample s : samples) sq += (s.value() - mean) * (s.value() - mean);
        double stddev = n > 1 ? Math.sqrt(sq / (n - 1)) : 0.0;
        return new MetricSummary(n, mean, sum, min, max, stddev, samples.get(n - 1).value());
    }
}
