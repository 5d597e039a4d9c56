package dev.rewind.decide;

import dev.rewind.model.AppliedChangeSet;
import dev.rewind.model.Release;
import java.time.Instant;
import java.util.List;

/**
 * Whether a release can still be rolled back, from the migrations it applied: seed 004's "point of no return"
 * is the first changeset, in the order they ran, that has no rollback. Once it has run, undoing the release means
 * losing what it did, so the decision is fix forward ({@link RollbackDecider} reads {@link Release#pointOfNoReturn()}).
 *
 * @param changeSet the first irreversible changeset, or null when every one can be undone
 * @param why       what was found, naming the changeset
 */
public record PointOfNoReturn(AppliedChangeSet changeSet, String why) {

    /**
     * @param appliedSinceTarget the changesets a rollback to the target would undo, in the order they ran
     * @param target             the tag (or "the last N changesets") they were applied since, for the message
     */
    public static PointOfNoReturn of(List<AppliedChangeSet> appliedSinceTarget, String target) {
        for (AppliedChangeSet c : appliedSinceTarget) {
            if (!c.reversible()) {
                return new PointOfNoReturn(c, "changeset " + c.key() + " (run " + c.executedAt() + ") " + c.irreversible()
                        + ": a rollback to " + target + " cannot undo it; fix forward");
            }
        }
        return new PointOfNoReturn(null, appliedSinceTarget.isEmpty() ? "nothing was applied since " + target
                : "all " + appliedSinceTarget.size() + " changesets applied since " + target + " can be rolled back");
    }

    public boolean past() {
        return changeSet != null;
    }

    /** When the release became irreversible: the irreversible changeset ran then. Null when it has not. */
    public Instant at() {
        return changeSet == null ? null : changeSet.executedAt();
    }

    /**
     * The release with its point of no return set from the migrations (the earlier one, when it already had one),
     * so that the decider turns a rollback into fix forward.
     */
    public Release applyTo(Release release) {
        Instant at = at();
        if (at == null) return release;
        Instant known = release.pointOfNoReturn();
        Instant earliest = known != null && known.isBefore(at) ? known : at;
        return new Release(release.service(), release.environment(), release.version(), release.previousVersion(), release.deployedAt(),
                release.changes(), release.featureFlag(), release.trafficPercent(), earliest);
    }
}
