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

    /** Polls {@code url} until {@code ready} accepts the status; stops the server and fails, saying why, when it exits or does not get there. */
    public void awaitHttp(HttpClient client, URI url, IntPredicate ready) throws InterruptedException {
        ServerReady.awaitHttp(name, process, log, client, url, ready);
    }

    public String output() throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        ChildProcess.stop(process);
    }
}
