package dev.rewind.detect;

import dev.rewind.model.Baseline;
import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Observations;
import dev.rewind.model.Sample;
import dev.rewind.model.Trigger;
import dev.rewind.model.TriggerEvaluation;

import java.time.Instant;
import java.util.List;

/**
 * One trigger followed across the checks of one release, as {@link TriggerEvaluator#evaluate} would judge it at
 * each check, with the same result: its window and the request window beside it slide forward
 * ({@link SlidingWindow}), and what depends only on the baseline (its samples, the per-request error rate) is
 * worked out once per series rather than at every check. Checks come in time order.
 */
final class TriggerTracker {
    private final Trigger trigger;
    private final Baseline baseline;
    private final TriggerEvaluator evaluator;
    private final Instant floor;
    private final SlidingWindow window = new SlidingWindow();
    private final SlidingWindow requests = new SlidingWindow();

    private MetricSeries baselineOf; // the series baselineSamples was taken from
    private List<Sample> baselineSamples;
    private MetricSeries perRequestErrors, perRequestTraffic; // the series perRequest was worked out from
    private PerRequestBaseline perRequest;

    TriggerTracker(Trigger trigger, Baseline baseline, TriggerEvaluator evaluator) {
        this.trigger = trigger;
        this.baseline = baseline;
        this.evaluator = evaluator;
        this.floor = TriggerEvaluator.floor(evaluator.notBefore(baseline));
    }

    TriggerEvaluation evaluate(Observations observations, Instant now) {
        MetricSeries series = observations.get(trigger.metric()).orElse(null);
        if (series == null || !move(window, series, now)) return TriggerEvaluator.noData(trigger, now);
        boolean latestOnly = trigger.window() == null && !trigger.consecutive();
        if (trigger.consecutive()) return TriggerEvaluator.consecutive(trigger, window.positiveRun(), window.count(), now);
        List<Sample> samples = latestOnly ? window.samples().subList(window.count() - 1, window.count()) : window.samples();
        double current = latestOnly ? window.last() : aggregate();
        return evaluator.windowed(trigger, samples, current, baseline, baselineSamples(series), now, perRequest(observations, now));
    }

    /** Moves a window to the trigger's span ending at {@code now}; false when it holds no sample. */
    private boolean move(SlidingWindow w, MetricSeries series, Instant now) {
        Instant from = floor;
        if (trigger.window() != null) {
            Instant start = now.minus(trigger.window());
            if (!start.isBefore(floor)) from = start;
        }
        w.moveTo(series, from, now);
        return w.count() > 0;
    }

    private double aggregate() {
        return switch (trigger.aggregation()) {
            case MEAN -> window.mean();
            case SUM -> window.sum();
            case MIN -> window.min();
            case MAX -> window.max();
            case LAST -> window.last();
        };
    }

    private List<Sample> baselineSamples(MetricSeries series) {
        if (series != baselineOf) {
            baselineOf = series;
            baselineSamples = series.between(baseline.from(), baseline.to());
        }
        return baselineSamples;
    }

    private double[] perRequest(Observations observations, Instant now) {
        if (!TriggerEvaluator.usesPerRequest(trigger)) return null;
        MetricSeries errors = observations.get(trigger.metric()).orElse(null);
        MetricSeries traffic = observations.get(MetricNames.REQUEST_RATE).orElse(null);
        if (traffic == null) return null;
        if (errors != perRequestErrors || traffic != perRequestTraffic) {
            perRequestErrors = errors;
            perRequestTraffic = traffic;
            perRequest = PerRequestBaseline.of(trigger.metric(), observations, baseline);
        }
        if (perRequest == null || !move(requests, traffic, now)) return null;
        // the latest sample alone when the trigger reads only the latest; its sum is itself
        if (trigger.window() == null) return TriggerEvaluator.perRequest(trigger, perRequest, 1, 0.0 + requests.last(), requests.last());
        return TriggerEvaluator.perRequest(trigger, perRequest, requests.count(), requests.sum(), requests.last());
    }
}
