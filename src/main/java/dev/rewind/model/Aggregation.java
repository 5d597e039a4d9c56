package dev.rewind.model;

/**
 * How a window of samples becomes one value. DESIGN.md §2: mean for rates, gauges and latencies; sum for counts.
 */
public enum Aggregation {
    MEAN, SUM, MAX, MIN, LAST;

    public double apply(MetricSummary summary) {
        return switch (this) {
            case MEAN -> summary.mean();
            case SUM -> summary.sum();
            case MAX -> summary.max();
            case MIN -> summary.min();
            case LAST -> summary.last();
        };
    }
}
