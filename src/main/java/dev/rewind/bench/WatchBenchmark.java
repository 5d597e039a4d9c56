package dev.rewind.bench;

import dev.rewind.act.Actuators;
import dev.rewind.act.Strategy;
import dev.rewind.config.DefaultPolicy;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.config.ServerConfig;
import dev.rewind.controller.Fleet;
import dev.rewind.controller.FleetEnvironment;
import dev.rewind.controller.FleetListener;
import dev.rewind.controller.FleetSettings;
import dev.rewind.controller.Registration;
import dev.rewind.controller.ReleaseWatcher;
import dev.rewind.integrations.builtin.BuiltinFlagStore;
import dev.rewind.model.Decision;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.VerificationPolicy;
import dev.rewind.server.ServerRuntime;
import dev.rewind.store.ReleaseRecord;
import dev.rewind.store.RewindStore;
import dev.rewind.time.SystemTimeSource;
import dev.rewind.time.TimeSource;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@code rewind bench watch}: the engine {@code serve} runs ({@link ServerRuntime}: the fleet, its 100 ms scheduler,
 * its check pool, the event stream, the HTTP server) watching many live releases with seed 001's triggers, on wall
 * clock time, against {@link SyntheticFleetMetrics}. Each release is its own environment and service. After every
 * watch has started, it measures for a fixed time: checks per second, the process's CPU time, the heap (peak used,
 * and live after a full collection), how late checks ran, and for the releases that fail at known instants, the
 * delay from the first breaching sample to the rollback decision. Healthy releases that were rolled back are counted.
 */
public final class WatchBenchmark {
    /**
     * @param degrading the share of releases that fail during the measurement, at instants spread over it
     */
    public record Settings(int releases, Duration interval, Duration duration, Duration resolution, double degrading, double minRps, long seed,
                           Path dir) {
        public Settings {
            if (releases < 1 || releases > 200_000) throw new IllegalArgumentException("releases: expected 1..200000, found " + releases);
            if (!(degrading >= 0 && degrading <= 1)) throw new IllegalArgumentException("degrading: expected 0..1, found " + degrading);
            if (interval.toMillis() < 100 || duration.toMillis() < 100) throw new IllegalArgumentException("interval and duration must be at least 100 ms");
        }
    }

    /** What was measured, over the measured span only (registration and start-up excluded). */
    public record Result(Settings settings, int metricsPerCheck, double registerSeconds, double startSeconds, double measuredSeconds, long checks,
                         long reads, long singleReads, double cpuSeconds, long peakHeapBytes, long liveHeapBytes, long maxHeapBytes,
                         long gcCount, double gcSeconds, Percentiles lagMs, int degraded, int decided, Percentiles delaySeconds,
                         List<String> falseRollbacks, int watchingAtEnd) {
        public double checksPerSecond() {
            return checks / measuredSeconds;
        }

        public double cores() {
            return cpuSeconds / measuredSeconds;
        }

        /** Every failing release decided, and no healthy one rolled back. */
        public boolean correct() {
            return decided == degraded && falseRollbacks.isEmpty();
        }
    }

    /** p50, p99 and max of a measured quantity; NaN when nothing was measured. */
    public record Percentiles(long count, double p50, double p99, double max) {
        static Percentiles of(List<Double> values) {
            if (values.isEmpty()) return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN);
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Percentiles(v.length, at(v, 0.50), at(v, 0.99), v[v.length - 1]);
        }

