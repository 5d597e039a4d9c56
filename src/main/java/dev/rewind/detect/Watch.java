package dev.rewind.detect;

import dev.rewind.model.Baseline;
import dev.rewind.model.Observations;
import dev.rewind.model.Trigger;
import dev.rewind.model.TriggerEvaluation;
import dev.rewind.model.TriggerStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Sample;

/**
 * The triggers of one release across checks. It remembers since when each trigger's condition has held, so a
 * trigger with a hold time ({@code for}/{@code duration_seconds}) is PENDING until the condition has held at
 * every check for that long, then FIRING. A healthy or no-data check resets it. No clock: time comes in.
 */
public final class Watch {
    private final List<Trigger> triggers;
    private final Baseline baseline;
    private final TriggerEvaluator evaluator;
    private final Observations history;
    private final List<TriggerTracker> trackers; // one per trigger; null: evaluate each check from scratch
    private final Map<String, Instant> pendingSince = new HashMap<>();

    public Watch(List<Trigger> triggers, Baseline baseline, TriggerEvaluator evaluator) {
        this(triggers, baseline, evaluator, null);
    }

    /**
     * @param history the previous release's samples over the baseline period, for a live release whose own series
     *                start at the deploy; the noise guards (per-request errors, event counts) read them as a replay
     *                reads the part of its trace before the deploy. Null when the observations already hold them.
     */
    public Watch(List<Trigger> triggers, Baseline baseline, TriggerEvaluator evaluator, Observations history) {
        this(triggers, baseline, evaluator, history, true);
    }

    private Watch(List<Trigger> triggers, Baseline baseline, TriggerEvaluator evaluator, Observations history, boolean incremental) {
        this.triggers = List.copyOf(triggers);
        this.baseline = baseline;
        this.evaluator = evaluator;
        this.history = history;
        this.trackers = incremental ? this.triggers.stream().map(t -> evaluator.tracker(t, baseline)).toList() : null;
    }

    /** A watch that searches and summarizes every window anew at each check: what the incremental one is tested against. */
    static Watch recomputingEachCheck(List<Trigger> triggers, Baseline baseline, TriggerEvaluator evaluator, Observations history) {
        return new Watch(triggers, baseline, evaluator, history, false);
    }

    /** Every trigger's evaluation at {@code now}; checks must come in time order. */
    public List<TriggerEvaluation> check(Observations current, Instant now) {
        Observations observations = history == null ? current : withHistory(current);
        List<TriggerEvaluation> out = new ArrayList<>(triggers.size());
        for (int i = 0; i < triggers.size(); i++) {
            TriggerEvaluation e = trackers == null ? evaluator.evaluate(triggers.get(i), observations, baseline, now)
                    : trackers.get(i).evaluate(observations, now);
            out.add(hold(e));
        }
        // a live watch merges new series at every check, so the trackers would never meet these again (see forgetObservations)
        if (history != null && trackers != null) trackers.forEach(TriggerTracker::forgetObservations);
        return out;
    }

    private TriggerEvaluation hold(TriggerEvaluation e) {
        Trigger t = e.trigger();
        if (e.status() != TriggerStatus.FIRING) {
            pendingSince.remove(t.name());
            return e;
        }
        Instant since = pendingSince.computeIfAbsent(t.name(), k -> e.at());
        Duration held = Duration.between(since, e.at());
        if (held.compareTo(t.holdFor()) >= 0) {
            if (t.holdFor().isZero()) return e;
            return new TriggerEvaluation(t, TriggerStatus.FIRING, e.at(), e.baseline(), e.current(), e.threshold(), e.samples(),
                    () -> e.reason() + "; held " + held.toSeconds() + "s (needs " + t.holdFor().toSeconds() + "s)", e.evidence());
        }
        return new TriggerEvaluation(t, TriggerStatus.PENDING, e.at(), e.baseline(), e.current(), e.threshold(), e.samples(),
                () -> e.reason() + "; held " + held.toSeconds() + "s of " + t.holdFor().toSeconds() + "s", e.evidence());
    }

    /**
     * A check at which the metrics could not be read at all (a live source down): like a no-data check, it resets every
     * hold, so a condition must be seen again for its whole hold time; time that nobody saw never counts towards it.
     */
    public void unseen() {
        pendingSince.clear();
    }

    public Baseline baseline() {
        return baseline;
    }

    /** Each series: the history before the deploy, then the release's own samples from the deploy on. */
    private Observations withHistory(Observations current) {
        Map<String, MetricSeries> merged = new HashMap<>();
        java.util.Set<String> names = new java.util.HashSet<>(current.metrics());
        names.addAll(history.metrics());
        for (String name : names) {
            List<Sample> samples = new ArrayList<>();
            history.get(name).ifPresent(s -> samples.addAll(s.between(Instant.MIN, baseline.to())));
            current.get(name).ifPresent(s -> samples.addAll(s.between(baseline.to(), Instant.MAX)));
            merged.put(name, new MetricSeries(name, samples));
        }
        return new Observations(merged);
    }
}
