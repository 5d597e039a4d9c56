package dev.rewind.model;

import java.time.Duration;
import java.util.Objects;

/**
 * One journaled step of a plan.
 *
 * @param haltOnFailure true: a failure stops the plan (and triggers a retry); false: alert and go on
 *                      (seed 000: a failed flag switch raises a critical alert, the revert still runs)
 */
public record Step(String id, String description, StepAction action, Duration timeout, Duration estimate, boolean haltOnFailure) {
    public Step {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(action, "action");
        estimate = estimate == null ? Duration.ZERO : estimate;
    }
}
