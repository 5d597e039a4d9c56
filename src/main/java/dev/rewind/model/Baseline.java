package dev.rewind.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metric summary of the previous stable release over {@code baseline_window_minutes} (seed 001).
 *
 * @param version the release the baseline describes (the last good one)
 */
public record Baseline(String version, Instant from, Instant to, Map<String, MetricSummary> metrics) {

    public Baseline {
        metrics = Map.copyOf(metrics);
    }

    /** The baseline value of a metric for an aggregation, or null when the window had no samples of it. */
    public Double value(String metric, Aggregation aggregation) {
        MetricSummary s = metrics.get(MetricNames.canonical(metric));
        return s == null ? null : aggregation.apply(s);
    }

    /** Means per metric, in name order: what replay prints and reports show. */
    public Map<String, Double> means() {
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.keySet().stream().sorted().forEach(k -> out.put(k, metrics.get(k).mean()));
        return out;
    }
}
