package dev.rewind.detect;

import dev.rewind.model.Aggregation;
import dev.rewind.model.AutomationLevel;
import dev.rewind.model.Baseline;
import dev.rewind.model.Comparison;
import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Observations;
import dev.rewind.model.Sample;
import dev.rewind.model.Severity;
import dev.rewind.model.Threshold;
import dev.rewind.model.Trigger;
import dev.rewind.model.TriggerEvaluation;
import dev.rewind.model.TriggerStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A watch that slides its windows forward decides exactly as one that searches and summarizes every window anew:
 * same status, values, sample count and reason for every trigger at every check, on generated traces.
 */
class WatchIncrementalTest {
    static final Instant DEPLOY = Instant.parse("2026-01-26T10:00:00Z");
    static final String[] METRICS = {MetricNames.ERROR_RATE, MetricNames.P95_LATENCY, MetricNames.MEMORY, MetricNames.REQUEST_RATE,
            MetricNames.DB_CONNECTION_ERRORS, MetricNames.HEALTH_CHECK_FAILURES};

    static LongStream seeds() {
        return LongStream.range(0, 80);
    }

    /** One metric: a shape (flat, daily cycle, step, ramp, spikes) with noise, sampled irregularly with gaps and repeats. */
    static List<Sample> series(Random r, String metric, int stepSeconds, Instant from, Instant to) {
        boolean counts = metric.contains("errors") || metric.contains("failures") || r.nextInt(5) == 0;
        double level = metric.equals(MetricNames.REQUEST_RATE) ? 150 : metric.contains("latency") ? 280 : metric.contains("memory") ? 60 : 0.5;
        int shape = r.nextInt(5);
        long changeAt = r.nextInt((int) Duration.between(DEPLOY, to).toSeconds());
        double eventStep = r.nextBoolean() ? 0.2 : 0; // error rates that are whole events per interval (EventCountFloor)
        List<Sample> out = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plusSeconds(stepSeconds + (r.nextInt(4) == 0 ? r.nextInt(stepSeconds) - stepSeconds / 2 : 0))) {
            if (r.nextInt(12) == 0) continue; // a dropped sample
            if (r.nextInt(60) == 0) t = t.plusSeconds((long) stepSeconds * r.nextInt(30)); // a gap
            long since = Duration.between(DEPLOY, t).toSeconds();
            double factor = switch (shape) {
                case 0 -> 1;
                case 1 -> 1 + 0.5 * Math.sin(2 * Math.PI * since / 86_400.0);
                case 2 -> since > changeAt ? 1.5 + 2 * r.nextDouble() : 1;
                case 3 -> since > changeAt ? 1 + (since - changeAt) / 1800.0 : 1;
                default -> r.nextInt(15) == 0 ? 5 : 1;
            };
            double v = level * factor * (1 + 0.15 * r.nextGaussian());
            if (counts) v = r.nextInt(6) == 0 ? r.nextInt(4) * factor : 0;
            if (eventStep > 0 && metric.equals(MetricNames.ERROR_RATE)) v = Math.max(0, Math.round(v / eventStep) * eventStep);
            out.add(new Sample(t.plusMillis(r.nextInt(4) == 0 ? r.nextInt(1000) : 0), v));
            if (r.nextInt(40) == 0) out.add(new Sample(t, v * 1.1)); // two samples at one instant
        }
        Collections.shuffle(out, r); // MetricSeries sorts, as for a trace in any order
        return out;
    }

    /** @param present the trace's metrics: most triggers read one of them, now and then one reads a metric it lacks */
    static Trigger trigger(Random r, int i, List<String> present) {
        String metric = present.isEmpty() || r.nextInt(8) == 0 ? METRICS[r.nextInt(METRICS.length)] : present.get(r.nextInt(present.size()));
        boolean consecutive = r.nextInt(6) == 0;
        Threshold threshold = consecutive || r.nextInt(3) == 0
                ? new Threshold.Absolute(r.nextInt(4) + r.nextDouble() * (metric.contains("latency") ? 400 : 2))
                : new Threshold.RelativeToBaseline(1 + 2 * r.nextDouble(), r.nextBoolean() ? null : r.nextDouble());
        Comparison comparison = r.nextInt(4) == 0 ? Comparison.values()[r.nextInt(4)] : Comparison.GREATER_THAN;
        Duration window = r.nextInt(5) == 0 ? null : Duration.ofSeconds(5 + r.nextInt(1800));
        Duration hold = r.nextInt(3) == 0 ? Duration.ofSeconds(60L * r.nextInt(6)) : Duration.ZERO;
        return new Trigger("t" + i, metric, comparison, threshold, Aggregation.values()[r.nextInt(Aggregation.values().length)],
                window, hold, consecutive, Severity.CRITICAL, AutomationLevel.FULL);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void slidingWindowsDecideAsRecomputingEveryWindowAtEveryCheck(long seed) {
        Random r = new Random(seed);
        int step = new int[] {5, 15, 60, 300}[r.nextInt(4)];
        Instant start = DEPLOY.minusSeconds((long) step * (20 + r.nextInt(60)));
        Instant end = DEPLOY.plusSeconds((long) step * (50 + r.nextInt(400)));
        Map<String, MetricSeries> all = new HashMap<>(), before = new HashMap<>(), after = new HashMap<>();
        for (String m : METRICS) {
            if (r.nextInt(6) == 0) continue; // a metric the trace does not have
            List<Sample> s = series(r, m, step, start, end);
            all.put(m, new MetricSeries(m, s));
            before.put(m, new MetricSeries(m, s.stream().filter(x -> x.at().isBefore(DEPLOY)).toList()));
            after.put(m, new MetricSeries(m, s.stream().filter(x -> !x.at().isBefore(DEPLOY)).toList()));
        }
        List<Trigger> triggers = new ArrayList<>();
        List<String> present = all.keySet().stream().sorted().toList();
        for (int i = 0, n = 2 + r.nextInt(5); i < n; i++) triggers.add(trigger(r, i, present));
        Observations trace = new Observations(all);
        Baseline baseline = new BaselineCalculator(1 + r.nextInt(15)).calculate(trace, "v1", DEPLOY, Duration.ofSeconds(60L * (1 + r.nextInt(30))));
        // replay's evaluator with and without the noise margin, and the live one, whose watch merges history at each check
        int kind = r.nextInt(3);
        TriggerEvaluator evaluator = kind == 0 ? new TriggerEvaluator() : kind == 1 ? new TriggerEvaluator(0) : TriggerEvaluator.live();
        Observations history = kind == 2 ? new Observations(before) : null;
        Observations checked = kind == 2 ? new Observations(after) : trace;
        Watch sliding = new Watch(triggers, baseline, evaluator, history);
        Watch recomputing = Watch.recomputingEachCheck(triggers, baseline, evaluator, history);

        Duration interval = Duration.ofSeconds(1 + r.nextInt(2 * step));
        Set<TriggerStatus> seen = EnumSet.noneOf(TriggerStatus.class);
        for (Instant now = DEPLOY.plus(interval); !now.isAfter(end); now = now.plus(interval)) {
            List<TriggerEvaluation> got = sliding.check(checked, now);
            List<TriggerEvaluation> expected = recomputing.check(checked, now);
            assertThat(got).as("check at %s", now).isEqualTo(expected); // equal by every field, the reason included
            got.forEach(e -> seen.add(e.status()));
        }
        // the case judged something: not every check of every trigger was without data
        assertThat(seen).as("statuses seen").containsAnyOf(TriggerStatus.HEALTHY, TriggerStatus.PENDING, TriggerStatus.FIRING);
    }
}
