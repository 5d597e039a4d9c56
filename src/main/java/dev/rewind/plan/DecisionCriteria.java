package dev.rewind.plan;

import java.util.List;

/**
 * Seed 004's "Rollback Decision Criteria": the automatic triggers (as documented; the watch runs the config's), the
 * manual ones people weigh, the point of no return and what to do past it.
 */
public record DecisionCriteria(List<AutomaticTrigger> automatic, List<String> manual, PointOfNoReturnSpec pointOfNoReturn,
                               List<String> fixForward) {
    public DecisionCriteria {
        automatic = List.copyOf(automatic);
        manual = List.copyOf(manual);
        fixForward = List.copyOf(fixForward);
    }

    public static DecisionCriteria none() {
        return new DecisionCriteria(List.of(), List.of(), null, List.of());
    }

    /** @param durationSeconds 0 when the condition need not hold for a time */
    public record AutomaticTrigger(String metric, double threshold, String comparison, long durationSeconds, boolean consecutive) {
    }

    /**
     * @param database the database whose migrations decide it (the environment's database block must name it)
     * @param sinceTag the migration tag of the release rolled back to: a changeset applied since it without a rollback
     *                 is the point of no return
     */
    public record PointOfNoReturnSpec(String description, String database, String sinceTag) {
        public boolean measurable() {
            return database != null && sinceTag != null;
        }
    }
}
