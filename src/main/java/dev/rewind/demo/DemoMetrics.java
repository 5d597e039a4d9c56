package dev.rewind.demo;

import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Sample;
import dev.rewind.observe.MetricScope;
import dev.rewind.observe.MetricSource;
import dev.rewind.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The demo's metric store: per version, one bucket per second of real traffic seen by the router, plus
 * what the services report about themselves (memory, DB connection errors) and health probe results.
 * A bucket's sample is stamped at the bucket's end and only served once the bucket is complete.
 *
 * <p>error_rate is in percent of requests; latencies in ms; request_rate in requests/s. request_count
 * and error_count are there for verification's binomial intervals.
 */
public final class DemoMetrics implements MetricSource, DemoRouter.RequestRecorder {
    public static final String REQUEST_COUNT = "request_count";
    public static final String ERROR_COUNT = "error_count";
    /** One bucket, one sample, per second of traffic. */
    public static final Duration RESOLUTION = Duration.ofSeconds(1);

    private final TimeSource time;
    private final Map<String, NavigableMap<Long, Bucket>> byVersion = new ConcurrentHashMap<>();

    public DemoMetrics(TimeSource time) {
        this.time = time;
    }

    @Override
    public void record(String version, int status, long latencyNanos) {
        if (version == null) return;
        bucket(version).addRequest(status >= 500, latencyNanos / 1_000_000.0);
    }

    void recordService(String version, double memoryPercent, long dbErrorsTotal) {
        bucket(version).service(memoryPercent, dbErrorsTotal);
    }

    void recordHealth(String version, boolean healthy) {
        bucket(version).health(healthy);
    }

    private Bucket bucket(String version) {
        long second = time.now().getEpochSecond();
        return byVersion.computeIfAbsent(version, v -> new ConcurrentSkipListMap<>()).computeIfAbsent(second, s -> new Bucket());
    }

    @Override
    public MetricSeries range(MetricScope scope, String metric, Instant from, Instant to) {
        String name = MetricNames.canonical(metric);
        NavigableMap<Long, Bucket> buckets = byVersion.getOrDefault(scope.version(), new ConcurrentSkipListMap<>());
        long completeBefore = time.now().getEpochSecond();
        List<Sample> samples = new ArrayList<>();
        long prevDbTotal = -1;
        Long lowKey = buckets.floorKey(from.getEpochSecond() - 1);
        for (var e : buckets.tailMap(lowKey == null ? Long.MIN_VALUE : lowKey, true).entrySet()) {
            long second = e.getKey();
            Bucket b = e.getValue();
            long dbTotal = b.dbErrorsTotal();
            long dbDelta = prevDbTotal < 0 || dbTotal < 0 ? 0 : Math.max(0, dbTotal - prevDbTotal);
            if (dbTotal >= 0) prevDbTotal = dbTotal;
            Instant end = Instant.ofEpochSecond(second + 1);
            if (second >= completeBefore || !end.isAfter(from) || end.isAfter(to)) continue;
            Double v = b.value(name, dbDelta);
            if (v != null) samples.add(new Sample(end, v));
        }
        return new MetricSeries(name, samples);
    }

    @Override
    public void checkOnline() {
        // in-process: always there
    }

    /** Totals of proxied requests served by a version in [from, to): for the report's impact figures. */
    public long[] requestsAndErrors(String version, Instant from, Instant to) {
        long n = 0, err = 0;
        for (var e : byVersion.getOrDefault(version, new ConcurrentSkipListMap<>())
                .subMap(from.getEpochSecond(), true, to.getEpochSecond(), false).values()) {
            n += e.count;
            err += e.errors;
        }
        return new long[] {n, err};
    }

    private static final class Bucket {
        private int count;
        private int errors;
        private double[] latencies = new double[64];
        private Double memory;
        private long dbErrorsTotal = -1;
        private int healthChecks;
        private int healthFailures;

        synchronized void addRequest(boolean error, double latencyMs) {
            if (count == latencies.length) latencies = Arrays.copyOf(latencies, count * 2);
            latencies[count++] = latencyMs;
            if (error) errors++;
        }

        synchronized void service(double memoryPercent, long dbTotal) {
            memory = memoryPercent;
            dbErrorsTotal = dbTotal;
        }

        synchronized void health(boolean healthy) {
            healthChecks++;
            if (!healthy) healthFailures++;
        }

        synchronized long dbErrorsTotal() {
            return dbErrorsTotal;
        }

        synchronized Double value(String metric, long dbDelta) {
            return switch (metric) {
                case MetricNames.ERROR_RATE -> count == 0 ? null : 100.0 * errors / count;
                case MetricNames.P50_LATENCY -> percentile(50);
                case MetricNames.P95_LATENCY -> percentile(95);
                case MetricNames.P99_LATENCY -> percentile(99);
                case MetricNames.REQUEST_RATE -> (double) count;
                case REQUEST_COUNT -> (double) count;
                case ERROR_COUNT -> (double) errors;
                case MetricNames.MEMORY -> memory;
                case MetricNames.DB_CONNECTION_ERRORS -> dbErrorsTotal < 0 ? null : (double) dbDelta;
                case MetricNames.HEALTH_CHECK_FAILURES -> healthChecks == 0 ? null : (double) healthFailures;
                default -> null;
            };
        }

        private Double percentile(int p) {
            if (count == 0) return null;
            double[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100.0 * count) - 1;
            return sorted[Math.max(0, Math.min(count - 1, rank))];
        }
    }
}
