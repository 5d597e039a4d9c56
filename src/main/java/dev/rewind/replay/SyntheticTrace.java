package dev.rewind.replay;

import dev.rewind.model.MetricNames;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;

/**
 * A generated healthy trace for benchmarks: the nine seed-001 metrics every {@code step}, with a daily traffic
 * cycle and noise, as CSV ({@code timestamp,metric,value}, epoch seconds). Seeded, so runs compare.
 */
public record SyntheticTrace(Instant start, Duration length, Duration step, long seed) {

    public static final String[] METRICS = {MetricNames.ERROR_RATE, MetricNames.P50_LATENCY, MetricNames.P95_LATENCY,
            MetricNames.P99_LATENCY, MetricNames.MEMORY, MetricNames.CPU, MetricNames.REQUEST_RATE,
            MetricNames.DB_CONNECTION_ERRORS, MetricNames.HEALTH_CHECK_FAILURES};

    public int rows() {
        return (int) (length.toSeconds() / step.toSeconds()) * METRICS.length;
    }

    public String csv() {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(rows() * 32).append("timestamp,metric,value\n");
        long steps = length.toSeconds() / step.toSeconds();
        for (long i = 0; i < steps; i++) {
            Instant at = start.plus(step.multipliedBy(i));
            double day = Math.sin(2 * Math.PI * (at.getEpochSecond() % 86_400) / 86_400.0);
            double traffic = 150 * (1 + 0.5 * day) * (1 + 0.05 * r.nextGaussian());
            double p95 = 280 * (1 + 0.1 * day) + 8 * r.nextGaussian();
            double[] values = {traffic * 60 * 0.00005 + 0.05 * Math.abs(r.nextGaussian()), p95 * 0.43, p95, p95 * 1.6,
                    45 + 2 * r.nextGaussian(), 30 * (1 + 0.4 * day) + 2 * r.nextGaussian(), traffic,
                    r.nextInt(20) == 0 ? 1 : 0, 0};
            for (int m = 0; m < METRICS.length; m++) {
                sb.append(at.getEpochSecond()).append(',').append(METRICS[m]).append(',')
                        .append(String.format(Locale.ROOT, "%.3f", values[m])).append('\n');
            }
        }
        return sb.toString();
    }
}
