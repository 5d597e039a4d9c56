package dev.rewind.replay;

import java.time.Duration;
import java.util.Arrays;

/**
 * A recorded production curve used as the traffic of simulated releases (NAB's ELB request counts, or its EC2 and RDS
 * CPU as a load curve): its values one {@code step} apart. Each simulated release reads its own segment of it, the
 * previous release's history and then the watch, so the releases see the curve's real swings, bursts and quiet nights.
 */
public record RecordedTraffic(String name, double[] values, Duration step) {
    public RecordedTraffic {
        if (values.length < 2) throw new IllegalArgumentException("a recorded curve needs at least two values: " + name);
        for (double v : values) if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException("recorded traffic must be finite and >= 0: " + name);
        if (step.isZero() || step.isNegative()) throw new IllegalArgumentException("step must be positive");
        values = values.clone();
    }

    /** How many of its values one release spans (history and watch), rounded up. */
    int span(Duration releaseLength) {
        return (int) Math.ceil((double) releaseLength.toMillis() / step.toMillis()) + 1;
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordedTraffic r && r.name.equals(name) && Arrays.equals(r.values, values) && r.step.equals(step);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "RecordedTraffic[" + name + ", " + values.length + " values, " + step + "]";
    }
}
