package dev.rewind.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/** Wall-clock time. Pausing parks the calling thread; an interrupt ends the pause early and is kept. */
public final class SystemTimeSource implements TimeSource {

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public void pause(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(left);
        }
    }
}
