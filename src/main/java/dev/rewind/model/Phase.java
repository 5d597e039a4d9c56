package dev.rewind.model;

import java.time.Duration;
import java.util.List;

/** A named group of steps with an objective (seed 004's "Phase 2: Stop Traffic to New Version"). */
public record Phase(String name, String objective, List<Step> steps) {
    public Phase {
        steps = List.copyOf(steps);
    }

    public Duration estimate() {
        return steps.stream().map(Step::estimate).reduce(Duration.ZERO, Duration::plus);
    }
}
