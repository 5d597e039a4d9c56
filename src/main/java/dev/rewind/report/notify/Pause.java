package dev.rewind.report.notify;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** How a lane waits between attempts: the wall clock in production, a recorder in tests (no real waiting). */
@FunctionalInterface
public interface Pause {
    /** Parks the lane's own thread (never a rollback's); an interrupt ends the wait and is reported as one. */
    Pause WALL_CLOCK = d -> {
        long deadline = System.nanoTime() + d.toNanos();
        for (long left = d.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) throw new InterruptedException("interrupted while waiting to retry a delivery");
        }
    };

    void pause(Duration d) throws InterruptedException;
}
