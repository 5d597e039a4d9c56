package dev.rewind.integrations.prometheus;

import dev.rewind.model.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads the {@code data} of a successful /api/v1/query or /api/v1/query_range answer. One series is
 * expected: a query returning several (one per pod, say) must be aggregated, or the caller would get a
 * silently arbitrary one.
 */
final class PrometheusResponse {
    final List<Sample> samples = new ArrayList<>();
    int skipped;
    int seriesCount;

    private PrometheusResponse() {
    }

    static PrometheusResponse read(JsonNode data) {
        PrometheusResponse r = new PrometheusResponse();
        String type = data.path("resultType").asString("");
        JsonNode result = data.path("result");
        switch (type) {
            case "matrix" -> {
                r.seriesCount = result.size();
                for (JsonNode series : result) series.path("values").forEach(r::add);
            }
            case "vector" -> {
                r.seriesCount = result.size();
                for (JsonNode series : result) r.add(series.path("value"));
            }
            case "scalar" -> {
                r.seriesCount = 1;
                r.add(result);
            }
            default -> throw new IllegalArgumentException("expected a matrix, vector or scalar result, found '" + type + "'");
        }
        return r;
    }

    /**
     * A batch answer: one matrix series per value of {@code label}, each series' finite samples by that value. A
     * series without the label, or a second one with the same value, means the query does not keep one series per
     * release: that is the query's fault, not the data's.
     */
    static Map<String, PrometheusResponse> readByLabel(JsonNode data, String label) {
        String type = data.path("resultType").asString("");
        if (!type.equals("matrix")) throw new IllegalArgumentException("expected a matrix result, found '" + type + "'");
        Map<String, PrometheusResponse> out = new HashMap<>();
        for (JsonNode series : data.path("result")) {
            String value = series.path("metric").path(label).asString(null);
            if (value == null) throw new IllegalStateException("a series without the label '" + label + "': " + series.path("metric"));
            PrometheusResponse r = new PrometheusResponse();
            r.seriesCount = 1;
            series.path("values").forEach(r::add);
            if (out.putIfAbsent(value, r) != null) throw new IllegalStateException("two series with " + label + "=\"" + value + "\"");
        }
        return out;
    }

    /** A sample is [unix seconds as a number, value as a string]; the string may be NaN, +Inf or -Inf. */
    private void add(JsonNode pair) {
        if (!pair.isArray() || pair.size() != 2) throw new IllegalArgumentException("expected a [time, \"value\"] pair, found " + pair);
        double seconds = pair.get(0).asDouble();
        double value;
        try {
            value = Double.parseDouble(pair.get(1).asString().replace("Inf", "Infinity"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number as a string, found " + pair.get(1));
        }
        if (!Sample.plausible(value)) { // NaN, ±Inf, or a magnitude beyond 1e12 that would overflow a baseline: no data
            skipped++;
            return;
        }
        long millis = Math.round(seconds * 1000);
        samples.add(new Sample(Instant.ofEpochMilli(millis), value));
    }
}
