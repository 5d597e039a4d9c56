package dev.rewind.replay;

import dev.rewind.model.Baseline;
import dev.rewind.model.Decision;
import dev.rewind.model.TriggerStatus;

import java.time.Instant;
import java.util.Map;

/**
 * What a replay decided, and how it got there.
 *
 * @param decision the first actionable decision (rollback, approval_required, fix_forward), or KeepWatching
 *                 at the last check when none came
 * @param enforced false when the policy is disabled: the decision is what Rewind would have done
 * @param checks   checks run, up to and including the deciding one
 * @param tallies  per trigger name, how many checks ended in each status (no-data triggers show here)
 */
public record ReplayResult(Decision decision, boolean enforced, Baseline baseline, int checks, Instant firstCheck,
                           Instant lastCheck, Map<String, Map<TriggerStatus, Integer>> tallies) {

    public ReplayResult {
        Map<String, Map<TriggerStatus, Integer>> copy = new java.util.LinkedHashMap<>();
        tallies.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        tallies = java.util.Collections.unmodifiableMap(copy);
    }

    public boolean actionable() {
        return !(decision instanceof Decision.KeepWatching);
    }
}
