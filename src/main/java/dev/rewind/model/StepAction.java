package dev.rewind.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one step of a rollback does. Data only: the executor in {@code act} carries each out on an actuator,
 * and the switch over this sealed type proves every kind is handled.
 */
public sealed interface StepAction {

    /** The journal's word for this action (FLAG_DEACTIVATED-style names come from {@link #journalName()}). */
    String journalName();

    /** Pre-rollback gate: the target exists, is healthy, and what it depends on is reachable (seed 002 stage 3). */
    record ValidateTarget(String service, String version, List<String> dependencies) implements StepAction {
        public ValidateTarget { dependencies = dependencies == null ? List.of() : List.copyOf(dependencies); }
        public String journalName() { return "VALIDATION_GATES"; }
    }

    /** Feature flag OFF: stops the impact at once (seed 000 step 1). */
    record DisableFlag(String flag) implements StepAction {
        public String journalName() { return "FLAG_DEACTIVATED"; }
    }

    /** Stop sending new requests to a version and let in-flight ones finish. */
    record DrainTraffic(String service, String version) implements StepAction {
        public String journalName() { return "TRAFFIC_DRAINED"; }
    }

    /** Blue-green: all traffic to {@code to} at once. */
    record SwitchTraffic(String service, String from, String to) implements StepAction {
        public String journalName() { return "TRAFFIC_SWITCHED"; }
    }

    /** Canary reverse: move traffic back in steps ({@code stableWeights}, e.g. 50, 80, 100), checking between steps. */
    record ShiftTraffic(String service, String from, String to, List<Integer> stableWeights, Duration pause) implements StepAction {
        public ShiftTraffic { stableWeights = List.copyOf(stableWeights); }
        public String journalName() { return "TRAFFIC_SHIFTED"; }
    }

    /** Apply the previous version to the environment (seed 000 step 2). */
    record Revert(String service, String from, String to) implements StepAction {
        public String journalName() { return "REVERT"; }
    }

    record Restart(String service, String version) implements StepAction {
        public String journalName() { return "RESTART"; }
    }

    /** Poll health until it passes or {@code timeout} ends (health_check_timeout_seconds). */
    record AwaitHealthy(String service, String version, Duration timeout) implements StepAction {
        public String journalName() { return "HEALTH_VERIFIED"; }
    }

    /** Metrics back within the tolerance of the baseline (seed 000 step 3). */
    record VerifyMetrics(String service, String version, VerificationPolicy policy) implements StepAction {
        public String journalName() { return "METRICS_VERIFIED"; }
    }

    record RunSmokeTests(String service, List<SmokeTest> tests) implements StepAction {
        public RunSmokeTests { tests = List.copyOf(tests); }
        public String journalName() { return "SMOKE_TESTS"; }
    }

    /**
     * Seed 001's {@code setMaintenanceMode(true)}: no user reaches the service while it is rolled back (the router sends
     * all traffic to the maintenance target, or the maintenance flag is turned ON).
     */
    record EnterMaintenance(String service, MaintenanceMode mode) implements StepAction {
        public String journalName() { return "MAINTENANCE_ON"; }
    }

    /**
     * {@code setMaintenanceMode(false)}, only after verification passed: via the router all traffic goes to {@code version}
     * (the maintenance target to 0), via a flag the flag is turned OFF. A failed check keeps the service in maintenance.
     */
    record ExitMaintenance(String service, MaintenanceMode mode, String version) implements StepAction {
        public String journalName() { return "MAINTENANCE_OFF"; }
    }

    /** All traffic back on {@code version}: the end of maintenance. */
    record ResumeTraffic(String service, String version) implements StepAction {
        public String journalName() { return "TRAFFIC_RESUMED"; }
    }

    /** Cleanup: scale the failed version to zero, keeping its image for debugging (seed 002 stage 8). */
    record ScaleDown(String service, String version) implements StepAction {
        public String journalName() { return "FAILED_VERSION_SCALED_DOWN"; }
    }

