package dev.rewind.cli;

import dev.rewind.model.Observations;
import dev.rewind.observe.trace.TraceReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BenchCommandTest {

    @Test
    void benchReplaysATwoWeekTraceOfNineMetricsAndReportsTimings() {
        CommandLine cl = RewindCommand.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        int exit = cl.execute("bench", "replay", "--runs", "1");
        assertThat(exit).isZero();
        // 14 days of 5-minute samples for 9 metrics; checks every 60 s from day 1 to the end: no timing assertions
        assertThat(out.toString()).contains("2 weeks, 36288 rows").contains("decision no_rollback")
                .containsPattern("replay ms: min [0-9.]+, median [0-9.]+, p95 [0-9.]+").contains("rows/s")
                .containsPattern("first run \\(cold, as in a fresh CLI\\) ms: read [0-9.]+, replay [0-9.]+, engine [0-9.]+");
    }

    @Test
    void benchWritesTheTraceItTimesSoTheCliCanBeTimedOnTheSameData(@TempDir Path dir) {
        Path csv = dir.resolve("two-weeks.csv");
        CommandLine cl = RewindCommand.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("bench", "replay", "--runs", "1", "--trace-out", csv.toString())).isZero();
        Observations trace = TraceReader.read(csv);
        assertThat(trace.metrics()).hasSize(9);
        assertThat(trace.series().values()).allSatisfy(s -> assertThat(s.samples()).hasSize(36288 / 9));
        assertThat(out.toString()).contains("--metrics " + csv + " --deployed-at 2026-01-06T00:00:00Z");
    }
}
