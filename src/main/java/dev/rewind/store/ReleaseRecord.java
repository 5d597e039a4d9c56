package dev.rewind.store;

import dev.rewind.model.Change;
import java.time.Instant;
import java.util.List;

/** A release as the registry knows it. */
public record ReleaseRecord(String service, String environment, String version, ReleaseStatus status,
                            Instant deployedAt, String previousVersion, String featureFlag, List<Change> changes) {
    public ReleaseRecord {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