        private static double at(double[] sorted, double q) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
        }
    }

    private final Settings settings;
    private final TimeSource time = new SystemTimeSource();
    private final SyntheticFleetMetrics metrics;
    private final Map<String, Instant> decided = new ConcurrentHashMap<>();
    private final Map<String, String> decidedBy = new ConcurrentHashMap<>();
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean measuring = new AtomicBoolean();
    private final AtomicLong checks = new AtomicLong();
    private final LagHistogram lag = new LagHistogram();

    public WatchBenchmark(Settings settings) {
        this.settings = settings;
        this.metrics = new SyntheticFleetMetrics(settings.seed(), settings.resolution(), settings.minRps());
    }

    public Result run(Consumer<String> progress) throws InterruptedException {
        RollbackPolicy policy = new RollbackPolicy(true, settings.interval(), DefaultPolicy.BASELINE_WINDOW, DefaultPolicy.triggers(),
                DefaultPolicy.MAX_ROLLBACK_ATTEMPTS, DefaultPolicy.HEALTH_CHECK_TIMEOUT, null, VerificationPolicy.SEED_000);
        BuiltinFlagStore flags = new BuiltinFlagStore();
        Map<String, FleetEnvironment> environments = new LinkedHashMap<>();
        for (int i = 0; i < settings.releases(); i++) {
            EnvironmentConfig cfg = new EnvironmentConfig(env(i), "svc-" + i, "feature_flag", false, "flag-" + i, null, null, null, null, null,
                    List.of(), List.of(), "bench", 0);
            flags.define("flag-" + i, true);
            environments.put(env(i), new FleetEnvironment(cfg, Strategy.FEATURE_FLAG, Optional.of(metrics), Actuators.none().withFlags(flags), policy));
        }
        try (RewindStore store = RewindStore.open(settings.dir().resolve("rewind.db"));
             ServerRuntime runtime = ServerRuntime.start(store, environments, FleetSettings.defaults(settings.dir().resolve("out")), time,
                     "127.0.0.1", 0, ServerConfig.DEFAULTS.maxBodyBytes(), List.of(new Recorder()), List.of())) {
            Fleet fleet = runtime.fleet();
            Instant t0 = time.now();
            register(fleet, progress);
            double registerSeconds = seconds(t0, time.now());
            progress.accept(String.format(java.util.Locale.ROOT, "registered %,d releases in %.1f s; waiting for every watch to start", settings.releases(), registerSeconds));
            awaitStarted(progress);
            double startSeconds = seconds(t0, time.now()) - registerSeconds;
            // one more interval, so the check phases and the JIT have settled before anything is counted
            pause(settings.interval());
            return measure(fleet, new ReleaseWatcher(metrics, policy, time).watchedMetrics().size(), registerSeconds, startSeconds, progress);
        }
    }

    private static String env(int i) {
        return "env-" + i;
    }

    private static String previous(int i) {
        return "1." + i + ".0";
    }

    private static String candidate(int i) {
        return "1." + i + ".1";
    }

    /**
     * Deploys arrive spread over at least one interval, so checks do not all fall due on the same tick; four at a
     * time, as several pipelines would call the API.
     */
    private void register(Fleet fleet, Consumer<String> progress) throws InterruptedException {
        Instant start = time.now();
        long spreadNanos = settings.interval().toNanos();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failure = new java.util.concurrent.atomic.AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            workers.add(Thread.ofPlatform().name("bench-register-" + w).start(() -> {
                for (int i = next.getAndIncrement(); i < settings.releases() && failure.get() == null; i = next.getAndIncrement()) {
                    Duration wait = Duration.between(time.now(), start.plusNanos(spreadNanos * i / settings.releases()));
                    try {
                        if (wait.isPositive()) pause(wait);
                        Instant now = time.now();
                        metrics.release(i, previous(i), candidate(i), now);
                        fleet.register(new Registration(env(i), candidate(i), previous(i), now, List.of(), null, ""), null, "bench");
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                    if ((i + 1) % 10_000 == 0) progress.accept(String.format(java.util.Locale.ROOT, "registered %,d", i + 1));
                }
            }));
        }
        for (Thread t : workers) t.join();
        if (failure.get() != null) throw new IllegalStateException("a registration failed: " + failure.get().getMessage(), failure.get());
    }

    private void awaitStarted(Consumer<String> progress) throws InterruptedException {
        Instant limit = time.now().plus(Duration.ofMinutes(10));
        while (started.size() < settings.releases()) {
            if (time.now().isAfter(limit)) {
                throw new IllegalStateException("only " + started.size() + " of " + settings.releases() + " watches had a check within 10 min");
            }
            pause(Duration.ofMillis(50));
        }
    }

    private Result measure(Fleet fleet, int metricsPerCheck, double registerSeconds, double startSeconds, Consumer<String> progress) throws InterruptedException {
        List<Integer> failing = chooseFailing();
        Instant begin = time.now();
        long spanMs = settings.duration().toMillis();
        long latestOnsetMs = Math.max(0, spanMs - 2 * settings.interval().toMillis()); // leaves time to decide within the span
        Random random = new Random(settings.seed() + 1);
        for (int i : failing) metrics.degrade(candidate(i), begin.plusMillis((long) (latestOnsetMs * random.nextDouble())));

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long gc0 = gcCount(), gcMs0 = gcMillis(), reads0 = metrics.reads(), single0 = metrics.singleReads();
        long cpu0 = os.getProcessCpuTime();
        Instant wall0 = time.now();
        checks.set(0);
        measuring.set(true);
        progress.accept(String.format(java.util.Locale.ROOT, "every watch has started; measuring for %d s, %d releases fail during it",
                settings.duration().toSeconds(), failing.size()));
        pause(settings.duration());
        measuring.set(false);
        long cpu1 = os.getProcessCpuTime();
        Instant wall1 = time.now();
        long gc1 = gcCount(), gcMs1 = gcMillis(), reads1 = metrics.reads(), single1 = metrics.singleReads();
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long checked = checks.get();
        Percentiles lags = lag.percentiles();

        // a failing release decided just after the span still counts; one not decided within two more intervals is missed
        Instant grace = time.now().plus(settings.interval().multipliedBy(2));
        while (time.now().isBefore(grace) && failing.stream().anyMatch(i -> !decided.containsKey(candidate(i)))) pause(Duration.ofMillis(20));
        List<Double> delays = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        Set<String> failingVersions = failing.stream().map(WatchBenchmark::candidate).collect(Collectors.toSet());
        int decidedFailing = 0;
        for (var e : decided.entrySet()) {
            String version = e.getKey();
            if (!failingVersions.contains(version)) {
                wrong.add(version + " (" + decidedBy.get(version) + ")");
                continue;
            }
            Instant breach = metrics.breachAt(version);
            if (e.getValue().isBefore(breach)) {
                wrong.add(version + " before its fault (" + decidedBy.get(version) + ")");
                continue;
            }
            decidedFailing++;
            delays.add(Duration.between(breach, e.getValue()).toNanos() / 1e9);
        }
        int watching = fleet.watching().size();
        System.gc();
        System.gc();
        long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new Result(settings, metricsPerCheck, registerSeconds, startSeconds, seconds(wall0, wall1), checked, reads1 - reads0, single1 - single0,
                (cpu1 - cpu0) / 1e9, peak, live, Runtime.getRuntime().maxMemory(), gc1 - gc0, (gcMs1 - gcMs0) / 1000.0, lags,
                failing.size(), decidedFailing, Percentiles.of(delays), wrong, watching);
    }

    /**
     * Waits on the bench's time source: the fleet it measures runs on the same wall clock, so this is real time, but
     * every wait and every span the bench reports goes through one source.
     */
    private void pause(Duration d) throws InterruptedException {
        time.pause(d);
        if (Thread.interrupted()) throw new InterruptedException("bench watch stopped");
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private List<Integer> chooseFailing() {
        int n = (int) Math.round(settings.releases() * settings.degrading());
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < settings.releases(); i++) all.add(i);
        java.util.Collections.shuffle(all, new Random(settings.seed()));
        return List.copyOf(all.subList(0, n));
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    /** Hears every check: counts them and their lag while measuring, and the first decision that acts per release. */
    private final class Recorder implements FleetListener {
        @Override
        public void checked(ReleaseRecord release, ReleaseWatcher.Check check, long lagMillis) {
            started.add(release.version());
            if (measuring.get()) {
                checks.incrementAndGet();
                lag.add(lagMillis);
            }
            if (!(check.decision() instanceof Decision.KeepWatching) && decided.putIfAbsent(release.version(), check.at()) == null) {
                decidedBy.put(release.version(), check.decision().code() + ": " + check.decision().findings().stream()
                        .map(f -> f.trigger()).distinct().collect(Collectors.joining(", ")));
            }
        }
    }

    /** Check lags in whole milliseconds up to a minute, without keeping every one. */
    private static final class LagHistogram {
        private final java.util.concurrent.atomic.AtomicLongArray counts = new java.util.concurrent.atomic.AtomicLongArray(60_001);

        void add(long ms) {
            counts.incrementAndGet((int) Math.min(60_000, Math.max(0, ms)));
        }

        Percentiles percentiles() {
            long total = 0;
            for (int i = 0; i < counts.length(); i++) total += counts.get(i);
            if (total == 0) return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN);
            double p50 = -1, p99 = -1, max = 0;
            long seen = 0;
            for (int i = 0; i < counts.length(); i++) {
                long c = counts.get(i);
                if (c == 0) continue;
                seen += c;
                if (p50 < 0 && seen >= Math.ceil(total * 0.50)) p50 = i;
                if (p99 < 0 && seen >= Math.ceil(total * 0.99)) p99 = i;
                max = i;
            }
            return new Percentiles(total, p50, p99, max);
        }
    }
}
