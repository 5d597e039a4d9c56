package dev.rewind.verify;

import dev.rewind.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Polls a {@link HealthProbe} on the {@link TimeSource} until the version is healthy or the timeout ends. */
public final class HealthWaiter {
    private final HealthProbe probe;
    private final TimeSource time;
    private final Duration interval;

    public HealthWaiter(HealthProbe probe, TimeSource time, Duration interval) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.time = Objects.requireNonNull(time, "time");
        if (interval.isZero() || interval.isNegative()) throw new IllegalArgumentException("poll interval must be positive, got " + interval);
        this.interval = interval;
    }

    /**
     * @return healthy with the time it took, or not healthy with the last detail seen. A probe that throws
     *         counts as unhealthy for that poll: a restarting service often refuses connections for a while.
     */
    public Result await(String service, String version, Duration timeout) {
        Instant start = time.now();
        Instant deadline = start.plus(timeout);
        int polls = 0;
        String last = "not checked";
        while (true) {
            polls++;
            try {
                HealthProbe.Health h = probe.check(service, version);
                last = h.detail();
                if (h.healthy()) return new Result(true, Duration.between(start, time.now()), polls, last);
            } catch (RuntimeException e) {
                last = "probe failed: " + e.getMessage();
            }
            Instant now = time.now();
            if (!now.isBefore(deadline)) return new Result(false, Duration.between(start, now), polls, last);
            Duration left = Duration.between(now, deadline);
            time.pause(left.compareTo(interval) < 0 ? left : interval);
        }
    }

    /** @param waited time from the first poll to the verdict, on the TimeSource */
    public record Result(boolean healthy, Duration waited, int polls, String lastDetail) {
    }
}
