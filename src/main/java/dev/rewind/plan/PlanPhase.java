package dev.rewind.plan;

import java.time.Duration;
import java.util.List;

/**
 * One phase of seed 004's "Rollback Procedure" ("Phase 3: Database Rollback (3 minutes)").
 *
 * @param stated the phase's own estimate when the plan gives one (the minutes in its heading), else null; the steps'
 *               sum is what counts, and estimate says when the two differ
 * @param path   where it sits in the file ({@code phases[2]}, or {@code cleanup})
 */
public record PlanPhase(String id, String name, String objective, List<PlanStep> steps, Duration stated, String path) {
    public PlanPhase {
        steps = List.copyOf(steps);
    }

    /** The sum of the step estimates. */
    public Duration estimate() {
        return steps.stream().map(PlanStep::estimate).reduce(Duration.ZERO, Duration::plus);
    }
}
