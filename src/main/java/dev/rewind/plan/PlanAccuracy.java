package dev.rewind.plan;

import java.time.Duration;
import java.util.List;

/**
 * Seed 004's {@code rollback_plan_accuracy}: how well the plan's estimates matched a measured run, from 0 to 1. Phase
 * by phase, so that an overestimate in one phase does not hide an underestimate in another:
 * {@code 1 - sum(|measured - estimate|) / sum(max(measured, estimate))}.
 */
public final class PlanAccuracy {
    private PlanAccuracy() {
    }

    public record Timing(String phase, Duration estimate, Duration measured) {
    }

    /** 1 when every phase took exactly its estimate, 0 when none is comparable; an empty run is 0. */
    public static double of(List<Timing> timings) {
        double off = 0;
        double scale = 0;
        for (Timing t : timings) {
            double e = t.estimate().toMillis();
            double m = t.measured().toMillis();
            off += Math.abs(m - e);
            scale += Math.max(m, e);
        }
        if (scale == 0) return timings.isEmpty() ? 0 : 1;
        return Math.round((1 - off / scale) * 1000) / 1000.0;
    }
}
