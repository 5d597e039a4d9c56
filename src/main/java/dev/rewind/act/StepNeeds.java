package dev.rewind.act;

import dev.rewind.model.StepAction;
import java.util.Set;

/**
 * What a step needs from the actuators, in one place: the executor asks it before acting, and the config check
 * asks it for every step of the plan when the config loads, so a missing router is a start-up error and not a
 * surprise halfway through a rollback.
 */
public final class StepNeeds {
    /** Strategies whose target already runs beside the failing version: the traffic switch is the revert. */
    static final Set<String> TARGET_RUNS_ALREADY = Set.of("blue_green", "canary");

    private StepNeeds() {
    }

    /** Whether a step can run with the actuators at hand. */
    public sealed interface Need permits Ready, Skip, Missing {
    }

    public record Ready() implements Need {
    }

    /** The step has nothing to do with what is configured, and that is fine (or only leaves something unproven). */
    public record Skip(String why) implements Need {
    }

    /**
     * The step cannot do its job. {@code setting} is the environment setting that would provide it
     * (router, deployer, flags, health_url, metrics, database, config_store, cache), for the message that names it.
     */
    public record Missing(String what, String setting) implements Need {
    }

    private static final Ready READY = new Ready();

    public static Need of(StepAction action, Actuators act, String strategy) {
        boolean targetRuns = TARGET_RUNS_ALREADY.contains(strategy);
        return switch (action) {
            case StepAction.ValidateTarget v -> READY; // checks what it can, and says what it could not
            case StepAction.DisableFlag f -> act.flags().isPresent() ? READY
                    : new Missing("no feature flag service to turn " + f.flag() + " off", "flags");
            case StepAction.SwitchTraffic s -> act.router().isPresent() ? READY : new Missing("no traffic router for a blue-green switch", "router");
            case StepAction.ShiftTraffic s -> act.router().isPresent() ? READY : new Missing("no traffic router for a canary shift", "router");
            case StepAction.DrainTraffic d -> act.router().isPresent() ? READY : new Skip("not configured: no traffic router; the deployer moves traffic");
            case StepAction.Revert r -> act.deployer().isPresent() ? READY
                    : targetRuns && act.router().isPresent()
                    ? new Skip("no deployer configured: " + r.to() + " kept running beside " + r.from() + ", so the traffic switch was the revert")
                    : new Missing("no deployer to apply " + r.to(), "deployer");
            case StepAction.Restart r -> act.deployer().isPresent() ? READY : new Missing("no deployer to restart " + r.service(), "deployer");
            case StepAction.AwaitHealthy h -> act.health().isPresent() ? READY
                    : targetRuns && act.metrics().isPresent()
                    ? new Skip("no health probe configured (health_url): " + h.version() + " was serving before the switch; metric verification decides")
                    : new Missing("no health probe: cannot prove " + h.version() + " healthy", "health_url");
            case StepAction.VerifyMetrics v -> act.metrics().isPresent() ? READY
                    : new Skip("not configured: no metric source to compare with the baseline");
            case StepAction.RunSmokeTests s -> s.tests().isEmpty() ? new Skip("no smoke tests configured")
                    : act.smokeTests().isPresent() ? READY : new Skip("not configured: no smoke test runner");
            case StepAction.ResumeTraffic r -> act.router().isPresent() ? READY : new Skip("not configured: no traffic router; the deployer moves traffic");
            case StepAction.EnterMaintenance m -> MaintenanceStep.needs(m.mode(), act);
            case StepAction.ExitMaintenance m -> MaintenanceStep.needs(m.mode(), act);
            case StepAction.ScaleDown s -> act.deployer().isPresent() ? READY : new Skip("not configured: no deployer");
            case StepAction.RestoreDatabase r -> DatabaseRestoreStep.needs(r, act.database());
            case StepAction.RestoreConfig r -> act.configStore().isPresent() ? READY
                    : new Missing("no config store to restore " + r.target() + " from its snapshot", "config_store");
            case StepAction.FlushCache f -> act.cache().isPresent() ? READY : new Missing("no cache to flush for " + f.target(), "cache");
            case StepAction.Notify n -> READY;
            case StepAction.CaptureState c -> StateCaptureStep.needs(c, act);
            case StepAction.VerifyBackup b -> StateCaptureStep.needs(b, act);
            case StepAction.CheckRehearsal r -> READY;
            case StepAction.ManualGate g -> READY;
            case StepAction.PauseSync p -> gitops(act, "pause the sync of " + p.app());
            case StepAction.RevertInGit r -> gitops(act, "commit " + r.to() + " to");
            case StepAction.ResumeSync r -> gitops(act, "resume the sync of " + r.app());
            case StepAction.AwaitConvergence c -> gitops(act, "watch " + c.app() + " converge");
        };
    }

    private static Need gitops(Actuators act, String what) {
        return act.gitops().isPresent() ? READY : new Missing("no GitOps controller and config repository to " + what, "gitops");
    }
}
