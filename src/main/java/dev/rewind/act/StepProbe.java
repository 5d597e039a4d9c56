package dev.rewind.act;

import dev.rewind.model.StepAction;
import java.util.Map;

/**
 * Asks the outside world whether a step that was interrupted (its process died between the step's "started" row
 * and its outcome) had already done its work, before it is run again: is the flag off, is the traffic on the target,
 * does the deployer run the target? Checks are read-only and are simply run again; a step that neither can be asked
 * nor repeated safely (a database restore) is left to a person.
 */
final class StepProbe {
    private final Actuators act;

    StepProbe(Actuators act) {
        this.act = act;
    }

    /** What the probe found. */
    sealed interface Found permits Done, NotDone, CannotTell, Unsafe {
        String detail();
    }

    /** The step's effect is in place: it is recorded as done, and not run again. */
    record Done(String detail, Map<String, Object> data) implements Found {
    }

    /** It is not in place: the step runs again. */
    record NotDone(String detail) implements Found {
    }

    /** The world cannot say (or the step only reads): it runs again, which is safe for it. */
    record CannotTell(String detail) implements Found {
    }

    /** Running it again could do harm: the step fails and a person decides. */
    record Unsafe(String detail) implements Found {
    }

    Found check(StepAction action) {
        try {
            return switch (action) {
                case StepAction.DisableFlag f -> act.flags().map(flags -> flags.isEnabled(f.flag())
                        ? (Found) new NotDone("flag " + f.flag() + " still reads as enabled")
                        : new Done("flag " + f.flag() + " already reads as OFF", Map.of("flag", f.flag()))).orElse(nothing("flag service"));
                case StepAction.SwitchTraffic s -> traffic(s.to(), 100);
                case StepAction.ShiftTraffic s -> traffic(s.to(), s.stableWeights().getLast());
                case StepAction.ResumeTraffic r -> traffic(r.version(), 100);
                // "already in maintenance?" before maintenance is turned on again, and "already out?" before it is ended
                case StepAction.EnterMaintenance m -> MaintenanceStep.probe(act, m.mode(), true, null);
                case StepAction.ExitMaintenance m -> MaintenanceStep.probe(act, m.mode(), false, m.version());
                case StepAction.DrainTraffic d -> act.router().map(r -> {
                    Routes routes = r.routes();
                    return routes.weight(d.version()) == 0 ? (Found) new Done(d.version() + " already gets no traffic", Map.of("routes", routes.weights()))
                            : new NotDone(d.version() + " still has weight " + routes.weight(d.version()));
                }).orElse(nothing("router"));
                case StepAction.Revert r -> act.deployer().map(d -> {
                    String running = d.currentVersion(r.service());
                    return r.to().equals(running) ? (Found) new Done("the deployer already runs " + r.to(), Map.of("from", r.from(), "to", r.to()))
                            : new NotDone("the deployer runs " + running + ", not " + r.to());
                }).orElse(nothing("deployer"));
                case StepAction.ValidateTarget v -> new CannotTell("a check: run again");
                case StepAction.AwaitHealthy h -> new CannotTell("a check: run again");
                case StepAction.VerifyMetrics v -> new CannotTell("a check: run again");
                case StepAction.RunSmokeTests s -> new CannotTell("a check: run again");
                case StepAction.AwaitConvergence c -> new CannotTell("a check: run again");
                case StepAction.Notify n -> new CannotTell("a notification may go out twice");
                case StepAction.Restart r -> new CannotTell("a restart leaves no trace to read; restarting again is harmless");
                case StepAction.ScaleDown s -> new CannotTell("scaling to zero again changes nothing");
                case StepAction.RestoreConfig r -> new CannotTell("restoring the same snapshot again gives the same configuration");
                case StepAction.FlushCache f -> new CannotTell("flushing again removes nothing more than stale entries");
                case StepAction.PauseSync p -> new CannotTell("pausing again keeps what the first pause saved");
                case StepAction.RevertInGit r -> new CannotTell("the revert finds the file already at the target and commits nothing");
                case StepAction.ResumeSync r -> new CannotTell("resuming again restores the same settings");
                case StepAction.CaptureState c -> new CannotTell("capturing the state again records it again, a little later");
                case StepAction.VerifyBackup v -> new CannotTell("a check: run again");
                case StepAction.CheckRehearsal c -> new CannotTell("a check: run again");
                case StepAction.ManualGate g -> new Unsafe("a manual gate cut off midway is not passed on Rewind's word: an operator "
                        + "decides again");
                case StepAction.RestoreDatabase r -> new Unsafe("a database restore interrupted midway is not repeated by Rewind: writes may still be "
                        + "frozen, and a second restore could undo writes made since; check " + r.target() + " and finish by hand");
            };
        } catch (RuntimeException e) {
            return new CannotTell("the check failed (" + e.getMessage() + ")");
        }
    }

    private Found traffic(String target, int percent) {
        return act.router().map(r -> {
            Routes routes = r.routes();
            return routes.percent(target) >= percent ? (Found) new Done(Math.round(routes.percent(target)) + "% of traffic already on " + target,
                    Map.of("routes", routes.weights())) : new NotDone(Math.round(routes.percent(target)) + "% of traffic on " + target + ", not " + percent + "%");
        }).orElse(nothing("router"));
    }

    private static Found nothing(String what) {
        return new CannotTell("no " + what + " to ask");
    }
}
