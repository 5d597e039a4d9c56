package dev.rewind.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChildProcessTest {

    @Test
    void stopsTheChildAndWhatItStarted() throws Exception {
        Process shell = new ProcessBuilder("sh", "-c", "sleep 120 & echo \"started $!\"; wait").redirectErrorStream(true).start();
        ChildOutput out = ChildOutput.follow(shell, "shell", line -> line.startsWith("started "));
        Optional<String> started = out.awaitMarker(Duration.ofMinutes(1));
        assertThat(started).as("the shell said which pid its sleep has; output %s", out.lastLines(5)).isPresent();
        ProcessHandle sleep = ProcessHandle.of(Long.parseLong(started.get().substring(8).trim())).orElseThrow();

        ChildProcess.stop(shell);

        assertThat(shell.isAlive()).isFalse();
        sleep.onExit().get(30, TimeUnit.SECONDS);
        assertThat(sleep.isAlive()).as("the shell's own child").isFalse();
        assertThat(out.awaitMarker(Duration.ofMinutes(1))).as("the marker stays found").isPresent();
    }
}
