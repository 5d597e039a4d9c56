package dev.rewind.io;

import java.util.concurrent.TimeUnit;

/** Stopping a child process politely: SIGTERM, five seconds to finish, then SIGKILL. */
public final class ChildProcess {
    private ChildProcess() {
    }

    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
