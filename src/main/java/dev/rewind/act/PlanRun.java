package dev.rewind.act;

import dev.rewind.model.MaintenanceMode;
import dev.rewind.model.Phase;
import dev.rewind.model.Severity;
import dev.rewind.model.Step;
import dev.rewind.model.StepAction;
import dev.rewind.model.StepOutcome;
import dev.rewind.store.RollbackJournal;
import dev.rewind.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** One attempt at a plan: each step journaled before and after, halting on a failed halt-on-failure step. */
final class PlanRun {
    private static final Duration PAUSE_POLL = Duration.ofSeconds(1);

    private final StepRunner steps;
    private final StepProbe probe;
    private final RollbackJournal journal;
    private final TimeSource time;
    private final RollbackListener listener;
    private final Alerts alerts;
    /**
     * State captures that succeeded in an earlier attempt, by step id. A retry keeps them: the state before the first
     * change was taken once, and taking it again would keep what attempt 1 left (and a dump in the same second fails).
     */
    private final Map<String, StepOutcome> captured = new java.util.HashMap<>();
    /**
     * Steps cut off at their timeout in an earlier attempt: whatever they sent may have landed after all (a stalled
     * HAProxy that wakes up applies the weights it had read), so the next attempt asks the world before acting again.
     */
    private final java.util.Set<String> cutOff = new java.util.HashSet<>();

    PlanRun(StepRunner steps, StepProbe probe, RollbackJournal journal, TimeSource time, RollbackListener listener, Alerts alerts) {
        this.steps = steps;
        this.probe = probe;
        this.journal = journal;
        this.time = time;
        this.listener = listener;
        this.alerts = alerts;
    }

    /**
     * How one attempt ended. {@code haltedAt} is the failed step that stopped it, null when every step ran.
     * {@code unverified} says why the recovery was not proven by metrics (blind, not configured), null when it was.
     * {@code heldInMaintenance} is the maintenance the service was left in (seed 001: a failed check keeps it there), or null.
     */
    record Attempt(Step haltedAt, String haltDetail, boolean retryable, boolean systemic, boolean aborted,
                   boolean flagDeactivated, Boolean metricsNormalized, Long normalizationTimeSec, boolean checksFailed,
                   String unverified, MaintenanceMode heldInMaintenance) {
    }

    private static final String NO_VERIFICATION = "the plan has no metric verification step";

    /**
     * What a resumed attempt takes from the journal: the outcome of each step that ended (kept, not run again) and
     * the step that started and never ended (checked before it runs again).
     */
    record Resumption(Map<String, StepOutcome> done, String interrupted) {
        static final Resumption NONE = new Resumption(Map.of(), null);

        Resumption {
            done = Map.copyOf(done);
        }
    }

    Attempt run(RollbackRequest req, int attempt, RollbackControl control) {
        return run(req, attempt, control, Resumption.NONE);
    }

