package dev.rewind.integrations.prometheus;

import dev.rewind.model.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
