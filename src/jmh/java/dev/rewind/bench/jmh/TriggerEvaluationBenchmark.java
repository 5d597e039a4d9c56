package dev.rewind.bench.jmh;

import dev.rewind.bench.SyntheticFleetMetrics;
import dev.rewind.config.DefaultPolicy;
import dev.rewind.detect.BaselineCalculator;
import dev.rewind.detect.TriggerEvaluator;
import dev.rewind.detect.Watch;
import dev.rewind.model.Baseline;
import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Observations;
import dev.rewind.model.Trigger;
import dev.rewind.model.TriggerEvaluation;
import dev.rewind.observe.MetricScope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The default triggers (seed 001's five metric triggers: the error and latency rules are {@code auto}, so the error
 * rule runs as a sequential test on the error and request rates, the latency one as its window rule without a
 * histogram) evaluated as a live watch evaluates them, on the series {@code rewind bench watch} serves: 15 s samples,
 * per-release traffic and noise, a 5-minute baseline of the previous version. Reads are done in the setup, so only
 * evaluation is timed.
 *
 * <ul>
 *   <li>{@code watch}: one release watched for 30 minutes at a 10 s interval, from a new {@link Watch} (its trackers,
 *   the baseline's summaries) through 180 checks; the score is per check.</li>
 *   <li>{@code fromScratch}: the same triggers at one instant, each window searched and summarized anew
 *   ({@link TriggerEvaluator#evaluate}, the reference the incremental watch is tested against).</li>
 * </ul>
 * {@code failing}: whether the release starts failing 10 minutes after its deploy (its evaluations then fire).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TriggerEvaluationBenchmark {
    private static final Instant DEPLOY = Instant.parse("2026-12-02T06:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    static final int CHECKS = 180;

    @Param({"false", "true"})
    public boolean failing;

    @Param({"20", "500"})
    public double requestsPerSecond;

    private List<Trigger> triggers;
    private Baseline baseline;
    private Observations history;
    private final List<Observations> windows = new ArrayList<>();
    private final List<Instant> at = new ArrayList<>();
    private Observations merged;
    private final TriggerEvaluator evaluator = TriggerEvaluator.live();

    @Setup(Level.Trial)
    public void read() {
        triggers = DefaultPolicy.triggers();
        SyntheticFleetMetrics source = new SyntheticFleetMetrics(42, Duration.ofSeconds(15), requestsPerSecond);
        source.release(0, "1.0.0", "1.0.1", DEPLOY);
        if (failing) source.degrade("1.0.1", DEPLOY.plus(Duration.ofMinutes(10)));
        MetricScope previous = new MetricScope("svc", "env", "1.0.0"), candidate = new MetricScope("svc", "env", "1.0.1");
        List<String> metrics = List.of(MetricNames.ERROR_RATE, MetricNames.P50_LATENCY, MetricNames.P95_LATENCY, MetricNames.P99_LATENCY,
                MetricNames.MEMORY, MetricNames.REQUEST_RATE, MetricNames.DB_CONNECTION_ERRORS, MetricNames.HEALTH_CHECK_FAILURES);
        Instant from = DEPLOY.minus(DefaultPolicy.BASELINE_WINDOW);
        baseline = new BaselineCalculator().calculate(fetch(source, previous, metrics, from.minusNanos(1), DEPLOY), "1.0.0", DEPLOY,
                DefaultPolicy.BASELINE_WINDOW);
        history = fetch(source, previous, metrics, from.minusNanos(1), DEPLOY.minusNanos(1));
        Duration lookBack = Duration.ofMinutes(10).plus(INTERVAL); // the longest window (memory) and one interval
        for (int i = 1; i <= CHECKS; i++) {
            Instant now = DEPLOY.plus(INTERVAL.multipliedBy(i));
            at.add(now);
            windows.add(fetch(source, candidate, metrics, now.minus(lookBack), now));
        }
        // the last check's observations with the previous release's before them, as the live watch merges them
        Map<String, MetricSeries> all = new LinkedHashMap<>();
        Observations last = windows.getLast();
        for (String m : metrics) {
            var before = history.get(m).map(MetricSeries::samples).orElse(List.of());
            var after = last.get(m).map(MetricSeries::samples).orElse(List.of());
            List<dev.rewind.model.Sample> samples = new ArrayList<>(before);
            samples.addAll(after);
            all.put(m, new MetricSeries(m, samples));
        }
        merged = new Observations(all);
    }

    private static Observations fetch(SyntheticFleetMetrics source, MetricScope scope, List<String> metrics, Instant from, Instant to) {
        Map<String, MetricSeries> series = new LinkedHashMap<>();
        for (String m : metrics) series.putAll(source.rangeAll(scope, m, from, to)); // as ReleaseWatcher reads
        return new Observations(series);
    }

    /** 180 checks of one release, from its first; scored per check. */
    @Benchmark
    @OperationsPerInvocation(CHECKS)
    public void watch(Blackhole out) {
        Watch w = new Watch(triggers, baseline, evaluator, history);
        for (int i = 0; i < CHECKS; i++) out.consume(w.check(windows.get(i), at.get(i)));
    }

    /** The five triggers at the last check, every window searched and summarized anew. */
    @Benchmark
    public void fromScratch(Blackhole out) {
        Instant now = at.getLast();
        for (Trigger t : triggers) {
            TriggerEvaluation e = evaluator.evaluate(t, merged, baseline, now);
            out.consume(e);
        }
    }
}
