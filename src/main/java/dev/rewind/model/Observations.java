package dev.rewind.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The metric series known for one release, keyed by canonical metric name. */
public record Observations(Map<String, MetricSeries> series) {

    public Observations {
        Map<String, MetricSeries> byCanonical = new LinkedHashMap<>();
        series.forEach((name, s) -> byCanonical.put(MetricNames.canonical(name), s));
        series = Map.copyOf(byCanonical);
    }

    public Optional<MetricSeries> get(String metric) {
        return Optional.ofNullable(series.get(MetricNames.canonical(metric)));
    }

    public Set<String> metrics() {
        return series.keySet();
    }
}
