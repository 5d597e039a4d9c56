package dev.rewind.demo;

import dev.rewind.io.ChildProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A running {@link DemoService} in its own JVM, started with the same java and class path as Rewind. */
final class ServiceProcess {
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
        Process p = new ProcessBuilder(cmd)
                .redirectError(logDir.resolve("service-" + version + ".log").toFile())
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String line = ready.get(30, TimeUnit.SECONDS);
            if (line == null || !line.startsWith("READY ")) {
                p.destroyForcibly();
                throw new IOException("service " + version + " did not start (said: " + line + "); see " + logDir.resolve("service-" + version + ".log"));
            }
            return new ServiceProcess(version, p, Integer.parseInt(line.substring(6).trim()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while starting service " + version, e);
        } catch (ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            throw new IOException("service " + version + " did not start within 30 s", e);
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