    Attempt run(RollbackRequest req, int attempt, RollbackControl control, Resumption resumed) {
        String id = req.id();
        boolean flagOff = false;
        boolean checksFailed = false;
        Boolean normalized = null;
        Long normalizationSec = null;
        String unverified = NO_VERIFICATION;
        MaintenanceMode maintenance = null; // on since its step succeeded, until the step ending it succeeds
        for (Phase phase : req.plan().phases()) {
            Instant phaseStart = time.now();
            listener.phaseStarted(phase);
            boolean phaseOk = true;
            for (Step step : phase.steps()) {
                StepOutcome kept = resumed.done().get(step.id());
                if (kept == null && step.action() instanceof StepAction.CaptureState) kept = captured.get(step.id());
                if (kept == null && waitWhilePaused(id, attempt, control)) {
                    listener.phaseFinished(phase, Duration.between(phaseStart, time.now()), false);
                    return new Attempt(step, control.abortReason(), false, false, true, flagOff, normalized, normalizationSec, checksFailed, unverified, maintenance);
                }
                // seed 001: "health checks pass? NO -> keep in maintenance, escalate": the exit is not run, nor anything after it
                if (maintenance != null && checksFailed && step.action() instanceof StepAction.ExitMaintenance) {
                    listener.phaseFinished(phase, Duration.between(phaseStart, time.now()), false);
                    return new Attempt(null, null, false, false, false, flagOff, normalized, normalizationSec, true, unverified, maintenance);
                }
                StepOutcome outcome = kept != null ? kept
                        : step.id().equals(resumed.interrupted()) ? recheck(req, attempt, phase, step, "when the rollback was resumed")
                        : cutOff.remove(step.id()) ? recheck(req, attempt, phase, step, "after it timed out in attempt " + (attempt - 1))
                        : step.action() instanceof StepAction.ManualGate gate ? atGate(req, attempt, phase, step, gate, control)
                        : runStep(req, attempt, phase, step);
                if (kept == null && step.action() instanceof StepAction.ManualGate && control.aborted()) {
                    journal.event(id, attempt, "ABORTED", "aborted", control.abortReason(), Map.of(), time.now());
                    listener.phaseFinished(phase, Duration.between(phaseStart, time.now()), false);
                    return new Attempt(step, control.abortReason(), false, false, true, flagOff, normalized, normalizationSec, checksFailed, unverified, maintenance);
                }
                if (step.action() instanceof StepAction.CaptureState && outcome instanceof StepOutcome.Succeeded) captured.put(step.id(), outcome);
                if (kept == null && Boolean.TRUE.equals(outcome.data().get(StepDeadline.TIMED_OUT))) cutOff.add(step.id());
                boolean failed = outcome instanceof StepOutcome.Failed;
                phaseOk &= !failed;
                switch (step.action()) {
                    case StepAction.DisableFlag f -> flagOff |= outcome instanceof StepOutcome.Succeeded;
                    case StepAction.EnterMaintenance m -> maintenance = outcome instanceof StepOutcome.Succeeded ? m.mode() : maintenance;
                    case StepAction.ExitMaintenance m -> maintenance = outcome instanceof StepOutcome.Succeeded ? null : maintenance;
                    case StepAction.VerifyMetrics v -> {
                        normalized = outcome instanceof StepOutcome.Succeeded;
                        normalizationSec = outcome.data().get("normalization_time_sec") instanceof Number n ? n.longValue() : null;
                        unverified = switch (outcome) {
                            case StepOutcome.Succeeded ok -> null;
                            case StepOutcome.Failed off -> null; // proven off: the rollback failed, which is not "unverified"
                            case StepOutcome.Inconclusive blind -> blind.detail();
                            case StepOutcome.Skipped skipped -> "metrics were not compared: " + skipped.detail();
                        };
                    }
                    default -> { }
                }
                if (!failed) continue;
                if (step.haltOnFailure()) {
                    listener.phaseFinished(phase, Duration.between(phaseStart, time.now()), false);
                    Map<String, Object> d = outcome.data();
                    return new Attempt(step, outcome.detail(), !Boolean.FALSE.equals(d.get(StepRunner.RETRYABLE)),
                            Boolean.TRUE.equals(d.get(StepRunner.SYSTEMIC)), false, flagOff, normalized, normalizationSec, checksFailed, unverified, maintenance);
                }
                checksFailed |= step.action() instanceof StepAction.VerifyMetrics || step.action() instanceof StepAction.RunSmokeTests
                        || step.action() instanceof StepAction.AwaitConvergence;
                if (kept != null) continue; // it alerted when it ran
                alerts.send(id, attempt, Severity.CRITICAL, failureTitle(step), outcome.detail() + "; the rollback goes on",
                        Map.of("step", step.id(), "action", step.action().journalName()));
            }
            listener.phaseFinished(phase, Duration.between(phaseStart, time.now()), phaseOk);
        }
        return new Attempt(null, null, false, false, false, flagOff, normalized, normalizationSec, checksFailed, unverified, maintenance);
    }

