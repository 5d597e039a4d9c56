package dev.rewind.cli;

import dev.rewind.plan.PlanEstimate;
import dev.rewind.plan.RollbackPlanFile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What is worth knowing about a valid plan without being an error: sums that differ from what it states, its rehearsal. */
final class PlanNotes {
    private PlanNotes() {
    }

    /** @param lastRehearsal the newest passing rehearsal in the store, or null; {@code store} names it */
    static List<String> of(RollbackPlanFile plan, PlanEstimate e, Instant lastRehearsal, String store, Instant now) {
        List<String> out = new ArrayList<>();
        for (PlanEstimate.PhaseLine p : e.phases()) {
            if (p.differs()) out.add("phase '" + p.id() + "' says " + PlanEstimate.human(p.stated()) + "; its steps add up to " + PlanEstimate.human(p.estimate()));
        }
        for (PlanEstimate.ScenarioLine s : e.scenarios()) {
            if (s.differs()) out.add("scenario '" + s.id() + "' says " + PlanEstimate.human(s.expected()) + "; its steps add up to " + PlanEstimate.human(s.estimate()));
            if (!s.withinSla()) out.add("scenario '" + s.id() + "' (" + PlanEstimate.human(s.estimate()) + ") is over the SLA of " + PlanEstimate.human(e.sla()));
        }
        String stated = plan.operation().riskLevel();
        if (stated != null && !stated.equals(e.complexity().riskLevel()) && !(stated.equals("critical") && e.complexity().riskLevel().equals("high"))) {
            out.add("the plan states risk " + stated + "; seed 003's complexity score " + e.complexity().score() + " says " + e.complexity().riskLevel());
        }
        if (plan.gates().rehearsed()) {
            if (lastRehearsal == null) {
                out.add("no passing rehearsal of " + plan.metadata().operationId() + " is in the store (" + store + "): the rehearsal gate"
                        + " (verify_rollback_tested) refuses a real rollback until one passes");
            } else {
                Duration age = Duration.between(lastRehearsal, now);
                out.add("last passing rehearsal in the store: " + lastRehearsal + " (" + age.toHours() + " h ago"
                        + (age.compareTo(plan.testing().rehearsalMaxAge()) > 0 ? ", too old for the rehearsal gate" : "") + ")");
            }
        }
        return out;
    }
}
