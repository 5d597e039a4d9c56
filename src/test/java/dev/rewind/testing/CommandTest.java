package dev.rewind.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchIllegalStateException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CommandTest {

    @Test
    void returnsTheExitCodeAndTheOutputOfBothStreams() throws Exception {
        Command.Result r = Command.run(List.of("sh", "-c", "echo out; echo err >&2; exit 4"), Duration.ofMinutes(1));

        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.output()).contains("out").contains("err");
    }

    @Test
    void aCommandPastItsLimitIsKilledWithWhatItStartedAndTheFailureShowsItsOutput() throws Exception {
        IllegalStateException e = catchIllegalStateException(
                () -> Command.run(List.of("sh", "-c", "sleep 120 & echo \"child $!\"; wait"), Duration.ofSeconds(2)));

        assertThat(e).hasMessageContaining("sh -c sleep 120").hasMessageContaining("did not finish within 2 s and was killed");
        String childLine = e.getMessage().lines().filter(l -> l.strip().startsWith("child ")).findFirst().orElseThrow();
        long sleepPid = Long.parseLong(childLine.strip().substring(6));
        Optional<ProcessHandle> sleep = ProcessHandle.of(sleepPid);
        if (sleep.isPresent()) sleep.get().onExit().get(30, TimeUnit.SECONDS);
        assertThat(ProcessHandle.of(sleepPid).filter(ProcessHandle::isAlive)).as("the command's own child was killed too").isEmpty();
    }

    @Test
    void succeedNamesTheCommandItsExitCodeAndItsOutput() {
        assertThatThrownBy(() -> Command.succeed(List.of("sh", "-c", "echo 'database \"x\" already exists'; exit 1"), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sh -c").hasMessageContaining("exited with code 1").hasMessageContaining("database \"x\" already exists");
    }
}
