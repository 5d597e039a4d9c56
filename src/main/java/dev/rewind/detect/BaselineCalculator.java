package dev.rewind.detect;

import dev.rewind.model.Baseline;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.MetricSummary;
import dev.rewind.model.Observations;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The previous stable release's summary over {@code [deployedAt - window, deployedAt)}: the deploy itself is not in it. */
public final class BaselineCalculator {

    public Baseline calculate(Observations observations, String previousVersion, Instant deployedAt, Duration window) {
        Instant from = deployedAt.minus(window);
        Map<String, MetricSummary> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, MetricSeries> e : observations.series().entrySet()) {
            MetricSummary s = MetricSummary.of(e.getValue().between(from, deployedAt));
            if (s != null) metrics.put(e.getKey(), s); // a metric without samples has no baseline, not a zero one
        }
        return new Baseline(previousVersion, from, deployedAt, metrics);
    }
}
