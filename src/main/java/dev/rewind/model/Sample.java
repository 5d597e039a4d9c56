package dev.rewind.model;

import java.time.Instant;
import java.util.Objects;

/** One measurement of a metric. */
public record Sample(Instant at, double value) implements Comparable<Sample> {
    public Sample {
        Objects.requireNonNull(at, "at");
    }

    @Override
    public int compareTo(Sample o) {
        return at.compareTo(o.at);
    }
}
