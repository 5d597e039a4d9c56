package dev.rewind.observe;

import dev.rewind.model.MetricSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where metrics come from: Prometheus, the demo's collector, a recorded trace. Small on purpose
 * (Flagger's RunQuery/IsOnline). Implementations throw {@link dev.rewind.model.UnreachableException}
 * when the system cannot be reached or refuses credentials; "no data" is an empty series, never an error.
 */
public interface MetricSource {

    /** Samples of {@code metric} for the release in {@code scope}, with {@code from < at <= to}. */
    MetricSeries range(MetricScope scope, String metric, Instant from, Instant to);

    /**
     * The same metric over the same span for many releases at once: what server mode reads when many checks fall due
     * together. A source that can ask for them all in one query (Prometheus: one PromQL query per metric over every
     * version) overrides this; the default asks once per release. Every scope of {@code scopes} is a key of the answer.
     */
    default Map<MetricScope, MetricSeries> rangeAll(String metric, List<MetricScope> scopes, Instant from, Instant to) {
        Map<MetricScope, MetricSeries> out = new LinkedHashMap<>();
        for (MetricScope scope : scopes) out.computeIfAbsent(scope, s -> range(s, metric, from, to));
        return out;
    }

    /**
     * Like {@link #range}, for a metric that may come as several series: a latency histogram's buckets come back as
     * {@code latency_bucket:<le>}, one per bound. Anything else is the one series under its own name.
     */
    default java.util.Map<String, MetricSeries> rangeAll(MetricScope scope, String metric, Instant from, Instant to) {
        return java.util.Map.of(metric, range(scope, metric, from, to));
    }

    /** Throws UnreachableException (with the cause) when the source is down or refuses credentials. */
    void checkOnline();

    /**
     * Whether this source knows how to read {@code metric} at all (Prometheus: it has a query for it). Checked when
     * a config loads, so a missing query is a start-up error rather than a surprise halfway through a rollback.
     */
    default boolean serves(String metric) {
        return true;
    }

    /**
     * The spacing of the samples it returns (Prometheus: its range step, or the scrape interval when that is
     * longer). A window shorter than this may hold no sample at all, so readers widen their windows to it.
     * ZERO when samples can come at any time.
     */
    default Duration resolution() {
        return Duration.ZERO;
    }
}
