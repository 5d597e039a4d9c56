package dev.rewind.bench;

import dev.rewind.io.ChildProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real server binary (Prometheus, HAProxy) run as a child process on loopback for a benchmark, with
 * its config and data in a temp folder. Stops with the benchmark.
 */
final class LocalServer implements AutoCloseable {
    private final String name;
    private final Process process;

    private LocalServer(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    static LocalServer start(String name, List<String> command, Path dir, int port) throws IOException, InterruptedException {
        Path binary = Path.of(command.getFirst());
        if (!Files.isExecutable(binary)) {
            throw new IOException(name + " is not installed (" + binary + " missing); install it with apt-get (see .ci/run)");
        }
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IOException(name + " exited at start; see " + dir.resolve(name + ".log"));
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new LocalServer(name, p);
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IOException(name + " did not listen on port " + port + " within 30 s");
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
