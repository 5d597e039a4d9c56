package dev.rewind.model;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Every measurement is kept, firing or not, with the reason for its verdict.
 * <p>
 * A class rather than a record only so the reason can be written when it is first read: a replay makes one of
 * these per trigger per check (93,000 for a two-week trace) and reads the reason of the few that fire, and
 * formatting the others was most of its time. It is a value all the same: immutable, equal by every field.
 */
public final class TriggerEvaluation {
    private final Trigger trigger;
    private final TriggerStatus status;
    private final Instant at;
    private final Double baseline;
    private final Double current;
    private final Double threshold;
    private final int samples;
    private final Supplier<String> reasonSource;
    private final Evidence evidence;
    private volatile String reason;

    /**
     * @param baseline  the baseline value used, null when the trigger is absolute or the baseline had no data
     * @param current   the window's aggregate (or the failure run length for consecutive triggers), null without data
     * @param threshold the resolved limit, null when it could not be resolved
     * @param samples   samples in the window
     */
    public TriggerEvaluation(Trigger trigger, TriggerStatus status, Instant at, Double baseline, Double current,
                             Double threshold, int samples, String reason) {
        this(trigger, status, at, baseline, current, threshold, samples, () -> reason);
        Objects.requireNonNull(reason, "reason");
        this.reason = reason;
    }

    /** @param reason written on the first call to {@link #reason()}; it must give the same text every time */
    public TriggerEvaluation(Trigger trigger, TriggerStatus status, Instant at, Double baseline, Double current,
                             Double threshold, int samples, Supplier<String> reason) {
        this(trigger, status, at, baseline, current, threshold, samples, reason, null);
    }

    /** @param evidence a sequential test's statistic and counts (null for a window rule) */
    public TriggerEvaluation(Trigger trigger, TriggerStatus status, Instant at, Double baseline, Double current,
                             Double threshold, int samples, Supplier<String> reason, Evidence evidence) {
        this.evidence = evidence;
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        this.status = Objects.requireNonNull(status, "status");
        this.at = Objects.requireNonNull(at, "at");
        this.baseline = baseline;
        this.current = current;
        this.threshold = threshold;
        this.samples = samples;
        this.reasonSource = Objects.requireNonNull(reason, "reason");
    }

    public Trigger trigger() {
        return trigger;
    }

    public TriggerStatus status() {
        return status;
    }

    public Instant at() {
        return at;
    }

    public Double baseline() {
        return baseline;
    }

    public Double current() {
        return current;
    }

    public Double threshold() {
        return threshold;
    }

    public int samples() {
        return samples;
    }

    /** A sequential test's statistic and counts; null for a window rule. */
    public Evidence evidence() {
        return evidence;
    }

    /** Why the trigger has this status ("error_rate 5.2 > 1 (baseline 0.5 x 2.0, mean over 5m)"). */
    public String reason() {
        String r = reason;
        if (r == null) {
            // two threads may both format it; the text is the same, so either write is fine
            r = Objects.requireNonNull(reasonSource.get(), "reason");
            reason = r;
        }
        return r;
    }

    /** The same verdict, for the same reason, at another check: a window that has not moved judges the same. */
    public TriggerEvaluation sameVerdictAt(Instant when) {
        return new TriggerEvaluation(trigger, status, when, baseline, current, threshold, samples, this::reason, evidence);
    }

    public boolean firing() {
        return status == TriggerStatus.FIRING;
    }

    public Finding toFinding() {
        if (!firing()) throw new IllegalStateException("trigger " + trigger.name() + " is " + status + ", not firing");
        return new Finding(trigger.name(), trigger.metric(), trigger.severity(), trigger.automation(),
                baseline, current, threshold, at, reason(), evidence);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TriggerEvaluation e && trigger.equals(e.trigger) && status == e.status && at.equals(e.at)
                && Objects.equals(baseline, e.baseline) && Objects.equals(current, e.current)
                && Objects.equals(threshold, e.threshold) && samples == e.samples && reason().equals(e.reason())
                && Objects.equals(evidence, e.evidence);
    }

    @Override
    public int hashCode() {
        return Objects.hash(trigger, status, at, baseline, current, threshold, samples, reason());
    }

    @Override
    public String toString() {
        return "TriggerEvaluation[trigger=" + trigger + ", status=" + status + ", at=" + at + ", baseline=" + baseline
                + ", current=" + current + ", threshold=" + threshold + ", samples=" + samples + ", reason=" + reason()
                + (evidence == null ? "" : ", evidence=" + evidence) + "]";
    }
}
