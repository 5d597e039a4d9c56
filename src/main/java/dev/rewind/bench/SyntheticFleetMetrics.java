package dev.rewind.bench;

import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Sample;
import dev.rewind.observe.MetricScope;
import dev.rewind.observe.MetricSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process metric source for many releases, shaped like what Prometheus answers for the default queries: a
 * sample every {@code resolution} on each release's own scrape phase, rates over the last minute (so neighbouring
 * samples share most of their counts, as {@code rate(x[1m])} does), Poisson error counts on each release's own
 * traffic (log-uniform up to 500 requests/s, with a daily cycle), noisy latencies and gauges. The new version of a release is
 * drawn from the same distribution as the previous one, so a healthy release is noise on noise; it has no database
 * connection errors and no failed health checks. A release told to {@link #degrade} fails from a known instant: 10% of its requests and about 30 database connection errors per
 * scrape, so the first scrape after the onset already breaches the database trigger ({@link #breachAt}).
 * <p>
 * Every value is a pure function of (release, metric, scrape index): any span can be asked for, in any order, from
 * any thread, with nothing stored but one small profile per release. It counts the reads it answers.
 */
public final class SyntheticFleetMetrics implements MetricSource {
    private static final long MINUTE_MS = 60_000;
    private static final List<String> METRICS = List.of(MetricNames.ERROR_RATE, MetricNames.P50_LATENCY, MetricNames.P95_LATENCY,
            MetricNames.P99_LATENCY, MetricNames.MEMORY, MetricNames.CPU, MetricNames.REQUEST_RATE, MetricNames.DB_CONNECTION_ERRORS,
            MetricNames.HEALTH_CHECK_FAILURES);

    private final long seed;
    private final long stepMs;
    private final Map<String, Version> versions = new ConcurrentHashMap<>();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong singleReads = new AtomicLong();

    private final double minRps;

    /** @param minRps the quietest release's traffic; the busiest has 500 requests/s, log-uniform between */
    public SyntheticFleetMetrics(long seed, Duration resolution, double minRps) {
        if (resolution.toMillis() < 1000) throw new IllegalArgumentException("resolution must be at least 1 s, got " + resolution);
        if (!(minRps > 0 && minRps <= 500)) throw new IllegalArgumentException("minRps must be in (0, 500], got " + minRps);
        this.seed = seed;
        this.stepMs = resolution.toMillis();
        this.minRps = minRps;
    }

    /** One release's shape: traffic, its usual error ratio and latency, the scrape phase; and when it starts failing. */
    private static final class Profile {
        final long id;
        final double requestsPerSecond, errorRatio, p50, memory, cpu;
        final long phaseMs;
        volatile long degradeFromMs = Long.MAX_VALUE;

        Profile(long id, long seed, long stepMs, double minRps) {
            this.id = id;
            double u = uniform(seed, id, 101, 0);
            requestsPerSecond = Math.exp(Math.log(minRps) + u * (Math.log(500) - Math.log(minRps)));
            errorRatio = 0.001 + 0.009 * uniform(seed, id, 102, 0);
            p50 = 40 + 160 * uniform(seed, id, 103, 0);
            memory = 35 + 40 * uniform(seed, id, 104, 0);
            cpu = 10 + 50 * uniform(seed, id, 105, 0);
            phaseMs = (long) (uniform(seed, id, 106, 0) * stepMs);
        }
    }

    /** A version of a release: the previous one or the new one (which exists only from its deploy on). */
    private record Version(Profile profile, boolean candidate, long deployedMs) {
    }

    /** Makes release {@code id} known under its previous and its new version. */
    public void release(long id, String previous, String candidate, Instant deployedAt) {
        Profile p = new Profile(id, seed, stepMs, minRps);
        versions.put(previous, new Version(p, false, Long.MIN_VALUE));
        versions.put(candidate, new Version(p, true, deployedAt.toEpochMilli()));
    }

    /** The new version of the release fails from {@code at} on. */
    public void degrade(String candidate, Instant at) {
        version(candidate).profile.degradeFromMs = at.toEpochMilli();
    }

    /** The first scrape of the failing version at or after the onset: the first sample that breaches a trigger. */
    public Instant breachAt(String candidate) {
        Version v = version(candidate);
        long first = firstScrapeAtOrAfter(v.profile, v.profile.degradeFromMs);
        return Instant.ofEpochMilli(first);
    }

    /** Reads answered: calls of {@link #rangeAll} and of {@link #range} from outside it. */
    public long reads() {
        return reads.get();
    }

    /** How many of {@link #reads()} asked for a single release ({@link #range} called directly). */
    public long singleReads() {
        return singleReads.get();
    }

    public List<String> metrics() {
        return METRICS;
    }

    @Override
    public MetricSeries range(MetricScope scope, String metric, Instant from, Instant to) {
        reads.incrementAndGet();
        singleReads.incrementAndGet();
        return series(scope, metric, from, to);
    }

    @Override
    public Map<MetricScope, MetricSeries> rangeAll(String metric, List<MetricScope> scopes, Instant from, Instant to) {
        reads.incrementAndGet();
        Map<MetricScope, MetricSeries> out = new LinkedHashMap<>();
        for (MetricScope s : scopes) out.computeIfAbsent(s, x -> series(x, metric, from, to));
        return out;
    }

    @Override
    public void checkOnline() {
    }

    @Override
    public boolean serves(String metric) {
        return METRICS.contains(MetricNames.canonical(metric));
    }

    @Override
    public Duration resolution() {
        return Duration.ofMillis(stepMs);
    }

    private MetricSeries series(MetricScope scope, String metric, Instant from, Instant to) {
        Version v = versions.get(scope.version());
        String name = MetricNames.canonical(metric);
        if (v == null) return new MetricSeries(name, List.of());
        int kind = METRICS.indexOf(name);
        long lo = Math.max(from.toEpochMilli() + 1, v.deployedMs); // from < at <= to, and nothing before the deploy
        long t = firstScrapeAtOrAfter(v.profile, lo);
        List<Sample> samples = new ArrayList<>();
        for (long end = to.toEpochMilli(); t <= end; t += stepMs) {
            double value = value(v, kind, t);
            samples.add(new Sample(Instant.ofEpochMilli(t), value));
        }
        return new MetricSeries(name, samples);
    }

    private long firstScrapeAtOrAfter(Profile p, long ms) {
        long k = Math.floorDiv(ms - p.phaseMs + stepMs - 1, stepMs);
        return k * stepMs + p.phaseMs;
    }

    private double value(Version v, int kind, long t) {
        Profile p = v.profile;
        long k = Math.floorDiv(t - p.phaseMs, stepMs);
        double traffic = p.requestsPerSecond * (1 + 0.3 * Math.sin(2 * Math.PI * (t % 86_400_000L) / 86_400_000.0 + p.id));
        return switch (kind) {
            case 0 -> errorRate(v, t, k, traffic);
            case 1 -> p.p50 * (1 + 0.05 * gaussian(seed, p.id, kind, k));
            case 2 -> p.p50 * 2.5 * (1 + 0.08 * gaussian(seed, p.id, kind, k));
            case 3 -> p.p50 * 4 * (1 + 0.12 * gaussian(seed, p.id, kind, k));
            case 4 -> Math.min(100, p.memory + 1.5 * gaussian(seed, p.id, kind, k));
            case 5 -> Math.max(0, p.cpu * (1 + 0.1 * gaussian(seed, p.id, kind, k)));
            case 6 -> Math.max(0, traffic * (1 + 0.03 * gaussian(seed, p.id, kind, k)));
            // a healthy release has no connection errors: summed over a window, every increase[1m] sample counts each
            // error again (60 s / step times), so one stray error would read as several (see BENCHMARKS.md)
            case 7 -> lastMinute(v, kind, t, k, 0, 30);
            case 8 -> lastMinute(v, kind, t, k, 0, 0); // a healthy release passes its health checks
            default -> throw new IllegalStateException("no metric " + kind);
        };
    }

    /** Errors over requests in the minute before {@code t}: each scrape interval's errors are a Poisson count. */
    private double errorRate(Version v, long t, long k, double traffic) {
        Profile p = v.profile;
        int intervals = (int) Math.max(1, MINUTE_MS / stepMs);
        double requestsPerInterval = traffic * stepMs / 1000.0;
        long errors = 0;
        for (int i = 0; i < intervals; i++) {
            long ti = t - i * stepMs;
            double ratio = failing(v, ti) ? 0.10 : p.errorRatio;
            errors += poisson(ratio * requestsPerInterval, seed, p.id, 0, k - i);
        }
        return errors / (requestsPerInterval * intervals);
    }

    /** An {@code increase(x[1m])}: the counts of the scrape intervals in the minute before {@code t}. */
    private double lastMinute(Version v, int kind, long t, long k, double perInterval, double failingPerInterval) {
        int intervals = (int) Math.max(1, MINUTE_MS / stepMs);
        long sum = 0;
        for (int i = 0; i < intervals; i++) {
            double mean = failing(v, t - i * stepMs) && failingPerInterval > 0 ? failingPerInterval : perInterval;
            sum += poisson(mean, seed, v.profile.id, kind, k - i);
        }
        return sum;
    }

    private static boolean failing(Version v, long t) {
        return v.candidate && t >= v.profile.degradeFromMs;
    }

    private Version version(String candidate) {
        Version v = versions.get(candidate);
        if (v == null || !v.candidate) throw new IllegalArgumentException("no release has the new version " + candidate);
        return v;
    }

    // ---- noise: a hash of (seed, release, metric, scrape), so any sample can be made again alone ----

    static double uniform(long seed, long id, int kind, long k) {
        long h = mix(seed ^ mix(id * 0x9E3779B97F4A7C15L + kind) ^ (k * 0xC2B2AE3D27D4EB4FL));
        return ((h >>> 11) + 0.5) * 0x1.0p-53;
    }

    static double gaussian(long seed, long id, int kind, long k) {
        double u1 = uniform(seed, id, kind, k), u2 = uniform(seed, id, kind + 1000, k);
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Knuth's method for small means, a rounded normal above 30. */
    static long poisson(double mean, long seed, long id, int kind, long k) {
        if (mean <= 0) return 0;
        if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(seed, id, kind + 2000, k)));
        double limit = Math.exp(-mean), product = 1;
        long n = -1;
        int draw = 0;
        do {
            n++;
            product *= uniform(seed, id, kind + 3000 + draw++, k);
        } while (product > limit && draw < 200);
        return n;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
