package dev.rewind.report.notify;

import java.time.Duration;

/** How a lane waits between attempts: the wall clock in production, a recorder in tests (no real waiting). */
@FunctionalInterface
public interface Pause {
    Pause SLEEP = Thread::sleep;

    void pause(Duration d) throws InterruptedException;
}
