package dev.rewind.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rewind plan}: rollback plans as code (seed 004): validate a plan against its certification level, estimate it, rehearse it. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Rollback plans as code (seed 004's template in YAML; schema: src/main/resources/schema/rollback-plan.schema.json).",
                "validate: the level's rules (exit 2 naming file, line, field and rule); estimate: phases, scenarios, SLA, complexity;",
                "rehearse: run it for real against a staging environment, measure each phase, record the rehearsal."},
        subcommands = {PlanValidateCommand.class, PlanEstimateCommand.class, PlanRehearseCommand.class})
public final class PlanCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
