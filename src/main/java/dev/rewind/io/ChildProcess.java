package dev.rewind.io;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stopping a child process politely, with whatever it started: SIGTERM to all of them, five seconds for
 * the child to finish, then SIGKILL to those still alive. The descendants are listed before the first
 * signal, while they are still the child's: a shell or npm killed alone would leave its own children
 * running, holding the child's output pipe open, so whoever reads that pipe would never see its end.
 */
public final class ChildProcess {
    private ChildProcess() {
    }

    public static void stop(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }
}
