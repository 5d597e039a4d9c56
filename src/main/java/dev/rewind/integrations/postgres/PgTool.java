package dev.rewind.integrations.postgres;

import dev.rewind.model.ActionFailedException;
import dev.rewind.model.UnreachableException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One of PostgreSQL's client programs (pg_dump, pg_restore), found by absolute path under
 * {@code /usr/lib/postgresql/<major>/bin} (the newest major, since pg_dump must be at least the server's), and run
 * with its arguments as a list: no shell ever reads them. Its messages are kept to the last lines, read while it
 * runs, so a chatty program can neither fill a pipe nor fill memory.
 */
final class PgTool {
    static final Path ROOT = Path.of("/usr/lib/postgresql");
    private static final int KEPT_LINES = 30;
    private static final int MAX_LINE = 1000;

    private final Path binary;
    private final int major;

    private PgTool(Path binary, int major) {
        this.binary = binary;
        this.major = major;
    }

    static PgTool find(String name) {
        return find(ROOT, name);
    }

    static PgTool find(Path root, String name) {
        if (!name.matches("pg_[a-z]+")) throw new IllegalArgumentException("not a PostgreSQL client program: " + name);
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Optional<Path> dir = versions.filter(v -> v.getFileName().toString().matches("\\d{1,3}"))
                        .filter(v -> Files.isExecutable(v.resolve("bin").resolve(name)))
                        .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())));
                if (dir.isPresent()) return new PgTool(dir.get().resolve("bin").resolve(name), Integer.parseInt(dir.get().getFileName().toString()));
            } catch (IOException e) {
                throw new ActionFailedException("cannot list " + root + ": " + e.getMessage(), e);
            }
        }
        throw new ActionFailedException(name + " not found under " + root + "/<version>/bin: install the Debian package postgresql-client");
    }

    int major() {
        return major;
    }

    Path binary() {
        return binary;
    }

    /**
     * Runs the program with a clean PG* environment plus {@code env}, and throws when it fails or overruns.
     *
     * @return its last lines of output
     */
    String run(List<String> args, Map<String, String> env, Duration timeout) {
        List<String> command = new java.util.ArrayList<>();
        command.add(binary.toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // Nothing from Rewind's own environment may point the program elsewhere (PGHOST, PGSERVICE, PGOPTIONS...).
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UnreachableException(binary.toString(), "cannot start: " + e.getMessage(), e);
        }
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = Thread.ofVirtual().start(() -> keepTail(p, tail));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new ActionFailedException(binary.getFileName() + " did not finish within " + timeout.toSeconds() + " s; stopped it. Its last lines:\n" + text(tail));
            }
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ActionFailedException("interrupted while " + binary.getFileName() + " ran; stopped it", e);
        }
        if (p.exitValue() != 0) {
            throw new ActionFailedException(binary.getFileName() + " exited with " + p.exitValue() + ":\n" + text(tail));
        }
        return text(tail);
    }

    /** Keeps the last lines, each cut at {@link #MAX_LINE} characters: a line without end cannot fill memory. */
    private static void keepTail(Process p, Deque<String> tail) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder line = new StringBuilder();
            boolean cut = false;
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    add(tail, line + (cut ? "..." : ""));
                    line.setLength(0);
                    cut = false;
                } else if (line.length() < MAX_LINE) {
                    line.append((char) c);
                } else {
                    cut = true;
                }
            }
            if (!line.isEmpty()) add(tail, line.toString());
        } catch (IOException ignored) {
            // the process ended or was stopped; what was read is kept
        }
    }

    private static void add(Deque<String> tail, String line) {
        synchronized (tail) {
            tail.addLast(line);
            if (tail.size() > KEPT_LINES) tail.removeFirst();
        }
    }

    private static String text(Deque<String> tail) {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }
}
