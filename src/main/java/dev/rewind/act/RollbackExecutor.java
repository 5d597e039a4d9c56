package dev.rewind.act;

import dev.rewind.model.AlertEvent;
import dev.rewind.model.Batch;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.model.Severity;
import dev.rewind.store.RollbackJournal;
import dev.rewind.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs rollback plans: every step journaled before and after it acts, the whole plan retried up to
 * {@code maxAttempts} when a halting step fails, an unhealthy target escalated as a systemic issue (seed 001),
 * and the result's actions_log read back from the journal.
 */
public final class RollbackExecutor {
    private final Actuators actuators;
    private final RollbackJournal journal;
    private final TimeSource time;
    private final int maxAttempts;
    private final RollbackListener listener;
    /** Seed 004's failure escalation for plans as code ({@link RegionalRollback}); null: not escalated by the ladder. */
    private final Escalation escalation;

    public RollbackExecutor(Actuators actuators, RollbackJournal journal, TimeSource time, int maxAttempts, RollbackListener listener) {
        this(actuators, journal, time, maxAttempts, listener, null);
    }

    RollbackExecutor(Actuators actuators, RollbackJournal journal, TimeSource time, int maxAttempts, RollbackListener listener, Escalation escalation) {
        if (maxAttempts < 1) throw new IllegalArgumentException("max_rollback_attempts must be >= 1, got " + maxAttempts);
        this.actuators = actuators;
        this.journal = journal;
        this.time = time;
        this.maxAttempts = maxAttempts;
        this.listener = listener == null ? RollbackListener.NONE : listener;
        this.escalation = escalation;
    }

    public RollbackExecutor(Actuators actuators, RollbackJournal journal, TimeSource time, int maxAttempts) {
        this(actuators, journal, time, maxAttempts, RollbackListener.NONE);
    }

    public RollbackResult execute(RollbackRequest request) {
        return execute(request, new RollbackControl());
    }

    public RollbackResult execute(RollbackRequest req, RollbackControl control) {
        return run(req, control, null, null).result();
    }

    /**
     * Carries on a rollback whose process died (or whose replica lost it) from its journal: the attempt it was in
     * goes on, every step that ended keeps its outcome and is not run again, and the step that was cut off is checked
     * against the outside world before it runs again ({@link StepProbe}). A rollback whose executor had finished gets
     * its result back without acting. {@code why} says who resumes it and why, for the journal and the alert.
     */
    public RollbackResult resume(RollbackRequest req, RollbackControl control, String why) {
        return run(req, control, JournalProgress.of(journal.entries(req.id())), why).result();
    }

    /**
     * Carries on from {@code progress}, a part of the journal (one region's rows, for a plan as code with regions).
     * {@code why} null: a region that had ended, rebuilt without saying it was resumed.
     */
    RollbackResult resume(RollbackRequest req, RollbackControl control, String why, JournalProgress progress) {
        return run(req, control, progress, why).result();
    }

    private record Run(RollbackResult result, boolean completed) {
    }

