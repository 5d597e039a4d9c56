package dev.rewind.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A version of a service in an environment, with its changes and the previous stable release (DESIGN.md §2).
 *
 * @param featureFlag     the flag guarding the release's new code, or null
 * @param trafficPercent  share of traffic the release serves (100 for a full rollout, 5 for a canary)
 * @param pointOfNoReturn when the release became irreversible (say, a destructive migration ran), or null
 */
public record Release(
        String service,
        String environment,
        String version,
        String previousVersion,
        Instant deployedAt,
        List<Change> changes,
        String featureFlag,
        double trafficPercent,
        Instant pointOfNoReturn) {

    public Release {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(version, "version");
        changes = changes == null ? List.of() : List.copyOf(changes);
        if (trafficPercent < 0 || trafficPercent > 100) {
            throw new IllegalArgumentException("trafficPercent must be 0..100, got " + trafficPercent);
        }
    }

    public boolean pastPointOfNoReturn(Instant now) {
        return pointOfNoReturn != null && !now.isBefore(pointOfNoReturn);
    }
}
