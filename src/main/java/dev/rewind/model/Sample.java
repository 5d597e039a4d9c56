package dev.rewind.model;

import java.time.Instant;
import java.util.Objects;

/** One measurement of a metric. */
public record Sample(Instant at, double value) implements Comparable<Sample> {
    /**
     * The largest magnitude a measured value may have, as for config thresholds: a trace or a metric store giving
     * 1e308 would overflow every aggregate (a baseline of Infinity, a trigger that can never fire).
     */
    public static final double MAX_MAGNITUDE = 1e12;

    /** Whether {@code value} is a measurement Rewind accepts: finite and within {@link #MAX_MAGNITUDE}. */
    public static boolean plausible(double value) {
        return Double.isFinite(value) && Math.abs(value) <= MAX_MAGNITUDE;
    }

    public Sample {
        Objects.requireNonNull(at, "at");
    }

    @Override
    public int compareTo(Sample o) {
        return at.compareTo(o.at);
    }
}