    private Run run(RollbackRequest req, RollbackControl control, JournalProgress resumed, String why) {
        Alerts alerts = new Alerts(actuators.notifier(), journal, listener, time, alertContext(req));
        StepRunner steps = new StepRunner(actuators, time);
        PlanRun planRun = new PlanRun(steps, new StepProbe(actuators), journal, time, listener, alerts);
        Release rel = req.release();
        Instant started = resumed != null && resumed.startedAt() != null ? resumed.startedAt() : time.now();
        if (resumed == null) {
            alerts.send(req.id(), 0, AlertEvent.STARTED, Severity.CRITICAL, "Rollback initiated: " + rel.service() + " " + rel.version() + " -> " + req.targetVersion(),
                    "environment " + rel.environment() + ", plan " + req.plan().name() + " (" + req.plan().strategy() + ")",
                    Map.of("service", rel.service(), "environment", rel.environment()));
        } else {
            resumed.done().forEach((stepId, outcome) -> req.plan().phases().stream().flatMap(p -> p.steps().stream())
                    .filter(s -> s.id().equals(stepId)).findFirst().ifPresent(s -> steps.remember(s.action(), outcome)));
            if (why != null) announceResume(req, resumed, why, alerts);
            if (resumed.finished() != null) return rebuilt(req, control, planRun, resumed, started);
        }
        PlanRun.Attempt last = null;
        boolean flagOff = resumed != null && resumed.flagOffEarlier();
        // a resumed rollback goes on with the attempt its journal opened, without opening it again
        boolean continuing = resumed != null && resumed.attempt() > 0;
        int attempt = continuing ? resumed.attempt() - 1 : 0;
        while (attempt < maxAttempts || continuing) {
            attempt++;
            listener.attemptStarted(req.id(), attempt, maxAttempts);
            if (!continuing) journal.event(req.id(), attempt, "ATTEMPT", "started", "attempt " + attempt + " of " + maxAttempts, Map.of(), time.now());
            last = planRun.run(req, attempt, control, continuing ? resumed.resumption() : PlanRun.Resumption.NONE);
            continuing = false;
            flagOff |= last.flagDeactivated();
            if (escalation != null && last.haltedAt() != null && !last.aborted()) escalateFailure(req, attempt, last);
            if (last.haltedAt() == null || last.systemic() || last.aborted() || !last.retryable()) break;
            if (attempt < maxAttempts) {
                Duration wait = retryBackoff(attempt);
                alerts.send(req.id(), attempt, Severity.HIGH, "Rollback attempt " + attempt + " failed; retrying",
                        "step " + last.haltedAt().id() + ": " + last.haltDetail() + "; attempt " + (attempt + 1) + " in " + wait.toSeconds() + "s",
                        Map.of("step", last.haltedAt().id(), "retry_in_sec", wait.toSeconds()));
                // a router restarting or an API server failing over needs a moment; retrying at once would meet it again
                time.pause(wait);
            }
        }
        RollbackStatus status = conclude(req, last, attempt, alerts);
        if (last.heldInMaintenance() != null) holdInMaintenance(req, attempt, last, alerts);
        checkSla(req, started, attempt, alerts);
        Instant finished = time.now();
        journal.event(req.id(), attempt, "ROLLBACK_FINISHED", status.label(), null, Map.of("attempts", attempt), finished);
        RollbackResult result = new RollbackResult(req.id(), status, rel.service(), rel.environment(), rel.version(), req.targetVersion(),
                flagOff, Boolean.TRUE.equals(last.metricsNormalized()), last.normalizationTimeSec(), attempt, started, finished,
                journal.actionsLog(req.id()), null, status == RollbackStatus.SUCCESS_UNVERIFIED ? last.unverified() : null);
        return new Run(result, last.haltedAt() == null);
    }

    /** The wait before attempt {@code failed + 1}: 5 s, then 10 s, 20 s, ... at most a minute. */
    static Duration retryBackoff(int failed) {
        return Duration.ofSeconds(Math.min(60, 5L << Math.min(failed - 1, 4)));
    }

    private void announceResume(RollbackRequest req, JournalProgress resumed, String why, Alerts alerts) {
        String kept = resumed.done().isEmpty() ? "no step had ended" : "kept " + String.join(", ", resumed.done().keySet());
        String cut = resumed.interrupted() == null ? "" : "; " + resumed.interrupted() + " was cut off and is checked before it runs again";
        String where = resumed.finished() != null ? "its steps had ended (" + resumed.finished().label() + "); only the report is left"
                : resumed.attempt() == 0 ? "no attempt had begun" : "attempt " + resumed.attempt() + " goes on: " + kept + cut;
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("attempt", resumed.attempt());
        data.put("kept", List.copyOf(resumed.done().keySet()));
        if (resumed.interrupted() != null) data.put("interrupted", resumed.interrupted());
        journal.event(req.id(), resumed.attempt(), "RESUMED_FROM_JOURNAL", "resumed", why + "; " + where, data, time.now());
        alerts.send(req.id(), resumed.attempt(), Severity.HIGH, "Rollback resumed: " + req.release().service() + " " + req.release().version()
                + " -> " + req.targetVersion(), why + "; " + where, Map.of("service", req.release().service()));
    }

