package dev.rewind.act;

import dev.rewind.model.Baseline;
import dev.rewind.model.Plan;
import dev.rewind.model.Release;
import java.util.Objects;

/**
 * One rollback to run.
 *
 * @param id            the rollback id, the journal's key
 * @param release       the failing release
 * @param targetVersion what it goes back to (the plan's target)
 * @param baseline      the last good release's metrics, for verification; null skips metric verification
 */
public record RollbackRequest(String id, Release release, String targetVersion, Plan plan, Baseline baseline) {
    public RollbackRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(plan, "plan");
        targetVersion = targetVersion != null ? targetVersion : release.previousVersion();
    }
}