    private StepOutcome runStep(RollbackRequest req, int attempt, Phase phase, Step step) {
        return journaled(req, attempt, phase, step, () -> steps.run(step.action(), req.release().environment(), req.baseline(), req.plan().strategy()));
    }

    /**
     * The step the process died in: its effect may be in place already. The outside world is asked first (is the flag
     * off, is the traffic on the target?); a step found done is recorded as done and not run again, a step that cannot
     * be asked and is safe to repeat runs again, and one that is not safe to repeat fails for a person to look at.
     */
    private StepOutcome recheck(RollbackRequest req, int attempt, Phase phase, Step step, String when) {
        return journaled(req, attempt, phase, step, () -> switch (probe.check(step.action())) {
            case StepProbe.Done d -> new StepOutcome.Succeeded("already done " + when + ": " + d.detail(),
                    with(d.data(), "resumed", "found done; not run again"));
            case StepProbe.Unsafe u -> new StepOutcome.Failed("interrupted, and not repeated: " + u.detail(),
                    Map.of(StepRunner.RETRYABLE, false, "resumed", "not safe to repeat"));
            case StepProbe.NotDone n -> again(steps.run(step.action(), req.release().environment(), req.baseline(), req.plan().strategy()),
                    "run again: " + n.detail());
            case StepProbe.CannotTell c -> again(steps.run(step.action(), req.release().environment(), req.baseline(), req.plan().strategy()),
                    "run again: " + c.detail());
        });
    }

    private static StepOutcome again(StepOutcome o, String why) {
        return switch (o) {
            case StepOutcome.Succeeded s -> new StepOutcome.Succeeded(s.detail(), with(s.data(), "resumed", why));
            case StepOutcome.Failed f -> new StepOutcome.Failed(f.detail(), with(f.data(), "resumed", why));
            case StepOutcome.Inconclusive i -> new StepOutcome.Inconclusive(i.detail(), with(i.data(), "resumed", why));
            case StepOutcome.Skipped s -> s;
        };
    }

