package dev.rewind.model;

import java.time.Instant;

/**
 * Every measurement is kept, firing or not, with the reason for its verdict.
 *
 * @param baseline  the baseline value used, null when the trigger is absolute or the baseline had no data
 * @param current   the window's aggregate (or the failure run length for consecutive triggers), null without data
 * @param threshold the resolved limit, null when it could not be resolved
 * @param samples   samples in the window
 */
public record TriggerEvaluation(
        Trigger trigger,
        TriggerStatus status,
        Instant at,
        Double baseline,
        Double current,
        Double threshold,
        int samples,
        String reason) {

    public boolean firing() {
        return status == TriggerStatus.FIRING;
    }

    public Finding toFinding() {
        if (!firing()) throw new IllegalStateException("trigger " + trigger.name() + " is " + status + ", not firing");
        return new Finding(trigger.name(), trigger.metric(), trigger.severity(), trigger.automation(),
                baseline, current, threshold, at, reason);
    }
}
