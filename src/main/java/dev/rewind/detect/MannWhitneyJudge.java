package dev.rewind.detect;

import dev.rewind.model.Baseline;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Observations;
import dev.rewind.model.Sample;
import dev.rewind.model.TriggerEvaluation;
import dev.rewind.model.TriggerStatus;
import org.hipparchus.stat.inference.MannWhitneyUTest;

import java.util.List;
import java.util.Locale;

/**
 * A second opinion on a firing trigger (Kayenta's judge): are the window's samples and the baseline's drawn
 * from the same distribution? It adds the Mann-Whitney p-value to the reason. It never overrules the rule
 * unless built with a {@code suppressAbove} level; then a finding whose p-value is above it becomes HEALTHY.
 */
public final class MannWhitneyJudge {
    static final int MIN_SAMPLES = 3;
    private final Double suppressAbove;

    /** @param suppressAbove null: only annotate; a level (0.05): drop findings that are not significant at it */
    public MannWhitneyJudge(Double suppressAbove) {
        if (suppressAbove != null && !(suppressAbove > 0 && suppressAbove < 1)) throw new IllegalArgumentException("suppressAbove must be in (0, 1), got " + suppressAbove);
        this.suppressAbove = suppressAbove;
    }

    public TriggerEvaluation judge(TriggerEvaluation e, Observations observations, Baseline baseline) {
        if (e.status() != TriggerStatus.FIRING && e.status() != TriggerStatus.PENDING) return e;
        if (e.trigger().window() == null || e.trigger().consecutive()) return e;
        MetricSeries series = observations.get(e.trigger().metric()).orElse(null);
        if (series == null) return e;
        double[] now = values(series.window(e.at().minus(e.trigger().window()), e.at()));
        double[] before = values(series.between(baseline.from(), baseline.to()));
        if (now.length < MIN_SAMPLES || before.length < MIN_SAMPLES) {
            return with(e, e.status(), e.reason() + "; Mann-Whitney: too few samples (" + now.length + " vs " + before.length + ")");
        }
        double p = new MannWhitneyUTest().mannWhitneyUTest(now, before);
        String note = String.format(Locale.ROOT, "; Mann-Whitney p=%.3g (%d vs %d samples)", p, now.length, before.length);
        if (suppressAbove != null && p > suppressAbove) {
            return with(e, TriggerStatus.HEALTHY, e.reason() + note + ": not significant at " + suppressAbove + ", suppressed");
        }
        return with(e, e.status(), e.reason() + note);
    }

    private static TriggerEvaluation with(TriggerEvaluation e, TriggerStatus status, String reason) {
        return new TriggerEvaluation(e.trigger(), status, e.at(), e.baseline(), e.current(), e.threshold(), e.samples(), reason);
    }

    private static double[] values(List<Sample> samples) {
        double[] v = new double[samples.size()];
        for (int i = 0; i < v.length; i++) v[i] = samples.get(i).value();
        return v;
    }
}
