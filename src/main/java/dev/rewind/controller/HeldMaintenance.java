package dev.rewind.controller;

import dev.rewind.act.Actuators;
import dev.rewind.act.MaintenanceStep;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.model.BadInputException;
import dev.rewind.model.MaintenanceMode;
import dev.rewind.model.StepOutcome;
import dev.rewind.model.VersionName;
import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackRecord;
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
        Optional<RollbackRecord> held = heldRollback(store, env);
        String version = to != null ? to : held.map(RollbackRecord::toVersion).orElse(null);
        if (mode.via() == MaintenanceMode.Via.ROUTER && version == null) {
            throw new BadInputException(field, 0, "to", "no held rollback of " + env.name() + " names the version to send users back to: give the version");
        }
        if (!MaintenanceStep.inMaintenance(actuators, mode)) {
            return new Ended(false, true, env.name() + " is not in maintenance (" + mode.describe() + "); nothing changed", version, held);
        }
        String sendTo = mode.via() == MaintenanceMode.Via.ROUTER ? version : null;
        StepOutcome outcome = MaintenanceStep.end(actuators, mode, sendTo);
        boolean ok = outcome instanceof StepOutcome.Succeeded;
        String detail = "via=" + mode.via().label() + " " + mode.describe() + (sendTo == null ? "" : " to=" + sendTo)
                + " reason=" + (noReason ? "" : reason) + " outcome=" + (ok ? "ended" : "failed: " + outcome.detail());
        store.audit().append(actor, "maintenance.off", env.service() + "/" + env.name(), held.map(r -> "rollback=" + r.id() + " ").orElse("") + detail);
        return new Ended(true, ok, outcome.detail(), sendTo, held);
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
