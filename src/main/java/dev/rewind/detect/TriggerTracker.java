package dev.rewind.detect;

import dev.rewind.model.Baseline;
import dev.rewind.model.Detection;
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
 * worked out once per series rather than at every check. When neither window has moved since the last check (a
 * check every minute on 5-minute samples), the verdict is the last one, at the new time. Checks come in time order.
 */
final class TriggerTracker {
    private final Trigger trigger;
    private final Baseline baseline;
    private final TriggerEvaluator evaluator;
    private final Instant floor;
    private final SlidingWindow window = new SlidingWindow();
    private final SlidingWindow requests = new SlidingWindow();

    private Observations seen; // the observations the two series below were looked up in; they are immutable
    private MetricSeries series, traffic;
    private MetricSeries baselineOf; // the series baselineSamples was taken from
    private List<Sample> baselineSamples;
    private MetricSeries perRequestErrors, perRequestTraffic; // the series perRequest was worked out from
    private PerRequestBaseline perRequest;
    private TriggerEvaluation last; // the last verdict, and the window positions it was reached at
    private long lastWindowMoves = -1, lastRequestMoves = -1; // -1 for the requests: no traffic window was read
    private final SequentialTracker sequential; // null for a window rule

    TriggerTracker(Trigger trigger, Baseline baseline, TriggerEvaluator evaluator) {
        this.trigger = trigger;
        this.baseline = baseline;
        this.evaluator = evaluator;
        this.floor = TriggerEvaluator.floor(evaluator.notBefore(baseline));
        this.sequential = trigger.detection().sequential() ? new SequentialTracker(trigger, baseline) : null;
    }

    TriggerEvaluation evaluate(Observations observations, Instant now) {
        if (sequential != null) {
            TriggerEvaluation s = sequential.evaluate(observations, now);
            if (trigger.detection().kind() == Detection.Kind.SEQUENTIAL) return s != null ? s : TriggerEvaluator.noSequentialData(trigger, now);
            return TriggerEvaluator.testThenRule(s, () -> rule(observations, now));
        }
        return rule(observations, now);
    }

    /** The seed's window rule. */
    private TriggerEvaluation rule(Observations observations, Instant now) {
        if (observations != seen) {
            seen = observations;
            series = observations.get(trigger.metric()).orElse(null);
            traffic = observations.get(MetricNames.REQUEST_RATE).orElse(null);
        }
        if (series == null || !move(window, series, now)) return TriggerEvaluator.noData(trigger, now);
        if (trigger.consecutive()) return TriggerEvaluator.consecutive(trigger, window.positiveRun(), window.count(), now);
        PerRequestBaseline per = perRequestBaseline(observations);
        boolean hasTraffic = per != null && move(requests, traffic, now);
        long requestMoves = hasTraffic ? requests.moves() : -1;
        if (last != null && window.moves() == lastWindowMoves && requestMoves == lastRequestMoves) return last.sameVerdictAt(now);
        boolean latestOnly = trigger.window() == null;
        List<Sample> samples = latestOnly ? window.samples().subList(window.count() - 1, window.count()) : window.samples();
        double current = latestOnly ? window.last() : aggregate();
        if (!Double.isFinite(current)) return TriggerEvaluator.noData(trigger, now); // as TriggerEvaluator: overflow is no data
        last = evaluator.windowed(trigger, samples, current, baseline, baselineSamples(series), now, hasTraffic ? perRequest(per) : null);
        lastWindowMoves = window.moves();
        lastRequestMoves = requestMoves;
        return last;
    }

    /**
     * Lets go of the observations of the last check, keeping only the last verdict. A live watch reads new series at
     * every check, so nothing held here would be found again; held, they were most of the memory of a watched release.
     */
    void forgetObservations() {
        seen = null;
        series = traffic = baselineOf = perRequestErrors = perRequestTraffic = null;
        baselineSamples = null;
        perRequest = null;
        window.forget();
        requests.forget();
        lastWindowMoves = lastRequestMoves = -1;
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

    /** The previous release's errors per request, for a trigger that reads them and a trace with request_rate; else null. */
    private PerRequestBaseline perRequestBaseline(Observations observations) {
        if (!TriggerEvaluator.usesPerRequest(trigger) || traffic == null) return null;
        if (series != perRequestErrors || traffic != perRequestTraffic) {
            perRequestErrors = series;
            perRequestTraffic = traffic;
            perRequest = PerRequestBaseline.of(trigger.metric(), observations, baseline);
        }
        return perRequest;
    }

    /** The expectation scaled to the traffic in the request window, which holds samples. */
    private double[] perRequest(PerRequestBaseline per) {
        // the latest sample alone when the trigger reads only the latest; its sum is itself, added to 0 as a sum is
        if (trigger.window() == null) return TriggerEvaluator.perRequest(trigger, per, 1, 0.0 + requests.last(), requests.last());
        return TriggerEvaluator.perRequest(trigger, per, requests.count(), requests.sum(), requests.last());
    }
}