    /**
     * Database back to the state a plan names (a migration tag or a backup); only when the plan says so.
     * {@code target} is the database's name; params: one of {@code to_tag}, {@code count}, {@code backup}
     * (with {@code sha256}), and {@code compare_tables}, {@code on_count_mismatch} (act.DatabaseRestoreRequest).
     */
    record RestoreDatabase(String target, Map<String, String> params) implements StepAction {
        public RestoreDatabase { params = Map.copyOf(params); }
        public String journalName() { return "DATABASE_RESTORED"; }
    }

    /**
     * A ConfigMap, Secret or file back to a kept snapshot. {@code target} is its name (or path); param
     * {@code snapshot} is the label to restore, the newest kept one when absent.
     */
    record RestoreConfig(String target, Map<String, String> params) implements StepAction {
        public RestoreConfig { params = Map.copyOf(params); }
        public String journalName() { return "CONFIG_RESTORED"; }
    }

    /**
     * Stale cache entries removed. {@code target} names the cache; params: {@code flushdb: true} or
     * {@code patterns} (comma-separated globs), and {@code batch_size} (act.CacheFlushRequest).
     */
    record FlushCache(String target, Map<String, String> params) implements StepAction {
        public FlushCache { params = Map.copyOf(params); }
        public String journalName() { return "CACHE_FLUSHED"; }
    }

    record Notify(Severity severity, String message) implements StepAction {
        public String journalName() { return "NOTIFIED"; }
    }

    // --- Plans as code (seed 004): state captured and gates checked before the first change, people asked in between.

    /**
     * Keeps what is there before the rollback changes it: {@code kind} versions, deployment, database_dump,
     * config_snapshot or row_counts; {@code target} the service, database or config target; {@code name} the dump's
     * or snapshot's name (a time stamp is added); {@code tables} what row_counts counts.
     */
    record CaptureState(String kind, String target, String name, List<String> tables) implements StepAction {
        public CaptureState { tables = tables == null ? List.of() : List.copyOf(tables); }
        public String journalName() { return "STATE_CAPTURED"; }
    }

    /** Gate: the backup a restore will use exists and matches its checksum ({@code sha256} null: the file beside it). */
    record VerifyBackup(String database, String backup, String sha256) implements StepAction {
        public String journalName() { return "BACKUP_VERIFIED"; }
    }

    /**
     * Gate: the plan was rehearsed and passed, no longer than {@code maxAge} ago. {@code rehearsedAt} is the newest
     * passing rehearsal the store holds for {@code plan}, or null; the age is measured when the gate runs.
     */
    record CheckRehearsal(String plan, java.time.Instant rehearsedAt, Duration maxAge) implements StepAction {
        public String journalName() { return "REHEARSAL_CHECKED"; }
    }

    /**
     * A person confirms before the rollback goes on: a manual gate (an approval point), or {@code manualWork} done by
     * hand as {@code message} says. The run holds here until an operator resumes it or aborts.
     */
    record ManualGate(String message, boolean manualWork) implements StepAction {
        public String journalName() { return manualWork ? "MANUAL_STEP" : "MANUAL_GATE"; }
    }

    // --- GitOps: the revert lands in Git and the sync controller is paused meanwhile, so Argo CD or Flux does
    // not re-apply the bad version. {@code app} names the controller's object ("Argo CD Application argocd/shop").

    /** Stop the GitOps controller from syncing the app, keeping what was there so it can be restored exactly. */
    record PauseSync(String app) implements StepAction {
        public String journalName() { return "GITOPS_SYNC_PAUSED"; }
    }

    /** Commit {@code to} into the config repository and push it (or open a pull request). */
    record RevertInGit(String service, String from, String to) implements StepAction {
        public String journalName() { return "GITOPS_REVERTED_IN_GIT"; }
    }

    /** Restore exactly the sync settings that {@link PauseSync} took away. */
    record ResumeSync(String app) implements StepAction {
        public String journalName() { return "GITOPS_SYNC_RESUMED"; }
    }

    /** The controller reports the app synced and healthy on the reverted revision within {@code timeout}. */
    record AwaitConvergence(String app, Duration timeout) implements StepAction {
        public String journalName() { return "GITOPS_CONVERGED"; }
    }
}
