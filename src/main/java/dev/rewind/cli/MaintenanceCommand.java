package dev.rewind.cli;

import dev.rewind.act.Actuators;
import dev.rewind.act.MaintenanceStep;
import dev.rewind.config.ConfigLoader;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.config.MaintenanceConfig;
import dev.rewind.config.RewindConfig;
import dev.rewind.demo.DemoStandIn;
import dev.rewind.model.BadInputException;
import dev.rewind.model.MaintenanceMode;
import dev.rewind.model.StepOutcome;
import dev.rewind.model.VersionName;
import dev.rewind.report.LogNotifier;
import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackRecord;
import dev.rewind.time.SystemTimeSource;
import dev.rewind.time.TimeSource;
import dev.rewind.wiring.EnvironmentWiring;
import dev.rewind.wiring.Integrations;
import java.io.PrintWriter;
import java.util.Optional;
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
            if (noReason && target.environment.equals("production")) throw reasonRequired();
            if (to != null) VersionName.require(to, "--to", 0, "to");
            TimeSource time = new SystemTimeSource();
            target.build(time);
            if (noReason && target.env.production()) throw reasonRequired();
            RewindStore store = storeOption.open(spec.commandLine().getErr());
            Optional<RollbackRecord> held = heldRollback(store, target.env);
            String version = to != null ? to : held.map(RollbackRecord::toVersion).orElse(null);
            if (target.mode.via() == MaintenanceMode.Via.ROUTER && version == null) {
                throw new BadInputException("--to", 0, "to", "no held rollback of " + target.env.name() + " in the store " + storeOption
                        + " names the version to send users back to: give --to VERSION");
            }
            PrintWriter out = spec.commandLine().getOut();
            if (!MaintenanceStep.inMaintenance(target.actuators, target.mode)) {
                out.println(target.env.name() + " is not in maintenance (" + target.mode.describe() + "); nothing changed");
                return 0;
            }
            StepOutcome outcome = MaintenanceStep.end(target.actuators, target.mode, target.mode.via() == MaintenanceMode.Via.ROUTER ? version : null);
            String actor = System.getProperty("user.name", "operator");
            String detail = "via=" + target.mode.via().label() + " " + target.mode.describe() + (version == null ? "" : " to=" + version)
                    + " reason=" + (noReason ? "" : reason) + " outcome=" + (outcome instanceof StepOutcome.Succeeded ? "ended" : "failed: " + outcome.detail());
            // the audit trail, not the held rollback's journal: that journal was sealed when the rollback ended (audit verify)
            store.audit().append(actor, "maintenance.off", target.env.service() + "/" + target.env.name(),
                    held.map(r -> "rollback=" + r.id() + " ").orElse("") + detail);
            if (outcome instanceof StepOutcome.Succeeded) {
                out.println(target.env.name() + ": " + outcome.detail() + (held.map(r -> " (rollback " + r.id() + " was held in maintenance)").orElse("")));
                return 0;
            }
            spec.commandLine().getErr().println("rewind: maintenance could not be ended: " + outcome.detail());
            return 1;
        }

        /** The newest rollback of this environment that ended held in maintenance and was not let out since. */
        private static Optional<RollbackRecord> heldRollback(RewindStore store, EnvironmentConfig env) {
            return store.history().list(50).stream()
                    .filter(r -> r.environment().equals(env.name()) && r.service().equals(env.service()))
                    .findFirst()
                    .filter(r -> store.journal().entries(r.id()).stream().anyMatch(e -> MaintenanceMode.HELD.equals(e.action())));
        }

        private static BadInputException reasonRequired() {
            return new BadInputException("--reason", 0, "reason", "ending maintenance in production needs a reason: add --reason \"...\" (it goes into the audit trail)");
        }
    }
}
