package dev.rewind.controller;

import dev.rewind.act.Actuators;
import dev.rewind.act.MaintenanceStep;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.model.BadInputException;
import dev.rewind.model.ConflictException;
import dev.rewind.model.MaintenanceMode;
import dev.rewind.model.StepOutcome;
import dev.rewind.model.VersionName;
import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackRecord;
import java.util.List;
import java.util.Optional;

/**
 * Seed 001's "keep in maintenance, escalate": a rollback whose verification failed leaves its service in maintenance,
 * and an operator ends it once the service is checked. One rule for the CLI and the API: production needs a reason,
 * the router needs a version to send users to, and every ending lands in the audit trail (not the held rollback's
 * journal, which was sealed when that rollback ended).
 */
public final class HeldMaintenance {
    private HeldMaintenance() {
    }

    /** @param heldRollback the rollback that left it held, if the store knows one */
    public record Status(String environment, boolean inMaintenance, MaintenanceMode mode, Optional<RollbackRecord> heldRollback) {
    }

    /** @param changed false when it was not in maintenance (nothing was changed) */
    public record Ended(boolean changed, boolean ok, String detail, String version, Optional<RollbackRecord> heldRollback) {
    }

    public static Status status(RewindStore store, EnvironmentConfig env, Actuators actuators) {
        MaintenanceMode mode = mode(env);
        return new Status(env.name(), MaintenanceStep.inMaintenance(actuators, mode), mode, heldRollback(store, env));
    }

    /**
     * Ends the environment's maintenance: via the router all traffic to {@code to} (default: the held rollback's
     * target), via a flag the flag OFF.
     */
    public static Ended end(RewindStore store, EnvironmentConfig env, Actuators actuators, String to, String reason, String actor, String field) {
        MaintenanceMode mode = mode(env);
        boolean noReason = reason == null || reason.isBlank();
        if (noReason && env.production()) {
            throw new BadInputException(field, 0, "reason", "ending maintenance in production needs a reason (it goes into the audit trail)");
        }
        if (to != null) VersionName.require(to, field, 0, "to");
        // a rollback under way ends maintenance itself once it has verified: ending it now would send users to a half-done rollback
        Optional<RollbackRecord> open = store.history().inState(List.of("running", "paused", "awaiting_approval")).stream()
                .filter(r -> r.service().equals(env.service()) && r.environment().equals(env.name())).findFirst();
        if (open.isPresent()) {
            throw new ConflictException("rollback " + open.get().id() + " of " + env.service() + " in " + env.name() + " is " + open.get().status().replace('_', ' ')
                    + ": it ends maintenance itself once verified; wait for it to end, or abort it first");
        }
        if (to != null && store.releases().find(env.service(), env.name(), to).isEmpty()) {
            throw new BadInputException(field, 0, "to", "'" + to + "' is not a release of " + env.service() + " in " + env.name() + " that Rewind has recorded");
        }
        Optional<RollbackRecord> held = heldRollback(store, env);
        String version = to != null ? to : held.map(RollbackRecord::toVersion).orElse(null);
        if (mode.via() == MaintenanceMode.Via.ROUTER && version == null) {
            throw new BadInputException(field, 0, "to", "no held rollback of " + env.name() + " names the version to send users back to: give the version");
        }
        if (!MaintenanceStep.inMaintenance(actuators, mode)) {
            return new Ended(false, true, env.name() + " is not in maintenance (" + mode.describe() + "); nothing changed", version, held);
        }
        String sendTo = mode.via() == MaintenanceMode.Via.ROUTER ? version : null;
        String what = held.map(r -> "rollback=" + r.id() + " ").orElse("") + "via=" + mode.via().label() + " " + mode.describe()
                + (sendTo == null ? "" : " to=" + sendTo);
        StepOutcome outcome;
        try {
            outcome = MaintenanceStep.end(actuators, mode, sendTo);
        } catch (RuntimeException e) {
            // a router that switched some servers and then failed changed things too: that is audited as well
            store.audit().append(actor, "maintenance.off", env.service() + "/" + env.name(), what + " outcome=error: " + e.getMessage() + reasonLast(reason));
            throw e;
        }
        boolean ok = outcome instanceof StepOutcome.Succeeded;
        // the reason (free text) last, so it cannot pass for the outcome
        store.audit().append(actor, "maintenance.off", env.service() + "/" + env.name(),
                what + " outcome=" + (ok ? "ended" : "failed: " + outcome.detail()) + reasonLast(reason));
        return new Ended(true, ok, outcome.detail(), sendTo, held);
    }

    private static String reasonLast(String reason) {
        return " reason=" + (reason == null || reason.isBlank() ? "" : reason);
    }

    private static MaintenanceMode mode(EnvironmentConfig env) {
        if (env.maintenance() == null) {
            throw env.error("maintenance", "the environment has no maintenance: block (via: router with target:, or via: flag with flag:)");
        }
        return env.maintenance().mode();
    }

    /** The newest rollback of this environment, when it ended held in maintenance. */
    static Optional<RollbackRecord> heldRollback(RewindStore store, EnvironmentConfig env) {
        return store.history().list(50).stream()
                .filter(r -> r.environment().equals(env.name()) && r.service().equals(env.service()))
                .findFirst()
                .filter(r -> store.journal().entries(r.id()).stream().anyMatch(e -> MaintenanceMode.HELD.equals(e.action())));
    }
}
