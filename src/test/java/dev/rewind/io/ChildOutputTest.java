package dev.rewind.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real child processes (sh): the marker, the end of output, the draining after the marker, and the kept lines. */
class ChildOutputTest {
    /** Long enough never to be reached when the test is right: only the output's end should end these waits. */
    private static final Duration NEVER = Duration.ofMinutes(5);
    private Process child;

    private Process sh(String script) throws Exception {
        child = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        return child;
    }

    @AfterEach
    void stopChild() {
        if (child != null) ChildProcess.stop(child);
    }

    @Test
    void findsTheMarkerAmongOtherLines() throws Exception {
        Process p = sh("echo 'warning: something first'; echo 'READY 4242'; sleep 60");
        ChildOutput out = ChildOutput.follow(p, "test", line -> line.startsWith("READY "));

        assertThat(out.awaitMarker(NEVER)).contains("READY 4242");
        assertThat(out.lastLines(5)).containsExactly("warning: something first", "READY 4242");
    }

    @Test
    void keepsDrainingAfterTheMarkerSoAChattyChildNeverBlocksOnAFullPipe() throws Exception {
        // a megabyte after READY: far more than a pipe holds, so the child finishes only if someone reads on
        Process p = sh("echo READY; i=0; while [ $i -lt 10000 ]; do echo \"line $i of a hundred-byte-ish padding padding padding padding padding padding\"; i=$((i+1)); done; echo END");
        ChildOutput out = ChildOutput.follow(p, "test", "READY"::equals);

        assertThat(out.awaitMarker(NEVER)).contains("READY");
        assertThat(p.waitFor(NEVER.toSeconds(), TimeUnit.SECONDS)).as("the child finished writing").isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(out.awaitMarker(NEVER)).as("the marker stays found").contains("READY");
    }

    @Test
    void endsAsSoonAsTheChildExitsWithoutTheMarkerAndSaysWithWhichCode() throws Exception {
        Process p = sh("echo 'cannot bind: address in use'; exit 3");
        ChildOutput out = ChildOutput.follow(p, "test", line -> line.startsWith("READY "));

        Optional<String> marker = out.awaitMarker(NEVER);

        assertThat(marker).isEmpty();
        assertThat(out.whyNoMarker(p, "READY", NEVER)).isEqualTo("exited with code 3 before printing READY");
        assertThat(out.lastLines(10)).contains("cannot bind: address in use");
    }

    @Test
    void aChildThatStaysSilentIsReportedAsNotReadyWithinTheLimit() throws Exception {
        Process p = sh("echo starting; sleep 60");
        ChildOutput out = ChildOutput.follow(p, "test", line -> line.startsWith("READY "));

        assertThat(out.awaitMarker(Duration.ofSeconds(1))).isEmpty();

        assertThat(out.whyNoMarker(p, "READY", Duration.ofSeconds(1))).isEqualTo("did not print READY within 1 s");
        assertThat(p.isAlive()).isTrue();
    }

    @Test
    void stoppingTheChildWhileItsOutputIsReadEndsTheReaderInsteadOfDeadlocking() throws Exception {
        Process p = sh("echo READY; sleep 60");
        ChildOutput out = ChildOutput.follow(p, "test", "READY"::equals);
        assertThat(out.awaitMarker(NEVER)).contains("READY");

        ChildProcess.stop(p);

        Thread reader = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("output of test (pid " + p.pid() + ")")).findFirst().orElse(null);
        if (reader != null) reader.join(NEVER.toMillis()); // null: it had already ended
        assertThat(reader == null || !reader.isAlive()).as("the reader thread ended with the child").isTrue();
        assertThat(p.isAlive()).isFalse();
    }

    @Test
    void keepsOnlyTheLatestLinesOldestFirst() throws Exception {
        Process p = sh("i=0; while [ $i -lt 500 ]; do echo \"n$i\"; i=$((i+1)); done");
        ChildOutput out = ChildOutput.follow(p, "test", line -> false);

        assertThat(out.awaitMarker(NEVER)).isEmpty();

        assertThat(out.lastLines(3)).containsExactly("n497", "n498", "n499");
        assertThat(out.lastLines(1000)).hasSize(200).startsWith("n300");
    }
}