    private static Map<String, Object> with(Map<String, Object> data, String key, Object value) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(data);
        out.put(key, value);
        return out;
    }

    private StepOutcome journaled(RollbackRequest req, int attempt, Phase phase, Step step, java.util.function.Supplier<StepOutcome> act) {
        listener.stepStarted(phase, step);
        Instant start = time.now();
        long seq = journal.begin(req.id(), attempt, phase.name(), step, start);
        // a call that hangs is cut off at the step's timeout (StepDeadline); one that returned late on the engine's
        // clock (a wait under a manual clock) is caught here, when it returns
        StepOutcome outcome = StepDeadline.run(cutOffAfter(step), step.id(), act);
        Instant end = time.now();
        Duration took = Duration.between(start, end);
        if (step.timeout() != null && took.compareTo(step.timeout()) > 0 && !(outcome instanceof StepOutcome.Failed)) {
            outcome = new StepOutcome.Failed("took " + took.toSeconds() + "s, over its " + step.timeout().toSeconds()
                    + "s limit (" + outcome.detail() + ")", outcome.data());
        }
        journal.finish(req.id(), seq, outcome, end);
        listener.stepFinished(phase, step, outcome, took);
        return outcome;
    }

    /**
     * When a hung step is cut off: at its timeout, except for waits that end themselves at a limit of their own (a plan
     * file's await_healthy waits exactly its step's timeout), which get a minute more, so that their own, more telling
     * outcome ("not healthy after 120s": a systemic issue) is the one journaled, and the cut-off only ends a wait whose
     * probe hangs. A database restore is never cut off: stopping pg_restore midway leaves a half-restored database,
     * worse than a late one; its overrun is caught when it returns.
     */
    private static Duration cutOffAfter(Step step) {
        if (step.timeout() == null) return null;
        return switch (step.action()) {
            case StepAction.RestoreDatabase r -> null;
            case StepAction.AwaitHealthy h -> step.timeout().plus(SELF_LIMITED_GRACE);
            case StepAction.AwaitConvergence c -> step.timeout().plus(SELF_LIMITED_GRACE);
            case StepAction.VerifyMetrics v -> step.timeout().plus(SELF_LIMITED_GRACE);
            default -> step.timeout();
        };
    }

    private static final Duration SELF_LIMITED_GRACE = Duration.ofMinutes(1);

    /**
     * A manual gate (seed 004, level 4) holds the run until an operator resumes it, aborts it, or the step's timeout
     * passes without a go-ahead (a failure that halts the plan, like any step's). The wait is the step's time.
     */
    private StepOutcome atGate(RollbackRequest req, int attempt, Phase phase, Step step, StepAction.ManualGate gate, RollbackControl control) {
        listener.stepStarted(phase, step);
        Instant start = time.now();
        long seq = journal.begin(req.id(), attempt, phase.name(), step, start);
        control.pause();
        control.holding(true);
        listener.awaitingOperator(phase, step, gate.message());
        try {
            while (control.paused() && !control.aborted() && Duration.between(start, time.now()).compareTo(step.timeout()) < 0) {
                time.pause(PAUSE_POLL);
            }
        } finally {
            control.holding(false);
        }
        Duration waited = Duration.between(start, time.now());
        Map<String, Object> data = Map.of("waited_sec", waited.toSeconds(), "message", gate.message());
        StepOutcome outcome;
        if (control.aborted()) {
            outcome = new StepOutcome.Failed("aborted at the gate: " + control.abortReason(), data);
        } else if (control.paused()) {
            control.resume();
            outcome = new StepOutcome.Failed("no go-ahead within " + step.timeout().toSeconds() + "s: " + gate.message(),
                    Map.of("waited_sec", waited.toSeconds(), "message", gate.message(), StepRunner.RETRYABLE, false));
        } else {
            outcome = steps.run(step.action(), req.release().environment(), req.baseline(), req.plan().strategy());
        }
        journal.finish(req.id(), seq, outcome, time.now());
        listener.stepFinished(phase, step, outcome, waited);
        return outcome;
    }

    /** @return true when the operator aborted; throws {@link RollbackStopped} when the rollback is handed over */
    private boolean waitWhilePaused(String id, int attempt, RollbackControl control) {
        if (control.paused() && !control.aborted() && !control.stopped()) {
            journal.event(id, attempt, "PAUSED", "paused", "paused by operator", Map.of(), time.now());
            control.holding(true);
            listener.held(true);
            try {
                while (control.paused() && !control.aborted() && !control.stopped()) time.pause(PAUSE_POLL);
            } finally {
                control.holding(false);
            }
            listener.held(false);
            if (!control.aborted() && !control.stopped()) journal.event(id, attempt, "RESUMED", "resumed", "resumed by operator", Map.of(), time.now());
        }
        if (control.stopped() && !control.aborted()) {
            journal.event(id, attempt, "STOPPED", "handed_over", control.stopReason() + "; the next step is left to whoever resumes the rollback",
                    Map.of(), time.now());
            throw new RollbackStopped(control.stopReason());
        }
        if (control.aborted()) {
            journal.event(id, attempt, "ABORTED", "aborted", control.abortReason(), Map.of(), time.now());
            return true;
        }
        return false;
    }

    private static String failureTitle(Step step) {
        return switch (step.action()) {
            case StepAction.DisableFlag f -> "Feature flag " + f.flag() + " could not be turned off";
            case StepAction.VerifyMetrics v -> "Metrics did not normalize after rolling back to " + v.version();
            case StepAction.RunSmokeTests s -> "Smoke tests failed after the rollback";
            case StepAction.ResumeSync s -> "GitOps sync of " + s.app() + " could not be resumed: it stays paused";
            case StepAction.AwaitConvergence c -> c.app() + " did not converge on the reverted revision";
            case StepAction.ExitMaintenance m -> m.service() + " could not be taken out of maintenance";
            default -> "Rollback step " + step.id() + " failed";
        };
    }
}
