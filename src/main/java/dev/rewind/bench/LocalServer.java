package dev.rewind.bench;

import dev.rewind.io.ChildProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real server binary (Prometheus, HAProxy) run as a child process on loopback for a benchmark, with
 * its config and data in a temp folder. Stops with the benchmark.
 */
final class LocalServer implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;

    private LocalServer(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    static LocalServer start(String name, List<String> command, Path dir, int port) throws IOException, InterruptedException {
        Path binary = Path.of(command.getFirst());
        if (!Files.isExecutable(binary)) {
            throw new IOException(name + " is not installed (" + binary + " missing); bin/test installs it when run as root; the list is in .ci/packages");
        }
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        IOException lastAttempt = null;
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new LocalServer(name, p);
            } catch (IOException notYet) {
                lastAttempt = notYet;
            }
            // the pause between attempts is a wait for the process: an early exit ends it at once
            if (p.waitFor(50, TimeUnit.MILLISECONDS)) {
                throw new IOException(name + " exited with code " + p.exitValue() + " before listening on 127.0.0.1:" + port
                        + "; " + lastLines(log));
            }
        }
        ChildProcess.stop(p);
        throw new IOException(name + " did not listen on 127.0.0.1:" + port + " within " + START_LIMIT.toSeconds() + " s (last attempt: "
                + lastAttempt + "); " + lastLines(log));
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return "last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "its log " + log + " could not be read: " + e.getMessage();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        ChildProcess.stop(process);
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
