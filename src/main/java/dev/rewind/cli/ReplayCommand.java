package dev.rewind.cli;

import dev.rewind.config.ConfigLoader;
import dev.rewind.config.RewindConfig;
import dev.rewind.model.BadInputException;
import dev.rewind.model.Observations;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.observe.trace.TraceReader;
import dev.rewind.replay.ReplayReport;
import dev.rewind.replay.ReplayResult;
import dev.rewind.replay.Replayer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code rewind replay}: evaluates a recorded trace as if live and prints the decision (DESIGN.md §3.3). Exit 0 for any decision. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replays a metrics trace (CSV timestamp,metric,value) against a config and prints what Rewind decides.")
public final class ReplayCommand implements Callable<Integer> {
    enum Format { json, text }

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "seed 001 YAML or seed 004 JSON; built-in defaults when left out")
    Path config;

    @Option(names = "--metrics", paramLabel = "TRACE.csv", required = true, description = "the trace: CSV with header timestamp,metric,value")
    Path metrics;

    @Option(names = "--deployed-at", paramLabel = "TIME", required = true, description = "when the release went out (ISO-8601 or epoch seconds)")
    String deployedAt;

    @Option(names = "--point-of-no-return", paramLabel = "TIME", description = "when the release became irreversible; later findings mean fix forward")
    String pointOfNoReturn;

    @Option(names = "--format", defaultValue = "json", description = "json or text (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--max-checks", paramLabel = "N", defaultValue = "" + DEFAULT_MAX_CHECKS,
            description = "refuse a replay that would run more checks than this (default: ${DEFAULT-VALUE}, at most " + MOST_CHECKS + ")")
    long maxChecks;

    /** A few seconds of checks: eleven days at one check a second, two years at one a minute. */
    static final long DEFAULT_MAX_CHECKS = 1_000_000;
    static final long MOST_CHECKS = 1_000_000_000;

    @Override
    public Integer call() {
        RewindConfig cfg = config == null ? ConfigLoader.defaults() : ConfigLoader.load(config);
        Observations trace = TraceReader.read(metrics);
        Instant deployed = TraceReader.parseTime("--deployed-at", deployedAt);
        Instant ponr = pointOfNoReturn == null ? null : TraceReader.parseTime("--point-of-no-return", pointOfNoReturn);
        if (maxChecks < 1 || maxChecks > MOST_CHECKS) throw new BadInputException("--max-checks", 0, null, "expected 1 to " + MOST_CHECKS + ", found " + maxChecks);
        checkDeployedAt(cfg.policy(), trace, deployed);
        long planned = Replayer.plannedChecks(cfg.policy(), trace, deployed);
        if (planned > maxChecks) {
            throw new BadInputException("--max-checks", 0, null, "this replay would run " + planned + " checks (one every "
                    + human(cfg.policy().checkInterval()) + " from " + deployed + " to " + Replayer.end(trace) + "), more than the limit of "
                    + maxChecks + ": raise it with --max-checks " + planned + ", or replay a shorter trace or a longer check_interval_seconds");
        }
        Release release = new Release("replay", "replay", "candidate", "previous", deployed, List.of(), null, 100, ponr);
        ReplayResult result = new Replayer().replay(cfg.policy(), trace, release);
        String out = format == Format.json ? ReplayReport.json(result, deployed) : ReplayReport.text(result, deployed);
        spec.commandLine().getOut().println(out);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * The deploy must fall inside the trace: before its last sample (else there is nothing to check), and at most one
     * baseline window before its first (else every check until the trace starts has no data: {@code --deployed-at 0}
     * on a 2026 trace would be 29 million empty checks).
     */
    private static void checkDeployedAt(RollbackPolicy policy, Observations trace, Instant deployed) {
        Instant last = Replayer.end(trace);
        if (!deployed.isBefore(last)) {
            throw new BadInputException("--deployed-at", 0, null, "expected a time before the trace's last sample (" + last + "), found " + deployed);
        }
        Instant first = trace.series().values().stream().filter(s -> !s.isEmpty()).map(s -> s.samples().getFirst().at()).min(Instant::compareTo).orElseThrow();
        Instant earliest = first.minus(policy.baselineWindow());
        if (deployed.isBefore(earliest)) {
            throw new BadInputException("--deployed-at", 0, null, "expected a time at most one baseline window (" + human(policy.baselineWindow())
                    + ") before the trace's first sample (" + first + "), that is from " + earliest + ", found " + deployed + ", "
                    + human(Duration.between(deployed, first)) + " before it: is it the right trace, or the time in another unit?");
        }
    }

    private static String human(Duration d) {
        return d.toDays() >= 2 ? d.toDays() + " days" : dev.rewind.console.StagePrinter.human(d);
    }
}
