package dev.rewind.cli;

import dev.rewind.console.StagePrinter;
import dev.rewind.demo.DemoRun;
import dev.rewind.demo.Fault;
import dev.rewind.model.BadInputException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The whole job end to end on embedded defaults: the shop service's versions as real processes on loopback,",
                "a router with a feature flag, user load, a baseline, a bad release, detection, rollback, verification, report.",
                "Exit 0 when the run ended as the scenario expects (a verified rollback, or none for 'healthy')."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--scenario", defaultValue = "error-spike", paramLabel = "NAME",
            description = "error-spike, latency, memory-leak, db-connections or healthy (default: ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--out", defaultValue = "rewind-out", paramLabel = "DIR",
            description = "where rollback_result.yaml, incident-report.md and chart.svg go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--store", defaultValue = ".rewind/rewind.db", paramLabel = "FILE",
            description = "the journal and history database (default: ${DEFAULT-VALUE})")
    Path store;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Fault fault;
        try {
            fault = Fault.ofScenario(scenario);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--scenario", 0, "scenario", "unknown scenario '" + scenario + "'; expected one of "
                    + Arrays.stream(Fault.values()).map(Fault::scenario).toList());
        }
        return new DemoRun(fault, out, store, StagePrinter.forConsole(spec.commandLine().getOut())).run();
    }
}
