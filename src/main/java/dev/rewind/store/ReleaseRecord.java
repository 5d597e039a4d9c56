package dev.rewind.store;

import dev.rewind.model.Change;
import java.time.Instant;
import java.util.List;

/**
 * A release as the registry knows it.
 *
 * @param batchId    the batch it was deployed with, or null
 * @param watchUntil when server mode stops watching it and it becomes the stable baseline (seed 001's 24 h), or null
 */
public record ReleaseRecord(String service, String environment, String version, ReleaseStatus status,
                            Instant deployedAt, String previousVersion, String featureFlag, List<Change> changes,
                            String batchId, Instant watchUntil, String registeredBy, Instant pointOfNoReturn) {
    public ReleaseRecord {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    public ReleaseRecord(String service, String environment, String version, ReleaseStatus status,
                         Instant deployedAt, String previousVersion, String featureFlag, List<Change> changes) {
        this(service, environment, version, status, deployedAt, previousVersion, featureFlag, changes, null, null, null, null);
    }

    /** The release as the engine sees it. */
    public dev.rewind.model.Release toRelease() {
        return new dev.rewind.model.Release(service, environment, version, previousVersion, deployedAt, changes, featureFlag, 100, pointOfNoReturn);
    }
}
