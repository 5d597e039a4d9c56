package dev.rewind.detect;

import dev.rewind.model.Baseline;
import dev.rewind.model.Detection;
import dev.rewind.model.Evidence;
import dev.rewind.model.Observations;
import dev.rewind.model.Trigger;
import dev.rewind.model.TriggerEvaluation;
import dev.rewind.model.TriggerStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A sequential test of one trigger across the checks of one release: is the new release's rate of events (errors per
 * request, failed health checks per second, slow requests per request) above its reference's by more than the
 * tolerance? It decides as soon as the evidence crosses the bound, and the chance that it ever crosses for a release
 * that is no worse is at most alpha, however often it is checked (Ville's inequality for the mixture martingale in
 * {@link RatioMixture}).
 * <ul>
 *   <li><b>Against the control</b> (the previous release serving over the same time, as in a canary; the observations
 *   hold {@code control_} series): each sample's events split between the two in proportion to their exposure when
 *   the rates are equal, whatever the traffic does, so only the two counts matter and growth or daily cycles cancel.</li>
 *   <li><b>Against the baseline</b> (the previous release before the deploy): its rate is only estimated, so half of
 *   alpha goes to an exact upper confidence bound of that rate (which is sound for a zero or sparse baseline: no
 *   errors in 1,000 requests bounds the rate by 3.7 per 1,000 at 97.5%), and the new release's events are tested
 *   against (1 + tolerance) times that bound with the other half.</li>
 * </ul>
 * No data is no evidence: without exposure since the deploy the test says NO_DATA, and it never rolls back on
 * missing samples. {@link #evaluate} answers null when the observations do not hold what the test needs at all
 * (the {@code auto} kind then uses the window rule).
 */
final class SequentialTracker {
    private final Trigger trigger;
    private final Instant deploy;
    private final Detection detection;
    private final EventStreams streams;
    private final String metric;

    private boolean ready, available, againstControl;
    private BaselineReveal reveal; // non-null: the baseline is revealed in chunks (a long one), not bounded
    private double referenceEvents, referenceExposure, dispersion = 1, nullRate, baselineBeta;
    private RatioMixture mixture;
    private Instant readUntil;
    private double events, exposure, controlEvents, controlExposure;
    private int intervals;
    private double logE, maxLogE;
    private Instant crossedAt;

    SequentialTracker(Trigger trigger, Baseline baseline) {
        this.trigger = trigger;
        this.deploy = baseline.to();
        this.detection = trigger.detection();
        this.metric = trigger.metric();
        this.streams = EventStreams.of(trigger);
        this.readUntil = deploy.minusNanos(1);
    }

    /** Whether this trigger has a sequential test at all (errors, counts, latency from histograms). */
    static boolean supports(Trigger trigger) {
        return EventStreams.of(trigger) != null;
    }

    /** The verdict at {@code now}; null when the observations hold no data a sequential test could use. */
    TriggerEvaluation evaluate(Observations o, Instant now) {
        if (streams == null) return null;
        if (!ready) setUp(o);
        if (!available) return null;
        if (now.isAfter(readUntil)) {
            if (againstControl) readControl(o, now); else readStream(o, now);
            readUntil = now;
        }
        return verdict(now);
    }

    private void setUp(Observations o) {
        ready = true;
        Instant from = deploy.minus(detection.baselineLookback());
        againstControl = streams.hasControl(o);
        available = streams.learn(o, from, deploy);
        if (!available) return;
        if (againstControl) {
            mixture = new RatioMixture(1);
            return;
        }
        List<Interval> before = streams.baseline(o, from, deploy);
        for (Interval i : before) {
            referenceEvents += i.events();
            referenceExposure += i.exposure();
        }
        if (!(referenceExposure > 0)) {
            available = false; // no baseline traffic: nothing to compare with
            return;
        }
        dispersion = Dispersion.of(before, referenceEvents / referenceExposure);
        if (BaselineReveal.suits(before)) {
            reveal = new BaselineReveal(before);
            mixture = new RatioMixture(dispersion);
            return;
        }
        baselineBeta = detection.alpha() / 2;
        double upper = PoissonBounds.upperMean(referenceEvents / dispersion, baselineBeta) / (referenceExposure / dispersion);
        nullRate = streams.nullRatio() * upper;
        mixture = new RatioMixture(dispersion);
    }

    private void readStream(Observations o, Instant now) {
        for (Interval i : streams.release(o, readUntil, now)) {
            events += i.events();
            exposure += i.exposure();
            intervals++;
            if (reveal == null) {
                mixture.addPoisson(i.events(), nullRate * i.exposure());
            } else {
                Interval chunk = reveal.next(i);
                if (chunk != null) {
                    Interval pending = reveal.takePending();
                    mixture.addSplit(pending.events(), pending.exposure(), chunk.events(), chunk.exposure(), streams.nullRatio());
                }
            }
            step(i.at());
        }
    }

    /** Each new-release interval is paired with the control's intervals that ended within it. */
    private void readControl(Observations o, Instant now) {
        List<Interval> release = streams.release(o, readUntil, now);
        List<Interval> control = streams.control(o, readUntil, now);
        int c = 0;
        for (Interval i : release) {
            double ce = 0, cx = 0;
            for (; c < control.size() && !control.get(c).at().isAfter(i.at()); c++) {
                ce += control.get(c).events();
                cx += control.get(c).exposure();
            }
            events += i.events();
            exposure += i.exposure();
            controlEvents += ce;
            controlExposure += cx;
            intervals++;
            mixture.addSplit(i.events(), i.exposure(), ce, cx, streams.nullRatio());
            step(i.at());
        }
    }

    private void step(Instant at) {
        logE = mixture.logE();
        if (logE > maxLogE) maxLogE = logE;
        if (crossedAt == null && maxLogE >= logBound()) crossedAt = at;
    }

    /** ln(1/alpha), with the half spent on the baseline's bound taken out when testing against the baseline. */
    private double logBound() {
        return -Math.log(detection.alpha() - (againstControl ? 0 : baselineBeta));
    }

    private TriggerEvaluation verdict(Instant now) {
        String unit = streams.exposureUnit();
        double refEvents = againstControl ? controlEvents : referenceEvents;
        double refExposure = againstControl ? controlExposure : referenceExposure;
        double pValue = Math.min(1, (againstControl ? 0 : baselineBeta) + Math.exp(-maxLogE));
        Instant decided = crossedAt != null ? crossedAt : now;
        Evidence evidence = new Evidence(Math.exp(logE), pValue, detection.alpha(), detection.tolerance(), againstControl ? "control" : "baseline",
                events, exposure, refEvents, refExposure, unit, deploy, Duration.between(deploy, decided));
        if (exposure <= 0 || againstControl && controlExposure <= 0) {
            return new TriggerEvaluation(trigger, TriggerStatus.NO_DATA, now, null, null, null, intervals,
                    () -> metric + ": no " + unit + (againstControl ? " on both releases" : "") + " since the deploy: no evidence yet", evidence);
        }
        Double base = refExposure > 0 ? refEvents / refExposure : null;
        double current = events / exposure;
        Double limit = againstControl || reveal != null ? (base == null ? null : base * streams.nullRatio()) : nullRate;
        TriggerStatus status = crossedAt != null ? TriggerStatus.FIRING : TriggerStatus.HEALTHY;
        return new TriggerEvaluation(trigger, status, now, base, current, limit, intervals, () -> reason(evidence, status), evidence);
    }

    private String reason(Evidence e, TriggerStatus status) {
        String what = streams.eventName();
        String verdict = e.verdict(status == TriggerStatus.FIRING);
        String noisier = dispersion > 1 ? String.format(Locale.ROOT, ", counts %.2fx noisier than Poisson", dispersion) : "";
        String reference = againstControl
                ? String.format(Locale.ROOT, "%s %s in %s %s on the control over the same time", fmt(e.referenceEvents()), what, fmt(e.referenceExposure()), e.exposureUnit())
                : reveal != null ? String.format(Locale.ROOT, "%s in %s %s before the deploy (%s of them compared so far, newest first%s)",
                fmt(e.referenceEvents()), fmt(e.referenceExposure()), e.exposureUnit(), fmt(reveal.revealedExposure()), noisier)
                : String.format(Locale.ROOT, "%s in %s %s before the deploy (rate at most %s at %s%% confidence%s)", fmt(e.referenceEvents()),
                fmt(e.referenceExposure()), e.exposureUnit(), fmt(nullRate / streams.nullRatio()), fmt(100 * (1 - baselineBeta)), noisier);
        return String.format(Locale.ROOT, "%s sequential test vs %s: e-value %s, %s; %s %s in %s %s since the deploy vs %s; tolerance %s%%; %s %s after the deploy",
                metric, e.reference(), Evidence.eTextOfLog(logE), verdict, fmt(e.events()), what, fmt(e.exposure()), e.exposureUnit(), reference,
                fmt(100 * e.tolerance()), status == TriggerStatus.FIRING ? "decided" : "watching", human(e.elapsed()));
    }

    private static String human(Duration d) {
        long ms = d.toMillis();
        return ms < 120_000 ? fmt(ms / 1000.0) + " s" : fmt(ms / 60_000.0) + " min";
    }

    static String fmt(double v) {
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (Math.abs(v) >= 1e6) return String.format(Locale.ROOT, "%.3g", v);
        return TriggerEvaluator.fmt(v);
    }
}
