package dev.rewind.plan;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One step of a plan file, as written: the action word and its fields, a timeout, an estimate and what it verifies.
 * {@link PlanCompiler} turns it into a {@link dev.rewind.model.Step}. A null service, from or to means the rollback's
 * own (the environment's service, the failing version, the version rolled back to).
 *
 * @param action   validate_target, disable_flag, drain_traffic, switch_traffic, shift_traffic, revert, restart,
 *                 await_healthy, verify_metrics, smoke_tests, resume_traffic, scale_down, restore_database,
 *                 restore_config, flush_cache, notify, manual, manual_gate ({@link StepWords})
 * @param target   what a data step acts on: a database, a ConfigMap/Secret/file, a cache
 * @param message  what a notify, manual or manual_gate step says
 * @param verify   how the step's success is checked, in words (the actuator reads its work back)
 * @param weights  shift_traffic's stable-side weights, ending at 100
 * @param path     where the step sits in the file ({@code phases[1].steps[0]}), for errors
 */
public record PlanStep(String id, String description, String action, String service, String from, String to, String target,
                       Map<String, String> params, String flag, String message, String severity, List<String> dependencies,
                       List<Integer> weights, Duration pause, Duration timeout, Duration estimate, String verify,
                       boolean haltOnFailure, String path) {
    public PlanStep {
        params = params == null ? Map.of() : Map.copyOf(params);
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
        weights = weights == null ? List.of() : List.copyOf(weights);
    }

    /** Steps that need a person: the plan is not fully automated while it has a {@code manual} one. */
    public boolean manual() {
        return action.equals(StepWords.MANUAL);
    }

    public boolean manualGate() {
        return action.equals(StepWords.MANUAL_GATE);
    }
}
