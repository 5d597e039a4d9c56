package dev.rewind.act;

import dev.rewind.model.Alert;
import dev.rewind.model.Phase;
import dev.rewind.model.Step;
import dev.rewind.model.StepOutcome;
import java.time.Duration;

/** Progress of a running rollback, for seed 002-style staged output (CLI) and server-sent events. */
public interface RollbackListener {
    RollbackListener NONE = new RollbackListener() {
    };

    default void attemptStarted(String rollbackId, int attempt, int maxAttempts) {
    }

    default void phaseStarted(Phase phase) {
    }

    default void stepStarted(Phase phase, Step step) {
    }

    /** @param took time on the TimeSource */
    default void stepFinished(Phase phase, Step step, StepOutcome outcome, Duration took) {
    }

    /** @param ok false when a step of the phase failed */
    default void phaseFinished(Phase phase, Duration took, boolean ok) {
    }

    default void alerted(Alert alert) {
    }

    /** The run stopped between steps for an operator's pause ({@code true}) or goes on after it ({@code false}). */
    default void held(boolean paused) {
    }

    /** A manual gate holds the run: an operator must resume it (go-ahead) or abort it. */
    default void awaitingOperator(Phase phase, Step step, String message) {
    }
}
