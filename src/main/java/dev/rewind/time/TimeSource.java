package dev.rewind.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The only way engine code reads or waits for time. Production uses {@link SystemTimeSource}; tests and
 * replays use {@link ManualTimeSource}, whose pauses advance the clock at once, so a 30-minute incident
 * runs in milliseconds.
 */
public interface TimeSource {

    Instant now();

    /** Waits {@code duration} (or returns at once, for a manual source, after moving its clock). */
    void pause(Duration duration);

    /** A {@link Clock} view for code that takes one. */
    default Clock clock() {
        TimeSource self = this;
        return new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return self.now();
            }
        };
    }
}
