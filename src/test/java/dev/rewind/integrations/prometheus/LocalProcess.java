package dev.rewind.integrations.prometheus;

import dev.rewind.io.ChildProcess;
import dev.rewind.testing.ServerReady;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * A real server binary (Prometheus, Alertmanager) started by a test on 127.0.0.1, its output in
 * {@code process.log} in the test's dir. Find the binary with {@link dev.rewind.testing.RealServers#requireBinary}.
 */
public final class LocalProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private LocalProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Tries at a fresh port when the one picked was bound by another process before the child could bind it. */
    static final int PORT_ATTEMPTS = 5;

    /**
     * A free port, for an address nothing must listen on, or for {@link #startOnFreePort}. Only free when picked: a
     * server started on it later may find it taken, so servers start through {@link #startOnFreePort}, which retries.
     */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    public static LocalProcess start(List<String> command, Path dir) throws IOException {
        Path log = dir.resolve("process.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new LocalProcess(Path.of(command.getFirst()).getFileName().toString(), p, log);
    }

    /** A started server and the port it listens on. */
    public record OnPort(LocalProcess process, int port) {
    }

    /**
     * Starts {@code command.apply(port)} on a free port and waits until GET {@code readyUrl.apply(port)} answers as
     * {@code ready}. When the child exits saying the port is in use (another process bound it after it was picked),
     * it starts again on a new port, at most {@link #PORT_ATTEMPTS} times; any other failure fails at once.
     */
    public static OnPort startOnFreePort(Path dir, IntFunction<List<String>> command, IntFunction<URI> readyUrl, HttpClient client,
                                         IntPredicate ready) throws IOException, InterruptedException {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port = freePort();
            LocalProcess p = start(command.apply(port), dir);
            try {
                p.awaitHttp(client, readyUrl.apply(port), ready);
                return new OnPort(p, port);
            } catch (IllegalStateException failed) {
                p.close();
                if (!p.output().toLowerCase(java.util.Locale.ROOT).contains("address already in use")) throw failed;
                last = failed;
            }
        }
        throw new IllegalStateException("every one of " + PORT_ATTEMPTS + " free ports picked was taken before the server bound it", last);
    }

    /** Polls {@code url} until {@code ready} accepts the status; stops the server and fails, saying why, when it exits or does not get there. */
    public void awaitHttp(HttpClient client, URI url, IntPredicate ready) throws InterruptedException {
        ServerReady.awaitHttp(name, process, log, client, url, ready);
    }

    /** The child's process id, for a fault test that stops and continues it. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        ChildProcess.stop(process);
    }
}
