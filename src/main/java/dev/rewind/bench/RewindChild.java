package dev.rewind.bench;

import dev.rewind.io.ChildProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code rewind watch} run as a user runs it: a child JVM with the example config (its Prometheus URL and
 * HAProxy socket filled in), its own store and output folder. Its stdout goes to a file in the run folder.
 */
public final class RewindChild implements AutoCloseable {
    static final String EXAMPLE_PROMETHEUS = "http://127.0.0.1:9090";
    static final String EXAMPLE_SOCKET = "/run/haproxy/admin.sock";

    private final Process process;
    private final Path log;
    private final Path store;

    private RewindChild(Process process, Path log, Path store) {
        this.process = process;
        this.log = log;
        this.store = store;
    }

    /** How to start Rewind: {@code java -jar target/rewind.jar}, or the same main class on a classpath (tests). */
    public record Launcher(List<String> command) {
        public static Launcher jar(Path jar) {
            return new Launcher(List.of(javaBinary(), "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-jar", jar.toString()));
        }

        public static Launcher classpath(String classpath) {
            return new Launcher(List.of(javaBinary(), "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-cp", classpath,
                    "dev.rewind.cli.RewindCommand"));
        }

        private static String javaBinary() {
            return ProcessHandle.current().info().command().orElse("java");
        }
    }

    /** The example config with this stack's addresses in place of the example's. */
    public static String config(String example, String prometheusUrl, Path adminSocket) {
        if (!example.contains(EXAMPLE_PROMETHEUS) || !example.contains(EXAMPLE_SOCKET)) {
            throw new IllegalArgumentException("the example config no longer holds " + EXAMPLE_PROMETHEUS + " and " + EXAMPLE_SOCKET
                    + "; the benchmark fills those in");
        }
        return example.replace(EXAMPLE_PROMETHEUS, prometheusUrl).replace(EXAMPLE_SOCKET, adminSocket.toString());
    }

    public static RewindChild watch(Launcher launcher, Path dir, String config, Instant deployedAt) throws IOException {
        Path cfg = Files.writeString(dir.resolve("rewind.yaml"), config);
        Path store = dir.resolve("rewind.db");
        return start(launcher, dir, store, "rewind-watch.log", List.of("watch", "--config", cfg.toString(), "--environment", "production",
                "--release", "green", "--previous", "blue", "--deployed-at", deployedAt.toString(), "--for", "PT2M", "--store", store.toString(),
                "--out", dir.resolve("rewind-out").toString()));
    }

    /** {@code rewind ARGS} in {@code dir}, its output in {@code logName} there, on the store {@code store}. */
    static RewindChild start(Launcher launcher, Path dir, Path store, String logName, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(launcher.command());
        cmd.addAll(args);
        Path log = dir.resolve(logName);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new RewindChild(p, log, store);
    }

    /** The exit code, or -1 after killing it when it did not end in time. */
    public int awaitExit(long seconds) throws InterruptedException {
        if (process.waitFor(seconds, TimeUnit.SECONDS)) return process.exitValue();
        close();
        return -1;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    public Path store() {
        return store;
    }

    /** SIGTERM (a clean stop), then a kill if it does not end. */
    @Override
    public void close() {
        ChildProcess.stop(process);
    }
}
