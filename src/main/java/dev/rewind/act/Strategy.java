package dev.rewind.act;

import dev.rewind.model.BadInputException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/** How a release was rolled out, and so how it is rolled back (seed 003's strategies by deployment type). */
public enum Strategy {
    BLUE_GREEN(Duration.ofMinutes(1)),
    CANARY(Duration.ofMinutes(2)),
    ROLLING_UPDATE(Duration.ofMinutes(15)),
    FEATURE_FLAG(Duration.ofSeconds(30)),
    CONFIG(Duration.ofMinutes(1));

    private final Duration expected;

    Strategy(Duration expected) {
        this.expected = expected;
    }

    /** Seed 003's execution time for this strategy (its upper bound), before verification. */
    public Duration expectedDuration() {
        return expected;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @param source where the word came from ("--strategy", a config file) for the error message */
    public static Strategy parse(String word, String source) {
        for (Strategy s : values()) {
            if (s.label().equals(word == null ? null : word.trim().toLowerCase(Locale.ROOT).replace('-', '_'))) return s;
        }
        throw new BadInputException(source, 0, "strategy", "expected one of "
                + Arrays.stream(values()).map(Strategy::label).toList() + ", found '" + word + "'");
    }
}
