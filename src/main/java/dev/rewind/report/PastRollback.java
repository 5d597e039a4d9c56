package dev.rewind.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One rollback as the history statistics read it, already out of the store.
 *
 * @param fromVersion the release that was rolled back (its deploy counts as not successful)
 * @param trigger     the trigger that started it, or "manual" for an operator's command
 * @param status      running, paused, awaiting_approval, success, success_unverified, failed, escalated, aborted
 * @param denied      it waited for approval and was denied (or aborted before any step): never a rollback that ran
 * @param actingFrom  when the rollback began to act: its start, or the approval for one that waited (seed 004 measures
 *                    rollback time from the decision, without the time spent deciding)
 * @param finishedAt  null while it runs
 * @param impactSec   the diagnosis's impact_duration_sec, null when unknown
 * @param sla         the plan's time limit, null when none is known
 */
public record PastRollback(String id, String service, String environment, String fromVersion, String trigger, String status, boolean denied,
                           Instant actingFrom, Instant finishedAt, Long impactSec, Duration sla) {
    public PastRollback {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(actingFrom, "actingFrom");
        trigger = trigger == null ? "manual" : trigger;
    }

    /** It acted (or acts): not a request still waiting for a person, not one a person turned down. */
    public boolean executed() {
        return !denied && !status.equals("awaiting_approval") && !status.equals("dry_run");
    }

    public boolean manual() {
        return RollbackCause.of(trigger) == RollbackCause.MANUAL;
    }

    /** How long it took, from acting to the end; null while it runs. */
    public Duration duration() {
        if (finishedAt == null || finishedAt.isBefore(actingFrom)) return null;
        return Duration.between(actingFrom, finishedAt);
    }

    public boolean rolledBack() {
        return status.equals("success") || status.equals("success_unverified");
    }
}
