package dev.rewind.cli;

import dev.rewind.config.ConfigLoader;
import dev.rewind.config.RewindConfig;
import dev.rewind.model.BadInputException;
import dev.rewind.model.Observations;
import dev.rewind.model.Release;
import dev.rewind.observe.trace.TraceReader;
import dev.rewind.replay.ReplayReport;
import dev.rewind.replay.ReplayResult;
import dev.rewind.replay.Replayer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
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

    @Override
    public Integer call() {
        RewindConfig cfg = config == null ? ConfigLoader.defaults() : ConfigLoader.load(config);
        Observations trace = TraceReader.read(metrics);
        Instant deployed = TraceReader.parseTime("--deployed-at", deployedAt);
        Instant ponr = pointOfNoReturn == null ? null : TraceReader.parseTime("--point-of-no-return", pointOfNoReturn);
        Instant last = trace.series().values().stream().map(s -> s.samples().get(s.samples().size() - 1).at()).max(Instant::compareTo).orElseThrow();
        if (!deployed.isBefore(last)) {
            throw new BadInputException("--deployed-at", 0, null, "expected a time before the trace's last sample (" + last + "), found " + deployed);
        }
        Release release = new Release("replay", "replay", "candidate", "previous", deployed, List.of(), null, 100, ponr);
        ReplayResult result = new Replayer().replay(cfg.policy(), trace, release);
        String out = format == Format.json ? ReplayReport.json(result, deployed) : ReplayReport.text(result, deployed);
        spec.commandLine().getOut().println(out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
