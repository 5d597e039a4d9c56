package dev.rewind.act;

import dev.rewind.model.BadInputException;
import dev.rewind.plan.PlanStep;
import dev.rewind.plan.RollbackPlanFile;
import java.util.ArrayList;
import java.util.List;

/**
 * A plan file's data steps read by the same parsers that run them ({@code restore_database}, {@code restore_config},
 * {@code flush_cache}), so a bad parameter is found when the plan is validated, at its line, not halfway through a
 * rollback.
 */
public final class PlanStepParams {
    private PlanStepParams() {
    }

    /** Every step whose params would be refused, each as an error at its line and field ({@code phases[2].steps[0].params.count}). */
    public static List<BadInputException> problems(RollbackPlanFile plan) {
        List<BadInputException> out = new ArrayList<>();
        for (PlanStep s : plan.steps()) {
            try {
                switch (s.action()) {
                    case "restore_database" -> DatabaseRestoreRequest.of(s.target(), s.params());
                    case "restore_config" -> ConfigRestoreStep.snapshotParam(s.target(), s.params());
                    case "flush_cache" -> CacheFlushRequest.of(s.target(), s.params());
                    default -> { }
                }
            } catch (BadInputException e) {
                out.add(plan.source().error(s.path() + "." + (e.field() == null ? "params" : e.field()), e.problem()));
            }
        }
        return out;
    }
}
