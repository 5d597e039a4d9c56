package dev.rewind.replay;

import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Observations;
import dev.rewind.model.Release;
import dev.rewind.model.Sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * One simulated release as a replay trace in seed 001's units: {@code request_rate} in requests per second and
 * {@code error_rate} in errors per minute, one sample per {@code step}, {@code history} of the previous release before
 * the deploy and {@code watch} of the new one after it. Requests per sample follow the traffic shape with Poisson
 * noise; each request fails with {@code errorProbability} before the deploy and {@code effect} times that after it
 * (binomial, drawn exactly). Optionally a latency histogram ({@code latency_bucket:<le>}, requests per sample at or
 * under each bound) from log-normal latencies whose median is {@code latencyEffect} times slower after the deploy.
 * The same seed gives the same trace (java.util.random, L64X128MixRandom).
 */
public record ReleaseSimulation(TrafficShape shape, double requestsPerMinute, double errorProbability, double effect,
                                Duration history, Duration watch, Duration step, Instant deployedAt, long seed, Latency latency) {

    /** Traffic relative to its mean at a sample (index from the start of the trace, time of its end). */
    @FunctionalInterface
    public interface TrafficShape {
        double factor(int index, Instant at);

        static TrafficShape constant() {
            return (i, at) -> 1;
        }

        /** Daily cycle: 1 + amplitude sin(time of day), its low at 06:00 UTC. */
        static TrafficShape daily(double amplitude) {
            return (i, at) -> 1 + amplitude * Math.sin(2 * Math.PI * ((at.getEpochSecond() % 86_400) / 86_400.0 - 0.5));
        }

        /** Traffic growing by {@code perDay} times its level each day (3.0: tripling daily), normalised to 1 at the deploy. */
        static TrafficShape growth(double perDay, Instant deployedAt) {
            return (i, at) -> Math.pow(perDay, Duration.between(deployedAt, at).toSeconds() / 86_400.0);
        }

        /**
         * A recorded curve (NAB's ELB request counts, say) as traffic: the sample at index i reads the curve at
         * {@code start + i * valuesPerSample}, linearly between its points, relative to the whole curve's mean, so a
         * 5-minute trace drives 1-minute samples at 0.2 values each. Past its end it stays at the last value.
         */
        static TrafficShape recorded(double[] values, double start, double valuesPerSample) {
            double sum = 0;
            for (double v : values) sum += v;
            double mean = sum / values.length;
            if (!(mean > 0)) throw new IllegalArgumentException("a recorded traffic curve needs a positive mean");
            return (i, at) -> {
                double x = Math.min(values.length - 1, Math.max(0, start + i * valuesPerSample));
                int lo = (int) Math.floor(x), hi = Math.min(values.length - 1, lo + 1);
                return (values[lo] + (x - lo) * (values[hi] - values[lo])) / mean;
            };
        }

        /** A recorded shape (values per sample, mean 1), read from {@code offset} on and wrapping around. */
        static TrafficShape trace(double[] values, int offset) {
            double mean = 0;
            for (double v : values) mean += v;
            double m = mean / values.length;
            return (i, at) -> values[Math.floorMod(offset + i, values.length)] / m;
        }
    }

    /** Log-normal request latencies: median {@code medianMs} (times {@code effect} after the deploy), spread {@code sigma}. */
    public record Latency(double medianMs, double sigma, double effect, double[] boundsSeconds) {
        public static final double[] PROMETHEUS_DEFAULT = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

        /** Buckets 10% apart from 10 ms to 10 s: fine enough to see a 15% slowdown of a quantile. */
        public static double[] fine() {
            List<Double> b = new ArrayList<>();
            for (double x = 0.01; x <= 10; x *= 1.1) b.add(Math.round(x * 1e6) / 1e6);
            return b.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    public Release release() {
        return new Release("sim", "sim", "new", "previous", deployedAt, List.of(), null, 100, null);
    }

    public Observations observations() {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        int before = (int) (history.toMillis() / step.toMillis());
        int after = (int) (watch.toMillis() / step.toMillis());
        double seconds = step.toMillis() / 1000.0;
        Map<String, List<Sample>> out = new LinkedHashMap<>();
        Instant first = deployedAt.minus(step.multipliedBy(before)).plus(step.dividedBy(2)); // deploys land between samples
        for (int i = 0; i < before + after; i++) {
            Instant at = first.plus(step.multipliedBy(i));
            boolean released = at.isAfter(deployedAt);
            double mean = requestsPerMinute * seconds / 60 * Math.max(0, shape.factor(i, at));
            long requests = Draws.poisson(random, mean);
            double p = Math.min(1, errorProbability * (released ? effect : 1));
            long errors = Draws.binomial(random, requests, p);
            add(out, MetricNames.REQUEST_RATE, at, requests / seconds);
            add(out, MetricNames.ERROR_RATE, at, errors / (seconds / 60));
            if (latency != null) latencySamples(out, random, at, requests, released ? latency.effect() : 1);
        }
        Map<String, MetricSeries> series = new LinkedHashMap<>();
        out.forEach((k, v) -> series.put(k, new MetricSeries(k, v)));
        return new Observations(series);
    }

    /** The histogram buckets of one sample, and its p95 as the histogram's own interpolation would give it. */
    private void latencySamples(Map<String, List<Sample>> out, RandomGenerator random, Instant at, long requests, double slower) {
        double[] bounds = latency.boundsSeconds();
        double logMedian = Math.log(latency.medianMs() * slower / 1000);
        long remaining = requests, cumulative = 0;
        double below = 0;
        long[] cum = new long[bounds.length];
        for (int b = 0; b < bounds.length; b++) {
            double upTo = Draws.normalCdf((Math.log(bounds[b]) - logMedian) / latency.sigma());
            double share = below >= 1 ? 0 : Math.min(1, Math.max(0, (upTo - below) / (1 - below)));
            long inBucket = Draws.binomial(random, remaining, share);
            remaining -= inBucket;
            cumulative += inBucket;
            below = upTo;
            cum[b] = cumulative;
            add(out, "latency_bucket:" + bounds[b], at, cumulative);
        }
        add(out, "latency_bucket:+Inf", at, requests);
        add(out, MetricNames.P95_LATENCY, at, quantileMs(bounds, cum, requests, 0.95));
    }

    private static double quantileMs(double[] bounds, long[] cum, long total, double q) {
        if (total == 0) return Double.NaN;
        double rank = q * total;
        double lower = 0, lowerCount = 0;
        for (int b = 0; b < bounds.length; b++) {
            if (cum[b] >= rank) return 1000 * (lower + (bounds[b] - lower) * (rank - lowerCount) / Math.max(1, cum[b] - lowerCount));
            lower = bounds[b];
            lowerCount = cum[b];
        }
        return 1000 * bounds[bounds.length - 1];
    }

    private static void add(Map<String, List<Sample>> out, String metric, Instant at, double value) {
        out.computeIfAbsent(metric, k -> new ArrayList<>()).add(new Sample(at, value));
    }
}
