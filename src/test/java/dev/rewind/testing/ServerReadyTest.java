package dev.rewind.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchIllegalStateException;

import dev.rewind.io.ChildProcess;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The messages of a fixture that gives up on a server: what it waited for, how long, what it saw. */
class ServerReadyTest {
    @TempDir
    Path dir;
    private Process server;

    @AfterEach
    void stop() {
        if (server != null) ChildProcess.stop(server);
    }

    private Process start(String script, Path log) throws Exception {
        server = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return server;
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aServerThatExitsIsReportedAtOnceWithItsExitCodeAndTheEndOfItsLog() throws Exception {
        Path log = dir.resolve("server.log");
        int port = closedPort();
        Process p = start("echo 'line one'; echo '[ALERT] cannot bind socket'; exit 1", log);

        IllegalStateException e = catchIllegalStateException(() -> ServerReady.await("haproxy", p, log, Duration.ofMinutes(5),
                "a listener on 127.0.0.1:" + port, () -> "java.net.ConnectException: Connection refused"));

        assertThat(e).hasMessageStartingWith("haproxy exited with code 1 after ")
                .hasMessageContaining("while we waited for a listener on 127.0.0.1:" + port)
                .hasMessageContaining("last attempt: java.net.ConnectException: Connection refused")
                .hasMessageContaining("last lines of " + log).hasMessageContaining("  [ALERT] cannot bind socket");
    }

    @Test
    void aServerThatNeverListensIsStoppedAndTheMessageSaysHowLongAndWhatTheLastAttemptSaw() throws Exception {
        Path log = dir.resolve("server.log");
        int port = closedPort();
        Process p = start("echo 'loading rules'; sleep 120", log);

        IllegalStateException e = catchIllegalStateException(() -> ServerReady.awaitListening("prometheus", p, log, port, Duration.ofSeconds(1)));

        assertThat(e).hasMessageStartingWith("prometheus was not ready after ").hasMessageContaining("(limit 1 s)")
                .hasMessageContaining("waited for a listener on 127.0.0.1:" + port)
                .hasMessageContaining("last attempt: java.net.ConnectException")
                .hasMessageContaining("  loading rules");
        assertThat(p.isAlive()).as("a fixture that gives up leaves nothing running").isFalse();
    }

    @Test
    void aListeningServerIsReadyAtTheFirstAttempt() throws Exception {
        Path log = Files.writeString(dir.resolve("server.log"), "");
        Process p = start("sleep 120", log);
        try (ServerSocket listening = new ServerSocket(0)) {
            ServerReady.awaitListening("nginx", p, log, listening.getLocalPort(), Duration.ofMinutes(5));
        }
        assertThat(p.isAlive()).isTrue();
    }
}
