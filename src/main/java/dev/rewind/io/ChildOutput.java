package dev.rewind.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A child process's standard output, read line by line by one thread of its own for the whole life of the
 * process. Only that thread touches the reader, and it closes it itself at end of stream: no other thread
 * closes a reader while it is being read (which blocks on the reader's lock), and the pipe never fills up
 * because nobody drains it after start-up. Keeps the last lines for error messages and completes a marker
 * (a line such as "READY 8080") as soon as it appears, or empty as soon as the output ends.
 */
public final class ChildOutput {
    private static final int KEPT_LINES = 200;

    private final Deque<String> last = new ArrayDeque<>();
    private final CompletableFuture<Optional<String>> marker = new CompletableFuture<>();

    private ChildOutput() {
    }

    /** Starts reading {@code process}'s standard output on a daemon thread named after {@code name}. */
    public static ChildOutput follow(Process process, String name, Predicate<String> isMarker) {
        ChildOutput output = new ChildOutput();
        Thread.ofPlatform().daemon().name("output of " + name + " (pid " + process.pid() + ")")
                .start(() -> output.read(process, isMarker));
        return output;
    }

    private void read(Process process, Predicate<String> isMarker) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                keep(line);
                if (!marker.isDone() && isMarker.test(line)) marker.complete(Optional.of(line));
            }
        } catch (IOException | RuntimeException e) {
            // the process was destroyed and its pipe closed under us: the output has ended either way
            keep("(output ended: " + e + ")");
        } finally {
            marker.complete(Optional.empty());
        }
    }

    private synchronized void keep(String line) {
        if (last.size() == KEPT_LINES) last.removeFirst();
        last.addLast(line);
    }

    /**
     * The first line that matched the marker; empty when the output ended before one did (the process
     * exited, or closed its output) or when {@code limit} passed first. The caller tells those apart with
     * {@link Process#isAlive()}.
     */
    public Optional<String> awaitMarker(Duration limit) throws InterruptedException {
        try {
            return marker.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading the output failed", e.getCause());
        }
    }

    /**
     * Why {@link #awaitMarker} came back empty, for an error message: "exited with code 1 before printing
     * READY", "did not print READY within 30 s", or "closed its output without printing READY".
     */
    public String whyNoMarker(Process process, String markerText, Duration limit) throws InterruptedException {
        if (!marker.isDone()) return "did not print " + markerText + " within " + limit.toSeconds() + " s";
        if (process.waitFor(5, TimeUnit.SECONDS)) return "exited with code " + process.exitValue() + " before printing " + markerText;
        return "closed its output without printing " + markerText;
    }

    /** Up to {@code n} of the latest lines, oldest first. */
    public synchronized List<String> lastLines(int n) {
        List<String> all = new ArrayList<>(last);
        return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
    }
}
