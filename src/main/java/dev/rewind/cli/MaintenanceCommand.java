package dev.rewind.cli;

import dev.rewind.act.Actuators;
import dev.rewind.act.MaintenanceStep;
import dev.rewind.config.ConfigLoader;
import dev.rewind.controller.HeldMaintenance;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.config.MaintenanceConfig;
import dev.rewind.config.RewindConfig;
import dev.rewind.demo.DemoStandIn;
import dev.rewind.model.BadInputException;
import dev.rewind.model.MaintenanceMode;
import dev.rewind.report.LogNotifier;
import dev.rewind.store.RewindStore;
import dev.rewind.time.SystemTimeSource;
import dev.rewind.time.TimeSource;
import dev.rewind.wiring.EnvironmentWiring;
import dev.rewind.wiring.Integrations;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Seed 001's "keep in maintenance, escalate": a rollback whose verification failed leaves the service in maintenance, and
 * an operator ends it here once the service is checked ({@code off}), or asks whether it is in maintenance ({@code status}).
 */
@Command(name = "maintenance", mixinStandardHelpOptions = true, description = "Show or end an environment's maintenance mode (its maintenance: block).",
        subcommands = {MaintenanceCommand.Status.class, MaintenanceCommand.Off.class})
public final class MaintenanceCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** --config and --environment, and the environment's router or flag service built from them. */
    static final class Target {
        @Option(names = "--environment", required = true, paramLabel = "ENV", description = "an environment with a maintenance: block")
        String environment;

        @Option(names = "--config", required = true, paramLabel = "FILE", description = "the config naming the environment")
        String config;

        EnvironmentConfig env;
        MaintenanceMode mode;
        Actuators actuators;

        void build(TimeSource time) {
            RewindConfig cfg = ConfigLoader.load(java.nio.file.Path.of(config));
            env = EnvironmentWiring.find(cfg, environment);
            MaintenanceConfig m = env.maintenance();
            if (m == null) throw env.error("maintenance", "the environment has no maintenance: block (via: router with target:, or via: flag with flag:)");
            mode = m.mode();
            actuators = EnvironmentWiring.build(cfg, env, cfg.policy(), new Integrations(time, DemoStandIn::unavailable), time, new LogNotifier(), null)
                    .actuators();
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Say whether the environment is in maintenance now.")
    static final class Status implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            target.build(new SystemTimeSource());
            boolean in = MaintenanceStep.inMaintenance(target.actuators, target.mode);
            spec.commandLine().getOut().println(target.env.name() + ": " + (in ? "IN MAINTENANCE" : "not in maintenance") + " (" + target.mode.describe() + ")");
            return 0;
        }
    }

    @Command(name = "off", mixinStandardHelpOptions = true, description = "End maintenance: via the router all traffic to --to, via a flag the flag OFF."
            + " Audited; --reason is required for production.")
    static final class Off implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Mixin
        StoreOption storeOption = new StoreOption();

        @Option(names = "--to", paramLabel = "VERSION", description = "via the router: the version users go back to (default: the held rollback's target)")
        String to;

        @Option(names = "--reason", paramLabel = "TEXT", description = "why it is safe now (required for production; lands in the audit trail)")
        String reason;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            boolean noReason = reason == null || reason.isBlank();
            // before anything is built or read: the environment's name says production often enough to refuse at once
            if (noReason && target.environment.equals("production")) throw reasonRequired();
            TimeSource time = new SystemTimeSource();
            target.build(time);
            RewindStore store = storeOption.open(spec.commandLine().getErr());
            HeldMaintenance.Ended e;
            try {
                e = HeldMaintenance.end(store, target.env, target.actuators, to, reason, System.getProperty("user.name", "operator"), "--to");
            } catch (BadInputException bad) {
                if ("reason".equals(bad.field())) throw reasonRequired();
                throw bad;
            }
            PrintWriter out = spec.commandLine().getOut();
            if (!e.changed()) {
                out.println(e.detail());
                return 0;
            }
            if (e.ok()) {
                out.println(target.env.name() + ": " + e.detail() + (e.heldRollback().map(r -> " (rollback " + r.id() + " was held in maintenance)").orElse("")));
                return 0;
            }
            spec.commandLine().getErr().println("rewind: maintenance could not be ended: " + e.detail());
            return 1;
        }

        private static BadInputException reasonRequired() {
            return new BadInputException("--reason", 0, "reason", "ending maintenance in production needs a reason: add --reason \"...\" (it goes into the audit trail)");
        }
    }
}
