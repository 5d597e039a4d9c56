package dev.rewind.act;

import dev.rewind.model.MaintenanceMode;
import dev.rewind.model.StepAction;
import dev.rewind.model.StepOutcome;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seed 001's maintenance mode on the actuators: via the router every request goes to the maintenance target (and back
 * to the version rolled back to when it ends), via a flag the maintenance flag is turned ON (and OFF). Each change is
 * believed only once it reads back, like the traffic switch. Public for {@code rewind maintenance off}.
 */
public final class MaintenanceStep {
    private MaintenanceStep() {
    }

    static StepNeeds.Need needs(MaintenanceMode mode, Actuators act) {
        if (mode == null) return new StepNeeds.Missing("no maintenance: block saying how to put the service in maintenance", "maintenance");
        return switch (mode.via()) {
            case ROUTER -> act.router().isPresent() ? new StepNeeds.Ready()
                    : new StepNeeds.Missing("no traffic router to send users to the maintenance target " + mode.name(), "router");
            case FLAG -> act.flags().isPresent() ? new StepNeeds.Ready()
                    : new StepNeeds.Missing("no feature flag service to turn the maintenance flag " + mode.name() + " on", "flags");
        };
    }

    static StepOutcome enter(Actuators act, StepAction.EnterMaintenance m) {
        MaintenanceMode mode = m.mode();
        return switch (mode.via()) {
            case ROUTER -> {
                TrafficRouter router = act.router().orElseThrow();
                Routes before = router.routes();
                router.setRoutes(StepRunner.allOn(before, mode.name()));
                Routes after = router.routes();
                Map<String, Object> data = data(mode);
                data.put("routes_before", before.weights());
                data.put("routes_after", after.weights());
                yield after.percent(mode.name()) < 100
                        ? new StepOutcome.Failed("router reports " + Math.round(after.percent(mode.name())) + "% on the maintenance target "
                        + mode.name() + " after turning maintenance on", data)
                        : new StepOutcome.Succeeded("maintenance ON: all traffic to " + mode.name(), data);
            }
            case FLAG -> {
                FlagSwitch flags = act.flags().orElseThrow();
                flags.enable(mode.name());
                yield flags.isEnabled(mode.name()) ? new StepOutcome.Succeeded("maintenance ON: flag " + mode.name() + " ON", data(mode))
                        : new StepOutcome.Failed("maintenance flag " + mode.name() + " still reads as OFF after turning it on", data(mode));
            }
        };
    }

    static StepOutcome exit(Actuators act, StepAction.ExitMaintenance m) {
        return end(act, m.mode(), m.version());
    }

    /**
     * Ends maintenance: via the router all traffic to {@code version} (required then), via a flag the flag OFF.
     * Also what an operator's {@code rewind maintenance off} runs.
     */
    public static StepOutcome end(Actuators act, MaintenanceMode mode, String version) {
        return switch (mode.via()) {
            case ROUTER -> {
                if (version == null) throw new IllegalArgumentException("ending maintenance through the router needs the version to send traffic to");
                TrafficRouter router = act.router().orElseThrow();
                Routes before = router.routes();
                router.setRoutes(StepRunner.allOn(before, version));
                Routes after = router.routes();
                Map<String, Object> data = data(mode);
                data.put("routes_before", before.weights());
                data.put("routes_after", after.weights());
                yield after.percent(version) < 100 || after.weight(mode.name()) > 0
                        ? new StepOutcome.Failed("router reports " + Math.round(after.percent(version)) + "% on " + version + " and "
                        + Math.round(after.percent(mode.name())) + "% on " + mode.name() + " after ending maintenance", data)
                        : new StepOutcome.Succeeded("maintenance OFF: all traffic to " + version, data);
            }
            case FLAG -> {
                FlagSwitch flags = act.flags().orElseThrow();
                flags.disable(mode.name());
                yield flags.isEnabled(mode.name()) ? new StepOutcome.Failed("maintenance flag " + mode.name() + " still reads as ON after turning it off", data(mode))
                        : new StepOutcome.Succeeded("maintenance OFF: flag " + mode.name() + " OFF", data(mode));
            }
        };
    }

    /** Whether the service is in maintenance now (true), out of it (false); throws when the actuator cannot be asked. */
    public static boolean inMaintenance(Actuators act, MaintenanceMode mode) {
        return switch (mode.via()) {
            case ROUTER -> act.router().orElseThrow().routes().weight(mode.name()) > 0;
            case FLAG -> act.flags().orElseThrow().isEnabled(mode.name());
        };
    }

    /** For a resumed rollback: is the interrupted maintenance change ({@code on}: turning it on) already in place? */
    static StepProbe.Found probe(Actuators act, MaintenanceMode mode, boolean on, String version) {
        if (mode == null || needs(mode, act) instanceof StepNeeds.Missing) {
            return new StepProbe.CannotTell("no " + (mode == null ? "maintenance mode" : mode.via().label()) + " to ask");
        }
        if (mode.via() == MaintenanceMode.Via.ROUTER) {
            Routes routes = act.router().orElseThrow().routes();
            boolean done = on ? routes.percent(mode.name()) >= 100 : routes.weight(mode.name()) == 0 && routes.percent(version) >= 100;
            if (done) {
                return new StepProbe.Done(on ? "already in maintenance: all traffic on " + mode.name() : "already out of maintenance: all traffic on " + version,
                        Map.of("routes", routes.weights()));
            }
            return new StepProbe.NotDone(Math.round(routes.percent(mode.name())) + "% of traffic on the maintenance target " + mode.name());
        }
        boolean in = act.flags().orElseThrow().isEnabled(mode.name());
        return in == on ? new StepProbe.Done("maintenance flag " + mode.name() + " already reads as " + (on ? "ON" : "OFF"), Map.of("flag", mode.name()))
                : new StepProbe.NotDone("maintenance flag " + mode.name() + " reads as " + (in ? "ON" : "OFF"));
    }

    private static Map<String, Object> data(MaintenanceMode mode) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("via", mode.via().label());
        d.put(mode.via() == MaintenanceMode.Via.ROUTER ? "target" : "flag", mode.name());
        return d;
    }
}
