package dev.rewind.controller;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongToDoubleFunction;

/**
 * Decision instants worked out from the scenario's own formula, not from the world or the detector: the
 * first check (every {@code interval} after the deploy) whose mean over the trailing window, of 10 s samples
 * taken after the deploy, is above {@code limit}.
 */
final class Expected {
    private Expected() {
    }

    /** @param valueAtSecond the candidate's value for the sample {@code s} seconds after the deploy (s = 10, 20, ...) */
    static Instant firstCheckOver(Instant deploy, Duration interval, Duration window, double limit, Duration maxWatch,
                                  LongToDoubleFunction valueAtSecond) {
        for (long check = interval.toSeconds(); check <= maxWatch.toSeconds(); check += interval.toSeconds()) {
            double sum = 0;
            int n = 0;
            for (long s = 10; s <= check; s += 10) {
                if (s <= check - window.toSeconds()) continue;
                sum += valueAtSecond.applyAsDouble(s);
                n++;
            }
            if (n > 0 && sum / n > limit) return deploy.plusSeconds(check);
        }
        return null;
    }
}
