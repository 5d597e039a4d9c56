package dev.rewind.act;

import dev.rewind.plan.RollbackPlanFile;
import java.time.Instant;
import java.util.Objects;

/**
 * A rollback plan as code that replaces the built-in plan of an environment (seed 004).
 *
 * @param scenario      the partial rollback scenario to run, or null for the whole procedure
 * @param lastRehearsal the newest passing rehearsal the store holds, for the rehearsal gate; null when none (or unknown yet)
 * @param rehearsal     true when this run is the rehearsal itself
 */
public record CodedPlan(RollbackPlanFile file, String scenario, Instant lastRehearsal, boolean rehearsal) {
    public CodedPlan {
        Objects.requireNonNull(file, "file");
        if (scenario != null && file.scenario(scenario).isEmpty()) {
            throw file.source().error("scenarios", "the plan has no scenario '" + scenario + "'; it has "
                    + file.scenarios().stream().map(dev.rewind.plan.Scenario::id).toList());
        }
    }

    public static CodedPlan of(RollbackPlanFile file) {
        return new CodedPlan(file, null, null, false);
    }

    public CodedPlan withLastRehearsal(Instant at) {
        return new CodedPlan(file, scenario, at, rehearsal);
    }
}
