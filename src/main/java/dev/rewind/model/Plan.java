package dev.rewind.model;

import java.time.Duration;
import java.util.List;

/**
 * Ordered phases of steps: what a rollback will do. Built from a release and its strategy, or read
 * from a rollback plan as code (seed 004).
 *
 * @param strategy           blue_green, canary, rolling_update, feature_flag, config
 * @param certificationLevel 2, 3 or 4 (seed 004); 0 for a generated plan
 * @param sla                time limit for the whole rollback, null for none
 */
public record Plan(String name, String strategy, int certificationLevel, Duration sla, List<Phase> phases) {
    public Plan {
        phases = List.copyOf(phases);
    }

    public Duration estimate() {
        return phases.stream().map(Phase::estimate).reduce(Duration.ZERO, Duration::plus);
    }

    public List<Step> steps() {
        return phases.stream().flatMap(p -> p.steps().stream()).toList();
    }
}
