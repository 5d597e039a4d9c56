package dev.rewind.console;

import dev.rewind.act.RollbackListener;
import dev.rewind.console.StagePrinter.Mark;
import dev.rewind.model.Alert;
import dev.rewind.model.Phase;
import dev.rewind.model.Severity;
import dev.rewind.model.Step;
import dev.rewind.model.StepOutcome;
import java.time.Duration;

/** Prints a running rollback as seed 002's stages: one stage per plan phase, a line per step with its time. */
public final class StageListener implements RollbackListener {
    private final StagePrinter out;

    public StageListener(StagePrinter out) {
        this.out = out;
    }

    @Override
    public void attemptStarted(String rollbackId, int attempt, int maxAttempts) {
        if (attempt > 1) out.line(Mark.WARN, "attempt " + attempt + " of " + maxAttempts + " (" + rollbackId + ")");
    }

    @Override
    public void phaseStarted(Phase phase) {
        out.stage(phase.name());
        out.line(Mark.INFO, phase.objective());
    }

    @Override
    public void stepFinished(Phase phase, Step step, StepOutcome outcome, Duration took) {
        Mark mark = switch (outcome) {
            case StepOutcome.Succeeded s -> Mark.OK;
            case StepOutcome.Failed f -> step.haltOnFailure() ? Mark.FAIL : Mark.WARN;
            case StepOutcome.Inconclusive i -> Mark.WARN;
            case StepOutcome.Skipped s -> Mark.INFO;
        };
        out.line(mark, step.description() + " (" + StagePrinter.human(took) + ")");
        if (outcome.detail() != null && !outcome.detail().isBlank()) out.detail(outcome.detail());
    }

    @Override
    public void phaseFinished(Phase phase, Duration took, boolean ok) {
        out.endStage(took);
    }

    /** A plan's manual gate holds the run: say what it asks, and how to answer (OperatorInput reads the answer). */
    @Override
    public void awaitingOperator(Phase phase, Step step, String message) {
        out.line(Mark.ACT, "manual gate " + step.id() + ": " + message + " (type go for the go-ahead, or abort [reason]; waits up to "
                + StagePrinter.human(step.timeout()) + ")");
    }

    @Override
    public void alerted(Alert alert) {
        out.line(alert.severity().atLeast(Severity.HIGH) ? Mark.FAIL : Mark.WARN, "ALERT [" + alert.severity().label() + "] " + alert.title());
    }
}
