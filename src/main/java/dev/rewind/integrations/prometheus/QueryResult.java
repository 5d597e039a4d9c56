package dev.rewind.integrations.prometheus;

import dev.rewind.model.MetricSeries;

/**
 * One query's answer: the finite samples, plus how many samples were NaN, infinite or beyond ±1e12 and skipped
 * (0/0 during a traffic gap gives NaN: not data, but a caller may want to know it happened).
 *
 * @param promql the query as sent, for logs and reports
 */
public record QueryResult(String promql, MetricSeries series, int skippedNonFinite) {

    public boolean noData() {
        return series.isEmpty();
    }
}
