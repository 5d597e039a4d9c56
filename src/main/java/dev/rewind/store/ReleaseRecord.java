package dev.rewind.store;

import dev.rewind.model.Change;
import java.time.Instant;
import java.util.List;

/**
 * A release as the registry knows it.
 *
 * @param batchId    the batch it was deployed with, or null
 * @param watchUntil     when server mode stops watching it and it becomes the stable baseline (seed 001's 24 h), or null
 * @param trafficPercent share of traffic it serves, 1..100: below 100 a canary, checked against the previous version
 *                       serving beside it over the same time (its control)
 */
public record ReleaseRecord(String service, String environment, String version, ReleaseStatus status,
                            Instant deployedAt, String previousVersion, String featureFlag, List<Change> changes,
                            String batchId, Instant watchUntil, String registeredBy, Instant pointOfNoReturn, int trafficPercent) {
    public ReleaseRecord {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    public ReleaseRecord(String service, String environment, String version, ReleaseStatus status, Instant deployedAt, String previousVersion,
                         String featureFlag, List<Change> changes, String batchId, Instant watchUntil, String registeredBy, Instant pointOfNoReturn) {
        this(service, environment, version, status, deployedAt, previousVersion, featureFlag, changes, batchId, watchUntil, registeredBy,
                pointOfNoReturn, 100);
    }

    public ReleaseRecord(String service, String environment, String version, ReleaseStatus status,
                         Instant deployedAt, String previousVersion, String featureFlag, List<Change> changes) {
        this(service, environment, version, status, deployedAt, previousVersion, featureFlag, changes, null, null, null, null);
    }

    /** The same release serving another share of the traffic. */
    public ReleaseRecord withTraffic(int percent) {
        return new ReleaseRecord(service, environment, version, status, deployedAt, previousVersion, featureFlag, changes, batchId, watchUntil,
                registeredBy, pointOfNoReturn, percent);
    }

    /** Whether the previous version serves beside it (a canary), so its counts over the same time are the control. */
    public boolean canary() {
        return trafficPercent < 100;
    }

    /** The release as the engine sees it. */
    public dev.rewind.model.Release toRelease() {
        return new dev.rewind.model.Release(service, environment, version, previousVersion, deployedAt, changes, featureFlag, trafficPercent, pointOfNoReturn);
    }
}