    /** The executor had ended before the process died: its result, read back, with nothing run and nothing alerted again. */
    private Run rebuilt(RollbackRequest req, RollbackControl control, PlanRun planRun, JournalProgress resumed, Instant started) {
        Release rel = req.release();
        int attempt = Math.max(1, resumed.attempt());
        PlanRun.Attempt last = planRun.run(req, attempt, control, resumed.resumption());
        RollbackStatus status = resumed.finished();
        RollbackResult result = new RollbackResult(req.id(), status, rel.service(), rel.environment(), rel.version(), req.targetVersion(),
                resumed.flagOffEarlier() || last.flagDeactivated(), Boolean.TRUE.equals(last.metricsNormalized()), last.normalizationTimeSec(), attempt,
                started, time.now(), journal.actionsLog(req.id()), null, status == RollbackStatus.SUCCESS_UNVERIFIED ? last.unverified() : null);
        return new Run(result, last.haltedAt() == null);
    }

    private void escalateFailure(RollbackRequest req, int attempt, PlanRun.Attempt failed) {
        escalation.failed(req.id(), attempt, req.release().environment() + ": attempt " + attempt + " of " + maxAttempts + " halted at step "
                + failed.haltedAt().id() + " (" + failed.haltDetail() + ")");
    }

    /**
     * Seed 001: "health checks pass? NO -> keep in maintenance, escalate". The journal says so (an action the result, the
     * report and the dashboard read), the operator is told how to end it by hand, and the failure ladder (if any) hears it.
     */
    private void holdInMaintenance(RollbackRequest req, int attempt, PlanRun.Attempt last, Alerts alerts) {
        dev.rewind.model.MaintenanceMode m = last.heldInMaintenance();
        Release rel = req.release();
        String why = last.haltedAt() != null ? "step " + last.haltedAt().id() + " failed: " + last.haltDetail()
                : last.aborted() ? "the rollback was aborted" : "verification failed after the rollback to " + req.targetVersion();
        String end = "rewind maintenance off --environment " + rel.environment() + (m.via() == dev.rewind.model.MaintenanceMode.Via.ROUTER
                ? " --to " + req.targetVersion() : "") + " --reason '...'";
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("via", m.via().label());
        data.put(m.via() == dev.rewind.model.MaintenanceMode.Via.ROUTER ? "target" : "flag", m.name());
        data.put("reason", why);
        data.put("end_with", end);
        journal.event(req.id(), attempt, dev.rewind.model.MaintenanceMode.HELD, "held", rel.service() + " in " + rel.environment()
                + " is held in maintenance (" + m.describe() + "): " + why, data, time.now());
        alerts.send(req.id(), attempt, AlertEvent.ESCALATED, Severity.CRITICAL, "Held in maintenance: " + rel.service() + " in " + rel.environment(),
                why + ". Users see the maintenance page until an operator ends it (" + end + ") after checking the service.",
                Map.of("maintenance", m.describe()));
        if (escalation != null) escalation.failed(req.id(), attempt, rel.environment() + ": held in maintenance, " + why);
    }

    /** What every alert of this rollback says about it, for the channels that render it. */
    private static Map<String, Object> alertContext(RollbackRequest req) {
        Map<String, Object> c = new java.util.LinkedHashMap<>();
        c.put("service", req.release().service());
        c.put("environment", req.release().environment());
        c.put("from_version", req.release().version());
        c.put("to_version", req.targetVersion());
        c.values().removeIf(java.util.Objects::isNull);
        return c;
    }

    /** Seed 004: a rollback slower than its SLA is a breach to review, whatever its outcome. */
    private void checkSla(RollbackRequest req, Instant started, int attempts, Alerts alerts) {
        java.time.Duration took = java.time.Duration.between(started, time.now());
        if (req.plan().sla() == null || took.compareTo(req.plan().sla()) <= 0) return;
        alerts.send(req.id(), attempts, Severity.HIGH, "SLA breach: the rollback took " + took.toSeconds() + "s",
                "SLA " + req.plan().sla().toSeconds() + "s; review the rollback plan", Map.of("took_sec", took.toSeconds()));
    }

