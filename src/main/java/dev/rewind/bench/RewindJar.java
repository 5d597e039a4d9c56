package dev.rewind.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** target/rewind.jar, rebuilt through bin/rewind when a source or the pom is newer: the benchmark measures the code as it is. */
final class RewindJar {
    private static final Duration BUILD_LIMIT = Duration.ofMinutes(15);

    private RewindJar() {
    }

    static Path fresh(Path root, Consumer<String> progress) throws IOException, InterruptedException {
        Path jar = root.resolve("target/rewind.jar");
        if (!stale(root, jar)) return jar;
        progress.accept("building target/rewind.jar through bin/rewind");
        Path log = Files.createTempFile("rewind-jar-build", ".log");
        Process p = new ProcessBuilder(root.resolve("bin/rewind").toString(), "--version").directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // a build stalled on a lock or the network must not hang the benchmark forever
        if (!p.waitFor(BUILD_LIMIT.toMinutes(), TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IOException("bin/rewind did not build " + jar + " within " + BUILD_LIMIT.toMinutes() + " min; its output: " + log);
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(jar)) {
            throw new IOException("bin/rewind could not build " + jar + " (exit " + p.exitValue() + "); its output: " + log);
        }
        Files.deleteIfExists(log);
        return jar;
    }

    private static boolean stale(Path root, Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) return true;
        long built = Files.getLastModifiedTime(jar).toMillis();
        if (Files.getLastModifiedTime(root.resolve("pom.xml")).toMillis() > built) return true;
        try (Stream<Path> files = Files.walk(root.resolve("src/main"))) {
            return files.anyMatch(f -> {
                try {
                    return Files.getLastModifiedTime(f).toMillis() > built;
                } catch (IOException e) {
                    return true;
                }
            });
        }
    }
}
