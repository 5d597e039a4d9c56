package dev.rewind.wiring;

import dev.rewind.config.EnvironmentConfig;
import dev.rewind.config.RewindConfig;
import dev.rewind.controller.FleetEnvironment;
import dev.rewind.model.BadInputException;
import dev.rewind.report.Notifier;
import dev.rewind.time.TimeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configured environment built and checked for server mode (and for batch rollbacks from the command line):
 * the same {@link EnvironmentWiring} and {@link EnvironmentCheck} as watch and rollback, once per environment, so a
 * server does not start with an environment whose rollback could not run.
 *
 * @param notes what each environment's check adjusted or will leave unproven, prefixed with its name
 */
public record FleetEnvironments(Map<String, FleetEnvironment> environments, List<String> notes) {

    public static FleetEnvironments build(RewindConfig config, TimeSource time, Notifier notifier) {
        if (config.environments().isEmpty()) {
            throw new BadInputException(config.source(), 0, "environments", "server mode needs at least one environment to watch");
        }
        Integrations integrations = new Integrations(time, () -> {
            throw new BadInputException(config.source(), 0, "environments", "the demo world runs only inside 'rewind demo' or 'rewind rollback'");
        });
        Map<String, FleetEnvironment> out = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (EnvironmentConfig env : config.environments().values()) {
            EnvironmentWiring w = EnvironmentWiring.build(config, env, config.policy(), integrations, time, notifier, null);
            out.put(env.name(), new FleetEnvironment(env, w.strategy(), w.metrics(), w.actuators(), w.policy()));
            w.check().notes().forEach(n -> notes.add(env.name() + ": " + n));
        }
        return new FleetEnvironments(out, notes);
    }
}
