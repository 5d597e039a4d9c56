package dev.rewind.faults;

import dev.rewind.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Freezes and thaws a real server process with SIGSTOP / SIGCONT, the way a stalled host or a GC pause looks from
 * outside: its sockets still accept connections (the kernel queues them) but nothing answers. Each call waits, with a
 * deadline, until /proc shows the process in the state asked for.
 */
final class Signals {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    private Signals() {
    }

    static void stop(long pid) throws IOException, InterruptedException {
        signal("-STOP", pid);
        awaitState(pid, true);
    }

    static void resume(long pid) throws IOException, InterruptedException {
        signal("-CONT", pid);
        awaitState(pid, false);
    }

    static boolean stopped(long pid) throws IOException {
        return state(pid).equals("T");
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Command.Result r = Command.run(List.of("kill", signal, Long.toString(pid)), LIMIT);
        if (r.exit() != 0) throw new IllegalStateException("kill " + signal + " " + pid + " exited " + r.exit() + ": " + r.output());
    }

    /** Waits until the process is (or is no longer) stopped: state T in /proc/PID/stat. */
    private static void awaitState(long pid, boolean stopped) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        String seen = "";
        while (System.nanoTime() < deadline) {
            seen = state(pid);
            if (seen.equals("T") == stopped) return;
            Thread.sleep(10); // a poll interval with a deadline, not a synchronisation sleep
        }
        throw new IllegalStateException("process " + pid + " did not become " + (stopped ? "stopped" : "running") + " within "
                + LIMIT.toSeconds() + "s; its last state was '" + seen + "'");
    }

    private static String state(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // "pid (comm) S ...": the state follows the last ')', since comm may hold spaces
        return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    }
}
