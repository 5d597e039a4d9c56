package dev.rewind.detect;

import dev.rewind.model.Aggregation;
import dev.rewind.model.Baseline;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.MetricSummary;
import dev.rewind.model.Observations;
import dev.rewind.model.Sample;
import dev.rewind.model.Threshold;
import dev.rewind.model.Trigger;
import dev.rewind.model.TriggerEvaluation;
import dev.rewind.model.TriggerStatus;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One trigger at one instant, ignoring its hold time ({@link Watch} adds that): FIRING when the condition
 * holds now, HEALTHY when not, NO_DATA when the window is empty or a relative trigger has no baseline.
 * The window is {@code (now - window, now]}; without one, the latest sample at or before {@code now} is used.
 */
public final class TriggerEvaluator {

    public TriggerEvaluation evaluate(Trigger trigger, Observations observations, Baseline baseline, Instant now) {
        MetricSeries series = observations.get(trigger.metric()).orElse(null);
        List<Sample> window = series == null ? List.of() : samples(trigger, series, now);
        if (window.isEmpty()) {
            return new TriggerEvaluation(trigger, TriggerStatus.NO_DATA, now, null, null, null, 0,
                    "no samples of " + trigger.metric() + (trigger.window() == null ? " yet" : " in the last " + human(trigger)));
        }
        return trigger.consecutive() ? consecutive(trigger, window, now) : windowed(trigger, window, baseline, now);
    }

    private static List<Sample> samples(Trigger trigger, MetricSeries series, Instant now) {
        if (trigger.window() != null) return series.window(now.minus(trigger.window()), now);
        List<Sample> upToNow = series.window(Instant.MIN, now);
        // consecutive runs look back over every sample; a plain trigger reads only the latest one
        return trigger.consecutive() || upToNow.isEmpty() ? upToNow : upToNow.subList(upToNow.size() - 1, upToNow.size());
    }

    private static TriggerEvaluation windowed(Trigger trigger, List<Sample> window, Baseline baseline, Instant now) {
        MetricSummary summary = MetricSummary.of(window);
        double current = trigger.window() == null ? summary.last() : trigger.aggregation().apply(summary);
        Double base = trigger.threshold() instanceof Threshold.RelativeToBaseline ? baselineFor(trigger, baseline, window.size()) : null;
        Double limit = trigger.threshold().resolve(base);
        if (limit == null) {
            return new TriggerEvaluation(trigger, TriggerStatus.NO_DATA, now, null, current, null, window.size(),
                    "no baseline for " + trigger.metric() + ": the previous release has no samples in the baseline window");
        }
        boolean breached = trigger.comparison().breaches(current, limit);
        String reason = String.format(Locale.ROOT, "%s %s %s %s (%s%s)", trigger.metric(), fmt(current),
                breached ? trigger.comparison().symbol() : "within", fmt(limit),
                base == null ? "limit " + trigger.threshold().describe() : "baseline " + fmt(base) + " x " + ((Threshold.RelativeToBaseline) trigger.threshold()).multiplier(),
                ", " + human(trigger));
        return new TriggerEvaluation(trigger, breached ? TriggerStatus.FIRING : TriggerStatus.HEALTHY, now, base, current, limit, window.size(), reason);
    }

    /**
     * The baseline comparable with the window's aggregate. A sum over a window is compared with the baseline's
     * mean per sample times the window's sample count, so baseline and release windows of different lengths agree.
     */
    private static Double baselineFor(Trigger trigger, Baseline baseline, int samples) {
        Aggregation agg = trigger.aggregation();
        if (agg == Aggregation.SUM) {
            Double mean = baseline.value(trigger.metric(), Aggregation.MEAN);
            return mean == null ? null : mean * samples;
        }
        return baseline.value(trigger.metric(), agg == Aggregation.LAST ? Aggregation.MEAN : agg);
    }

    /** A failing sample is one whose value is above zero (a failed check, an error); the run ends at the latest sample. */
    private static TriggerEvaluation consecutive(Trigger trigger, List<Sample> samples, Instant now) {
        int run = 0;
        for (int i = samples.size() - 1; i >= 0 && samples.get(i).value() > 0; i--) run++;
        double limit = ((Threshold.Absolute) trigger.threshold()).value();
        boolean breached = trigger.comparison().breaches(run, limit);
        String reason = String.format(Locale.ROOT, "%s failed %d time(s) in a row (%s %s)", trigger.metric(), run,
                breached ? trigger.comparison().symbol() : "within", fmt(limit));
        return new TriggerEvaluation(trigger, breached ? TriggerStatus.FIRING : TriggerStatus.HEALTHY, now, null, (double) run, limit, samples.size(), reason);
    }

    private static String human(Trigger t) {
        return t.window() == null ? "latest sample" : t.aggregation().name().toLowerCase(Locale.ROOT) + " over " + t.window().toString().substring(2).toLowerCase(Locale.ROOT);
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
