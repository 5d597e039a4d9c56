package dev.rewind.detect;

import dev.rewind.model.Aggregation;
import dev.rewind.model.Baseline;
import dev.rewind.model.Comparison;
import dev.rewind.model.Detection;
import dev.rewind.model.MetricNames;
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
    public static final double DEFAULT_NOISE_SIGMAS = 3.0;
    private final double noiseSigmas;
    private final boolean windowsStartAtDeploy;

    public TriggerEvaluator() {
        this(DEFAULT_NOISE_SIGMAS);
    }

    public TriggerEvaluator(double noiseSigmas) {
        this(noiseSigmas, false);
    }

    /**
     * For a live release: its trailing window never reaches back before the deploy (the baseline's end), so the
     * previous release's samples, which the live watch keeps in the same series for the noise guards, do not
     * dilute the new release's first windows. Replay keeps the plain trailing window of the trace (DESIGN.md §3.3).
     */
    public static TriggerEvaluator live() {
        return new TriggerEvaluator(DEFAULT_NOISE_SIGMAS, true);
    }

    /**
     * @param noiseSigmas a relative limit is at least the baseline plus this many standard errors of the baseline's
     *                    own noise (its sample deviation over the square root of the window's sample count), so a
     *                    "doubling" that is within the previous release's normal swing does not fire; 0 turns it off
     */
    private TriggerEvaluator(double noiseSigmas, boolean windowsStartAtDeploy) {
        if (!(noiseSigmas >= 0)) throw new IllegalArgumentException("noiseSigmas must be >= 0, got " + noiseSigmas);
        this.noiseSigmas = noiseSigmas;
        this.windowsStartAtDeploy = windowsStartAtDeploy;
    }

    /**
     * Evaluates from scratch: searches the window and summarizes it anew. {@link Watch} follows each trigger with a
     * {@link TriggerTracker} instead, which moves its windows forward; this is the reference it is tested against.
     */
    public TriggerEvaluation evaluate(Trigger trigger, Observations observations, Baseline baseline, Instant now) {
        if (trigger.detection().sequential()) {
            // the test's verdict at now depends only on the samples up to now: one pass from the deploy gives it
            TriggerEvaluation s = new SequentialTracker(trigger, baseline).evaluate(observations, now);
            if (trigger.detection().kind() == Detection.Kind.SEQUENTIAL) return s != null ? s : noSequentialData(trigger, now);
            return testThenRule(s, () -> rule(trigger, observations, baseline, now));
        }
        return rule(trigger, observations, baseline, now);
    }

    /**
     * {@code kind: auto}: the sequential test when its counts are there, the seed's window rule when they are not (a
     * source without request counts). Not both at once: on low traffic the window rule alone rolled back 40% of
     * simulated healthy releases (BENCHMARKS.md, "Sequential tests"), which would undo the test's bound on false
     * rollbacks; a config that wants both lists two triggers, one {@code kind: sequential} and one {@code kind: threshold}.
     */
    static TriggerEvaluation testThenRule(TriggerEvaluation test, java.util.function.Supplier<TriggerEvaluation> rule) {
        return test != null ? test : rule.get();
    }

    private TriggerEvaluation rule(Trigger trigger, Observations observations, Baseline baseline, Instant now) {
        MetricSeries series = observations.get(trigger.metric()).orElse(null);
        Instant notBefore = notBefore(baseline);
        List<Sample> window = series == null ? List.of() : samples(trigger, series, now, notBefore);
        if (window.isEmpty()) return noData(trigger, now);
        if (trigger.consecutive()) return consecutive(trigger, positiveRun(window), window.size(), now);
        MetricSummary summary = MetricSummary.of(window);
        double current = trigger.window() == null ? summary.last() : trigger.aggregation().apply(summary);
        if (!Double.isFinite(current)) return noData(trigger, now); // an aggregate that overflowed is no measurement
        List<Sample> baselineSamples = series.between(baseline.from(), baseline.to());
        double[] perRequest = null;
        PerRequestBaseline per = usesPerRequest(trigger) ? PerRequestBaseline.of(trigger.metric(), observations, baseline) : null;
        MetricSeries requests = observations.get(MetricNames.REQUEST_RATE).orElse(null);
        if (per != null && requests != null) {
            List<Sample> w = samples(trigger, requests, now, notBefore);
            if (!w.isEmpty()) {
                MetricSummary traffic = MetricSummary.of(w);
                perRequest = perRequest(trigger, per, w.size(), traffic.sum(), traffic.last());
            }
        }
        return windowed(trigger, window, current, baseline, baselineSamples, now, perRequest);
    }

    /** Follows one trigger across the checks of one release (checks in time order); see {@link TriggerTracker}. */
    TriggerTracker tracker(Trigger trigger, Baseline baseline) {
        return new TriggerTracker(trigger, baseline, this);
    }

    /** null, or the deploy for a live release: samples before it are not the release's */
    Instant notBefore(Baseline baseline) {
        return windowsStartAtDeploy ? baseline.to() : null;
    }

    /** The exclusive start below which no sample is the release's: a nanosecond before the deploy, or none. */
    static Instant floor(Instant notBefore) {
        return notBefore == null ? Instant.MIN : notBefore.minusNanos(1);
    }

    /** @param notBefore null, or the deploy: samples before it are not the release's */
    private static List<Sample> samples(Trigger trigger, MetricSeries series, Instant now, Instant notBefore) {
        Instant floor = floor(notBefore);
        if (trigger.window() != null) {
            Instant from = now.minus(trigger.window());
            return series.window(from.isBefore(floor) ? floor : from, now);
        }
        List<Sample> upToNow = series.window(floor, now);
        // consecutive runs look back over every sample; a plain trigger reads only the latest one
        return trigger.consecutive() || upToNow.isEmpty() ? upToNow : upToNow.subList(upToNow.size() - 1, upToNow.size());
    }

    /** A {@code kind: sequential} trigger whose data is not there: no evidence, never a rollback. */
    static TriggerEvaluation noSequentialData(Trigger trigger, Instant now) {
        return new TriggerEvaluation(trigger, TriggerStatus.NO_DATA, now, null, null, null, 0,
                () -> trigger.metric() + ": nothing to test: a sequential test needs event counts and requests (error_count and request_count, "
                        + "or error_rate and request_rate), a count metric, or a latency histogram (latency_bucket:<le>), before and after the deploy");
    }

    static TriggerEvaluation noData(Trigger trigger, Instant now) {
        return new TriggerEvaluation(trigger, TriggerStatus.NO_DATA, now, null, null, null, 0,
                () -> "no samples of " + trigger.metric() + (trigger.window() == null ? " yet" : " in the last " + human(trigger)));
    }

    /**
     * The verdict on a window, given its aggregate ({@code current}) and, for a per-request error baseline, the
     * expectation and its noise. Shared by both ways of finding the window, so they differ only in that.
     */
    TriggerEvaluation windowed(Trigger trigger, List<Sample> window, double current, Baseline baseline, List<Sample> baselineSamples,
                               Instant now, double[] perRequest) {
        Double base = trigger.threshold() instanceof Threshold.RelativeToBaseline ? baselineFor(trigger, baseline, window.size()) : null;
        if (base != null && perRequest != null) base = perRequest[0];
        Double limit = trigger.threshold().resolve(base);
        boolean raised = false;
        if (limit != null && base != null && noiseSigmas > 0) {
            double floor = noiseLimit(trigger, window, baseline, baselineSamples, base, noiseSigmas, perRequest);
            if (!Double.isNaN(floor) && !trigger.comparison().breaches(limit, floor) && floor != limit) {
                raised = true;
                limit = floor;
            }
        }
        if (limit == null) {
            return new TriggerEvaluation(trigger, TriggerStatus.NO_DATA, now, null, current, null, window.size(),
                    () -> "no baseline for " + trigger.metric() + ": the previous release has no samples in the baseline window");
        }
        boolean breached = trigger.comparison().breaches(current, limit);
        Double b = base;
        double l = limit;
        boolean r = raised, scaled = perRequest != null;
        // written only when read: most checks are healthy and nobody reads why
        return new TriggerEvaluation(trigger, breached ? TriggerStatus.FIRING : TriggerStatus.HEALTHY, now, base, current, limit, window.size(),
                () -> reason(trigger, current, breached, l, b, r, scaled));
    }

    private static String reason(Trigger trigger, double current, boolean breached, double limit, Double base, boolean raised, boolean perRequest) {
        String margin = raised ? ", raised to the baseline's noise " + fmt(limit) : "";
        return String.format(Locale.ROOT, "%s %s %s %s (%s%s)", trigger.metric(), fmt(current),
                breached ? trigger.comparison().symbol() : "within", fmt(limit),
                base == null ? "limit " + trigger.threshold().describe() : "baseline " + fmt(base) + " x " + ((Threshold.RelativeToBaseline) trigger.threshold()).multiplier()
                        + minimumNote((Threshold.RelativeToBaseline) trigger.threshold(), base) + margin
                        + (perRequest ? ", baseline per request scaled to the window's traffic" : ""),
                ", " + human(trigger));
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

    /** A relative trigger on an error metric, averaged or summed: it reads errors per request when traffic is known. */
    static boolean usesPerRequest(Trigger trigger) {
        return trigger.threshold() instanceof Threshold.RelativeToBaseline && trigger.metric().contains("error")
                && trigger.aggregation() != Aggregation.MAX && trigger.aggregation() != Aggregation.MIN;
    }

    /**
     * For a relative trigger on an error metric with request_rate in the trace: the baseline scaled to the traffic
     * in the window (see {@link PerRequestBaseline}) and the noise of that expectation, from the request_rate samples
     * in the trigger's window: how many, their sum (added in time order) and the latest.
     */
    static double[] perRequest(Trigger trigger, PerRequestBaseline per, int samples, double sum, double last) {
        double mean = sum / samples;
        double scale = trigger.window() == null ? last : trigger.aggregation() == Aggregation.SUM ? sum : mean;
        double perSampleNoise = per.stddev() * (trigger.window() == null ? last : mean);
        double noise = trigger.aggregation() == Aggregation.SUM ? perSampleNoise * Math.sqrt(samples) : perSampleNoise / Math.sqrt(samples);
        return new double[] {per.rate() * scale, noise};
    }

    /**
     * The limit that the baseline's own noise alone would not cross: standard errors per request when traffic is
     * known, else of the baseline's samples; for error counts at least the Poisson surprise level. NaN: unknown.
     */
    private static double noiseLimit(Trigger trigger, List<Sample> window, Baseline baseline, List<Sample> baselineSamples,
                                     double base, double sigmas, double[] perRequest) {
        double floor = perRequest != null ? (Double.isNaN(perRequest[1]) ? Double.NaN : base + sigmas * perRequest[1])
                : noiseFloor(trigger, baseline, base, window.size(), sigmas);
        if (trigger.metric().contains("error") && trigger.aggregation() == Aggregation.MEAN && above(trigger)) {
            double step = EventCountFloor.step(window, baselineSamples);
            if (!Double.isNaN(step)) floor = Math.max(Double.isNaN(floor) ? base : floor, EventCountFloor.floor(base, window.size(), step));
        }
        return floor;
    }

    /**
     * Baseline plus (or minus, for a less-than trigger) {@code sigmas} standard errors of the window's aggregate;
     * NaN when the baseline has too few samples to know its noise.
     */
    private static double noiseFloor(Trigger trigger, Baseline baseline, double base, int windowSamples, double sigmas) {
        MetricSummary s = baseline.metrics().get(trigger.metric());
        if (s == null || s.count() < 3) return Double.NaN;
        double perSample = s.stddev();
        double error = trigger.aggregation() == Aggregation.SUM ? perSample * Math.sqrt(windowSamples)
                : trigger.aggregation() == Aggregation.MEAN ? perSample / Math.sqrt(windowSamples) : perSample;
        return above(trigger) ? base + sigmas * error : base - sigmas * error;
    }

    private static String minimumNote(Threshold.RelativeToBaseline t, double base) {
        return t.minimum() != null && t.minimum() > base * t.multiplier() ? ", raised to the minimum " + fmt(t.minimum()) : "";
    }

    private static boolean above(Trigger trigger) {
        return trigger.comparison() == Comparison.GREATER_THAN || trigger.comparison() == Comparison.GREATER_OR_EQUAL;
    }

    /** A failing sample is one whose value is above zero (a failed check, an error); the run ends at the latest sample. */
    static int positiveRun(List<Sample> samples) {
        int run = 0;
        for (int i = samples.size() - 1; i >= 0 && samples.get(i).value() > 0; i--) run++;
        return run;
    }

    static TriggerEvaluation consecutive(Trigger trigger, int run, int samples, Instant now) {
        double limit = ((Threshold.Absolute) trigger.threshold()).value();
        boolean breached = trigger.comparison().breaches(run, limit);
        return new TriggerEvaluation(trigger, breached ? TriggerStatus.FIRING : TriggerStatus.HEALTHY, now, null, (double) run, limit, samples,
                () -> String.format(Locale.ROOT, "%s failed %d time(s) in a row (%s %s)", trigger.metric(), run,
                        breached ? trigger.comparison().symbol() : "within", fmt(limit)));
    }

    private static String human(Trigger t) {
        return t.window() == null ? "latest sample" : t.aggregation().name().toLowerCase(Locale.ROOT) + " over " + t.window().toString().substring(2).toLowerCase(Locale.ROOT);
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
