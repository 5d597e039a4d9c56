package dev.rewind.cli;

import dev.rewind.config.ConfigLoader;
import dev.rewind.model.BadInputException;
import dev.rewind.model.Observations;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.observe.trace.TraceReader;
import dev.rewind.replay.ReplayResult;
import dev.rewind.replay.Replayer;
import dev.rewind.replay.SyntheticTrace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** {@code rewind bench replay}: how fast a long trace is read and replayed. Wall-clock timing is the point here, so it lives in the CLI. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Micro-benchmarks of Rewind's own work.",
        subcommands = {BenchCommand.Replay.class, dev.rewind.bench.FailoverCommand.class, dev.rewind.bench.SequentialCommand.class,
                dev.rewind.bench.WatchBenchCommand.class, dev.rewind.bench.ApiBenchCommand.class})
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Generates a 5-minute trace of 9 metrics, then reads and replays it with 60 s checks; prints ms per replay and rows/s.")
    public static final class Replay implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--weeks", defaultValue = "2", description = "trace length in weeks (default: ${DEFAULT-VALUE})")
        int weeks;

        @Option(names = "--runs", defaultValue = "20", description = "timed runs after 3 warm-up runs (default: ${DEFAULT-VALUE})")
        int runs;

        @Option(names = "--trace-out", paramLabel = "FILE",
                description = "also write the generated trace here, to time `rewind replay` on it as a user runs it")
        Path traceOut;

        @Override
        public void run() {
            if (weeks < 1 || runs < 1) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--weeks and --runs must be at least 1");
            Instant start = Instant.parse("2026-01-05T00:00:00Z");
            SyntheticTrace trace = new SyntheticTrace(start, Duration.ofDays(7L * weeks), Duration.ofMinutes(5), 42);
            String csv = trace.csv();
            if (traceOut != null) write(traceOut, csv);
            RollbackPolicy policy = ConfigLoader.defaults().policy();
            Release release = new Release("bench", "bench", "v2", "v1", start.plus(Duration.ofDays(1)), List.of(), null, 100, null);
            double[] readMs = new double[runs], replayMs = new double[runs];
            double firstReadMs = 0, firstReplayMs = 0;
            ReplayResult last = null;
            for (int i = -3; i < runs; i++) {
                long t0 = System.nanoTime();
                Observations o = TraceReader.read("bench.csv", new StringReader(csv));
                long t1 = System.nanoTime();
                last = new Replayer().replay(policy, o, release);
                long t2 = System.nanoTime();
                if (i == -3) {
                    firstReadMs = (t1 - t0) / 1e6;
                    firstReplayMs = (t2 - t1) / 1e6;
                } else if (i >= 0) {
                    readMs[i] = (t1 - t0) / 1e6;
                    replayMs[i] = (t2 - t1) / 1e6;
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "trace: %d weeks, %d rows, %d checks per replay, decision %s%n", weeks, trace.rows(), last.checks(), last.decision().code());
            if (traceOut != null) {
                out.printf(Locale.ROOT, "trace written to %s; replay it with: rewind replay --metrics %s --deployed-at %s%n", traceOut, traceOut, release.deployedAt());
            }
            // the first run is what `rewind replay` pays in a fresh JVM: the code is still interpreted or lightly compiled
            out.printf(Locale.ROOT, "first run (cold, as in a fresh CLI) ms: read %.1f, replay %.1f, engine %.1f%n", firstReadMs, firstReplayMs, firstReadMs + firstReplayMs);
            out.printf(Locale.ROOT, "read   ms: %s; %.0f rows/s at the median%n", stats(readMs), trace.rows() / (median(readMs) / 1000));
            out.printf(Locale.ROOT, "replay ms: %s; %.0f checks/s at the median%n", stats(replayMs), last.checks() / (median(replayMs) / 1000));
            out.flush();
        }

        private static void write(Path file, String csv) {
            try {
                Files.writeString(file, csv, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new BadInputException(file.toString(), 0, null, "cannot write the trace: " + e.getMessage());
            }
        }

        private static String stats(double[] ms) {
            double[] s = ms.clone();
            Arrays.sort(s);
            return String.format(Locale.ROOT, "min %.1f, median %.1f, p95 %.1f", s[0], median(s), s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.95) - 1)]);
        }

        private static double median(double[] ms) {
            double[] s = ms.clone();
            Arrays.sort(s);
            return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }
    }
}
