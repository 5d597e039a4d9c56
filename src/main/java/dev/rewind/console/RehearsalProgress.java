package dev.rewind.console;

import dev.rewind.act.RollbackListener;
import dev.rewind.console.StagePrinter.Mark;
import dev.rewind.model.Alert;
import dev.rewind.model.Phase;
import dev.rewind.model.Severity;
import dev.rewind.model.Step;
import dev.rewind.model.StepOutcome;
import dev.rewind.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A rehearsal's progress: a bar that fills step by step with the time spent against the SLA, a line per phase with its
 * measured time against its estimate, and each phase's time kept (on the time source) for the comparison at the end.
 */
public final class RehearsalProgress implements RollbackListener {
    private static final int WIDTH = 24;

    private final StagePrinter out;
    private final TimeSource time;
    private final int totalSteps;
    private final Duration sla;
    private final Consumer<String> atGate;
    private final Map<String, Duration> phases = new LinkedHashMap<>();
    private final Map<String, Duration> estimates = new LinkedHashMap<>();
    private Instant started;
    private int done;

    /**
     * @param totalSteps the steps the run is expected to take (the bar's 100%)
     * @param atGate     called when a manual gate holds the run, with the gate's message
     */
    public RehearsalProgress(StagePrinter out, TimeSource time, int totalSteps, Duration sla, Consumer<String> atGate) {
        this.out = out;
        this.time = time;
        this.totalSteps = Math.max(1, totalSteps);
        this.sla = sla;
        this.atGate = atGate;
    }

    /** Each phase's measured time, in the order the phases ran (a phase run twice, by a retry, counts both times). */
    public Map<String, Duration> phaseTimes() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(phases));
    }

    /** Each phase's estimate, as the compiled plan that ran says. */
    public Map<String, Duration> phaseEstimates() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(estimates));
    }

    @Override
    public void attemptStarted(String rollbackId, int attempt, int maxAttempts) {
        if (started == null) started = time.now();
        if (attempt > 1) out.line(Mark.WARN, "attempt " + attempt + " of " + maxAttempts + " (" + rollbackId + ")");
    }

    @Override
    public void phaseStarted(Phase phase) {
        if (started == null) started = time.now();
        estimates.putIfAbsent(phase.name(), phase.estimate());
        out.line(Mark.INFO, phase.name() + " (estimate " + StagePrinter.human(phase.estimate()) + "): " + phase.objective());
    }

    @Override
    public void stepFinished(Phase phase, Step step, StepOutcome outcome, Duration took) {
        done++;
        String mark = switch (outcome) {
            case StepOutcome.Succeeded s -> "✔";
            case StepOutcome.Failed f -> "✘";
            case StepOutcome.Inconclusive i -> "⚠";
            case StepOutcome.Skipped s -> "•";
        };
        out.out().println("  " + bar() + " " + Math.min(done, totalSteps) + "/" + totalSteps + "  " + mark + " " + step.id() + " ("
                + StagePrinter.human(took) + ")  " + clock());
        if (!(outcome instanceof StepOutcome.Succeeded) && outcome.detail() != null) out.detail(outcome.detail());
    }

    @Override
    public void phaseFinished(Phase phase, Duration took, boolean ok) {
        phases.merge(phase.name(), took, Duration::plus);
        Duration estimate = phase.estimate();
        out.line(ok ? Mark.OK : Mark.FAIL, phase.name() + ": " + StagePrinter.human(took) + " against an estimate of " + StagePrinter.human(estimate));
    }

    @Override
    public void alerted(Alert alert) {
        out.line(alert.severity().atLeast(Severity.HIGH) ? Mark.FAIL : Mark.WARN, "ALERT [" + alert.severity().label() + "] " + alert.title());
    }

    @Override
    public void awaitingOperator(Phase phase, Step step, String message) {
        out.line(Mark.ACT, "manual gate " + step.id() + ": " + message);
        atGate.accept(message);
    }

    private String bar() {
        int filled = Math.min(WIDTH, done * WIDTH / totalSteps);
        return "[" + "█".repeat(filled) + "░".repeat(WIDTH - filled) + "]";
    }

    private String clock() {
        Duration elapsed = started == null ? Duration.ZERO : Duration.between(started, time.now());
        return StagePrinter.human(elapsed) + (sla == null ? "" : " of SLA " + StagePrinter.human(sla));
    }
}