    private RollbackStatus conclude(RollbackRequest req, PlanRun.Attempt last, int attempts, Alerts alerts) {
        String target = req.targetVersion();
        if (last.systemic()) {
            alerts.send(req.id(), attempts, AlertEvent.ESCALATED, Severity.CRITICAL, "Systemic issue: previous version " + target + " is unhealthy too",
                    last.haltDetail() + "; rolling back would not help. Escalating: keep " + req.release().version()
                            + " in maintenance and investigate shared dependencies.", Map.of("target", target));
            return RollbackStatus.ESCALATED;
        }
        if (last.aborted()) {
            alerts.send(req.id(), attempts, AlertEvent.ABORTED, Severity.HIGH, "Rollback aborted: " + req.release().service() + " stopped before step " + last.haltedAt().id(),
                    "aborted (" + last.haltDetail() + "). What ran is in the journal; nothing after it was done.",
                    Map.of("step", last.haltedAt().id()));
            return RollbackStatus.ABORTED;
        }
        if (last.haltedAt() != null) {
            String why = "step " + last.haltedAt().id() + " failed after " + attempts + " attempt(s): " + last.haltDetail();
            alerts.send(req.id(), attempts, AlertEvent.FAILED, Severity.CRITICAL, "Rollback failed: " + req.release().service() + " still on " + req.release().version()
                    + " or partway", why + ". Manual action needed; see the journal for what was done.", Map.of("step", last.haltedAt().id()));
            return RollbackStatus.FAILED;
        }
        if (last.checksFailed()) {
            // the failed check alerted when it ran; this says how the rollback ended, for channels that track incidents
            alerts.send(req.id(), attempts, AlertEvent.FAILED, Severity.CRITICAL, "Rollback failed verification: " + req.release().service()
                    + " on " + target + " but not recovered", "the rollback ran every step, but verification or smoke tests failed."
                    + " Manual action needed; see the journal.", Map.of());
            return RollbackStatus.FAILED;
        }
        if (last.unverified() != null) {
            alerts.send(req.id(), attempts, AlertEvent.SUCCESS_UNVERIFIED, Severity.HIGH, "Rolled back, recovery not verified: " + req.release().service() + " on " + target,
                    last.unverified() + ". Check the service's metrics by hand before calling it recovered.", Map.of());
            return RollbackStatus.SUCCESS_UNVERIFIED;
        }
        alerts.send(req.id(), attempts, AlertEvent.SUCCEEDED, Severity.LOW, "Rollback successful: " + req.release().service() + " on " + target,
                "investigate the root cause before re-deploying " + req.release().version(), Map.of());
        return RollbackStatus.SUCCESS;
    }

    /**
     * Rolls a batch back whole, last deploy first, each release verified before the next (seed 000 step 4).
     * A release whose rollback could not complete (halted, aborted, escalated) stops the batch: reverting an
     * earlier release under a half-reverted later one could mix incompatible versions.
     */
    public BatchRollbackResult executeBatch(Batch batch, Function<Release, RollbackRequest> requestFor, RollbackControl control) {
        List<RollbackResult> results = new ArrayList<>();
        List<String> notReached = new ArrayList<>();
        RollbackStatus status = RollbackStatus.SUCCESS;
        boolean stopped = false;
        int n = 0;
        for (Release release : batch.inRollbackOrder()) {
            n++;
            String label = release.service() + " " + release.version();
            if (stopped) {
                notReached.add(label);
                journal.event(batch.id(), 0, "BATCH_RELEASE", "skipped", label + " not rolled back: the batch stopped", Map.of(), time.now());
                continue;
            }
            RollbackRequest req = requestFor.apply(release);
            journal.event(batch.id(), 0, "BATCH_RELEASE", "started", label + " (" + n + " of " + batch.releases().size() + ")",
                    Map.of("rollback_id", req.id()), time.now());
            Run run = run(req, control, null, null);
            results.add(run.result());
            journal.event(batch.id(), 0, "BATCH_RELEASE", run.result().status().label(), label,
                    Map.of("rollback_id", req.id(), "metrics_normalized", run.result().metricsNormalized()), time.now());
            if (worse(run.result().status(), status)) status = run.result().status();
            stopped = !run.completed() || run.result().status() == RollbackStatus.ESCALATED;
        }
        return new BatchRollbackResult(batch.id(), status, results, notReached);
    }

    /** A batch's status is its worst release's: unverified beats success, anything that is not a rollback beats both. */
    private static boolean worse(RollbackStatus candidate, RollbackStatus current) {
        if (current == RollbackStatus.SUCCESS) return candidate != RollbackStatus.SUCCESS;
        return current == RollbackStatus.SUCCESS_UNVERIFIED && !candidate.rolledBack();
    }
}
