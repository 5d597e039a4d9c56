package dev.rewind.cli;

import dev.rewind.bench.RewindChild;
import dev.rewind.io.ChildProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code rewind watch} (or any command) as a child JVM whose output the test reads line by line as it comes, so a test
 * waits for what the watch says ("Stage 2: Watch green", "BLIND: ...") instead of sleeping, and a failed assertion
 * stops the child in {@link #close} (an in-process watch on a pool thread would run on: cancel does not interrupt it).
 */
final class WatchChild implements AutoCloseable {
    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private WatchChild(Process process) {
        this.process = process;
        this.outReader = Thread.ofPlatform().daemon().name("watch-child-out").start(() -> pump(process.getInputStream(), out));
        this.errReader = Thread.ofPlatform().daemon().name("watch-child-err").start(() -> pump(process.getErrorStream(), err));
    }

    static WatchChild start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(RewindChild.Launcher.classpath(System.getProperty("java.class.path")).command());
        cmd.addAll(List.of(args));
        return new WatchChild(new ProcessBuilder(cmd).start());
    }

    private void pump(InputStream in, List<String> into) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (this) {
                    into.add(line);
                    notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the child was stopped: its pipe closed
        }
    }

    /** Waits until stdout has a line containing {@code fragment}; returns it. */
    String awaitLine(String fragment, Duration limit) throws InterruptedException {
        return awaitLine(fragment, 1, limit);
    }

    /** Waits until stdout has {@code count} lines containing {@code fragment}; returns the last of them. */
    synchronized String awaitLine(String fragment, int count, Duration limit) throws InterruptedException {
        Predicate<String> matches = l -> l.contains(fragment);
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            List<String> hits = out.stream().filter(matches).toList();
            if (hits.size() >= count) return hits.getLast();
            long left = deadline - System.nanoTime();
            String waited = count + " line(s) with \"" + fragment + "\" from the watch";
            if (!process.isAlive() && !outReader.isAlive()) {
                throw new AssertionError("the watch exited (code " + process.exitValue() + ") before printing " + waited + "; saw " + hits.size()
                        + ". It printed:\n" + output());
            }
            if (left <= 0) {
                throw new AssertionError("no " + waited + " within " + limit.toSeconds() + " s; saw " + hits.size() + ". It printed so far:\n" + output());
            }
            // woken by each new line; the bound only re-checks whether the child is still alive
            wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 500));
        }
    }

    /** The exit code once it ends within {@code limit}; otherwise it is stopped and the test fails with what it printed. */
    int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError("the watch did not end within " + limit.toSeconds() + " s; it printed:\n" + output());
        }
        outReader.join(Duration.ofSeconds(10));
        errReader.join(Duration.ofSeconds(10));
        return process.exitValue();
    }

    synchronized String out() {
        return String.join("\n", out);
    }

    synchronized String err() {
        return String.join("\n", err);
    }

    synchronized String output() {
        return "--- stdout ---\n" + out() + "\n--- stderr ---\n" + err();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        ChildProcess.stop(process);
    }
}
