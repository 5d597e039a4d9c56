package dev.rewind.demo;

import dev.rewind.io.ChildOutput;
import dev.rewind.io.ChildProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A running {@link DemoService} in its own JVM, started with the same java and class path as Rewind. */
final class ServiceProcess {
    private static final Duration START_LIMIT = Duration.ofSeconds(30);

    private final String version;
    private final Process process;
    private final int port;

    private ServiceProcess(String version, Process process, int port) {
        this.version = version;
        this.process = process;
        this.port = port;
    }

    static ServiceProcess start(String version, Fault fault, Path logDir) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = List.of(java, "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), DemoService.class.getName(),
                "--version", version, "--port", "0", "--fault", fault.scenario());
        Path log = logDir.resolve("service-" + version + ".log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        // one thread owns stdout for the process's life: it finds READY and keeps draining whatever follows
        ChildOutput out = ChildOutput.follow(p, "service " + version, line -> line.startsWith("READY "));
        try {
            Optional<String> ready = out.awaitMarker(START_LIMIT);
            if (ready.isPresent()) return new ServiceProcess(version, p, Integer.parseInt(ready.get().substring(6).trim()));
            String what = out.whyNoMarker(p, "READY", START_LIMIT);
            p.destroyForcibly();
            throw new IOException("service " + version + " " + what + "; its output: " + out.lastLines(10) + "; its log: " + log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while starting service " + version, e);
        }
    }

    String version() {
        return version;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    void stop() {
        ChildProcess.stop(process);
    }
}
