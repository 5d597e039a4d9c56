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

    /** Tries at a fresh port when the one picked was taken by another process between the pick and the child's bind. */
    static final int PORT_ATTEMPTS = 5;

    private final String name;
    private final Process process;
    private final int port;

    private LocalServer(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /** The child's command (and any config file naming the port) for a given port. */
    @FunctionalInterface
    interface CommandForPort {
        List<String> command(int port) throws IOException;
    }

    /**
     * Starts the server on a free loopback port. A free port is only free when picked: another process may bind it
     * before the child does, and then the child exits saying "address already in use"; it is started again on a new
     * port, at most {@link #PORT_ATTEMPTS} times. Any other failure ends it at once.
     */
    static LocalServer startOnFreePort(String name, CommandForPort command, Path dir) throws IOException, InterruptedException {
        PortTakenException last = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port = freePort();
            try {
                return start(name, command.command(port), dir, port);
            } catch (PortTakenException taken) {
                last = taken;
            }
        }
        throw new IOException(name + ": every one of " + PORT_ATTEMPTS + " free ports picked was taken before it could bind; last: " + last.getMessage(), last);
    }

    /** The child could not bind its port: it was taken after it was picked. */
    static final class PortTakenException extends IOException {
        PortTakenException(String message) {
            super(message);
        }
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
                // a listener there may be another process's, which took the port after it was picked: ours then fails to bind
                if (!portTaken(log) && !p.waitFor(200, TimeUnit.MILLISECONDS)) return new LocalServer(name, p, port);
            } catch (IOException notYet) {
                lastAttempt = notYet;
            }
            // the pause between attempts is a wait for the process: an early exit ends it at once
            if (p.waitFor(50, TimeUnit.MILLISECONDS) || portTaken(log)) {
                ChildProcess.stop(p);
                String why = name + " exited with code " + p.exitValue() + " before listening on 127.0.0.1:" + port + "; " + lastLines(log);
                throw portTaken(log) ? new PortTakenException(why) : new IOException(why);
            }
        }
        ChildProcess.stop(p);
        throw new IOException(name + " did not listen on 127.0.0.1:" + port + " within " + START_LIMIT.toSeconds() + " s (last attempt: "
                + lastAttempt + "); " + lastLines(log));
    }

    /** What Prometheus, Alertmanager ("bind: address already in use") and HAProxy ("cannot bind socket") say. */
    static boolean portTaken(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
            return text.contains("address already in use") || text.contains("cannot bind socket");
        } catch (IOException e) {
            return false;
        }
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

    int port() {
        return port;
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
