package dev.rewind.integrations.prometheus;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * A real server binary (Prometheus, Alertmanager) started by a test on 127.0.0.1. A missing binary skips
 * the test on a laptop but fails it when CI=true, so CI can never silently skip the real-server tests.
 */
public final class LocalProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private LocalProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The binary's path; skips (no CI) or fails (CI=true) when it is not installed. */
    public static Path requireBinary(String path, String debianPackage) {
        Path binary = Path.of(path);
        if (Files.isExecutable(binary)) return binary;
        String message = path + " is missing: apt-get install -y " + debianPackage;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(message);
        Assumptions.assumeTrue(false, message);
        return binary;
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
        return new LocalProcess(p, log);
    }

    /** Polls {@code url} until {@code ready} accepts the status, the process dies, or 30 s pass. */
    public void awaitHttp(HttpClient client, URI url, Predicate<Integer> ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) fail("server exited early:\n" + Files.readString(log));
            try {
                int status = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (ready.test(status)) return;
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        fail("server did not become ready at " + url + ":\n" + Files.readString(log));
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
