package dev.rewind.act;

import dev.rewind.model.BadInputException;
import dev.rewind.model.StepAction;
import dev.rewind.model.StepOutcome;
import dev.rewind.model.StepOutcome.Failed;
import dev.rewind.model.StepOutcome.Succeeded;
import java.util.LinkedHashMap;
import java.util.Map;

/** Seed 004's Phase 5: the stale entries go, and the journal keeps how many went and how many keys remain. */
final class CacheFlushStep {
    private final CacheInvalidator cache;

    CacheFlushStep(CacheInvalidator cache) {
        this.cache = cache;
    }

    StepOutcome run(StepAction.FlushCache f) {
        CacheFlushRequest req;
        try {
            req = CacheFlushRequest.of(f.target(), f.params());
        } catch (BadInputException e) {
            return new Failed(e.getMessage(), Map.of(StepRunner.RETRYABLE, false));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("cache", f.target());
        long removed;
        if (req.flushDatabase()) {
            data.put("mode", "flushdb");
            removed = cache.flushDatabase();
        } else {
            data.put("mode", "patterns");
            data.put("batch_size", req.batchSize());
            Map<String, Long> perPattern = cache.removeMatching(req.patterns(), req.batchSize());
            data.put("removed_per_pattern", perPattern);
            removed = perPattern.values().stream().mapToLong(Long::longValue).sum();
        }
        data.put("keys_removed", removed);
        long left = cache.size();
        data.put("keys_left", left);
        // A live service refills its cache at once, so keys left after a flush are reported, not failed.
        return new Succeeded((req.flushDatabase() ? "FLUSHDB on " : "pattern invalidation on ") + f.target() + ": " + removed
                + " keys removed, " + left + " keys in the database now", data);
    }
}
