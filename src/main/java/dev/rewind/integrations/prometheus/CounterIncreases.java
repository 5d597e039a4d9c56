package dev.rewind.integrations.prometheus;

import dev.rewind.model.MetricSeries;
import dev.rewind.model.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * A raw counter's samples (an instant query of {@code selector[range]}) turned into each scrape's increase, summed over
 * the series (per {@code le} for a histogram's buckets): the events of every scrape as it lands, which a smoothed
 * {@code rate()} would spread over its window and, for a series that appears mid-window (the first 5xx), miss at first.
 * <ul>
 *   <li>A drop is a counter reset (a restart): the increase is the new value.</li>
 *   <li>A series whose first sample comes long after the range starts was created inside it (a client creates a
 *   labelled series at its first increment): its first value is an increase from zero. "Long" is half the margin
 *   read before {@code from}, at least minutes, so a slow scrape is not mistaken for a new series.</li>
 * </ul>
 */
final class CounterIncreases {
    private CounterIncreases() {
    }

    /**
     * @param data       the {@code data} of the query's answer (a matrix)
     * @param name       the metric name to give the result; with {@code byLe}, {@code name:<le>} per bucket
     * @param rangeStart where the query's range began (before {@code from} by the margin)
     */
    static Map<String, MetricSeries> of(JsonNode data, String name, boolean byLe, Instant rangeStart, Duration margin, Instant from, Instant to) {
        if (!"matrix".equals(data.path("resultType").asString(""))) {
            throw new IllegalArgumentException("expected a matrix of raw samples, found '" + data.path("resultType").asString("") + "'");
        }
        Map<String, TreeMap<Instant, Double>> sums = new TreeMap<>();
        Instant createdAfter = rangeStart.plus(margin.dividedBy(2));
        for (JsonNode series : data.path("result")) {
            String key = byLe ? name + ":" + series.path("metric").path("le").asString("") : name;
            TreeMap<Instant, Double> sum = sums.computeIfAbsent(key, k -> new TreeMap<>());
            List<Sample> samples = samples(series.path("values"));
            for (int i = 0; i < samples.size(); i++) {
                Sample s = samples.get(i);
                double increase;
                if (i == 0) {
                    if (!s.at().isAfter(createdAfter)) continue; // an old series: its first value is history, not an increase
                    increase = s.value();
                } else {
                    double before = samples.get(i - 1).value();
                    increase = s.value() >= before ? s.value() - before : s.value();
                }
                if (s.at().isAfter(from) && !s.at().isAfter(to)) sum.merge(s.at(), increase, Double::sum);
            }
        }
        Map<String, MetricSeries> out = new TreeMap<>();
        sums.forEach((k, v) -> {
            List<Sample> list = new ArrayList<>();
            v.forEach((at, x) -> list.add(new Sample(at, x)));
            out.put(k, new MetricSeries(k, list));
        });
        if (!byLe && out.isEmpty()) out.put(name, new MetricSeries(name, List.of()));
        return out;
    }

    /** Per-step increases from a range query of {@code sum [by (le)] (increase(selector[step]))}. */
    static Map<String, MetricSeries> ofSteps(JsonNode data, String name, boolean byLe) {
        Map<String, MetricSeries> out = new TreeMap<>();
        for (JsonNode series : data.path("result")) {
            String key = byLe ? name + ":" + series.path("metric").path("le").asString("") : name;
            out.put(key, new MetricSeries(key, samples(series.path("values"))));
        }
        if (!byLe && out.isEmpty()) out.put(name, new MetricSeries(name, List.of()));
        return out;
    }

    private static List<Sample> samples(JsonNode values) {
        List<Sample> out = new ArrayList<>();
        for (JsonNode pair : values) {
            if (!pair.isArray() || pair.size() != 2) throw new IllegalArgumentException("expected a [time, \"value\"] pair, found " + pair);
            double value;
            try {
                value = Double.parseDouble(pair.get(1).asString().replace("Inf", "Infinity"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a number as a string, found " + pair.get(1));
            }
            if (Double.isFinite(value) && value >= 0) out.add(new Sample(Instant.ofEpochMilli(Math.round(pair.get(0).asDouble() * 1000)), value));
        }
        out.sort(null);
        return out;
    }
}
