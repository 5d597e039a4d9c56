package dev.rewind.controller;

import dev.rewind.model.BadInputException;
import dev.rewind.model.Change;
import dev.rewind.model.VersionName;
import java.time.Instant;
import java.util.List;

/**
 * A deploy that server mode is told about: the environment (a configured deployable unit), the version now running,
 * and optionally the previous version (else the environment's current one), when it went out (else now), what it
 * changed, and the feature flag guarding it (else the environment's).
 *
 * @param trafficPercent share of traffic the version serves, 1..100: below 100 a canary, checked against the previous
 *                       version over the same time; null for 100
 * @param field          where this registration sits in the request ("releases[2]"), for error messages; may be empty
 */
public record Registration(String environment, String version, String previous, Instant deployedAt, List<Change> changes,
                           String featureFlag, Integer trafficPercent, String field) {
    /** Versions go into queries, routes and file names: a positive pattern, and a bound ({@link VersionName}). */
    public static final String VERSION = VersionName.PATTERN;

    public Registration {
        changes = changes == null ? List.of() : List.copyOf(changes);
        field = field == null ? "" : field;
        String at = field.isEmpty() ? "" : field + ".";
        if (environment == null || environment.isBlank()) throw new BadInputException("request", 0, at + "environment", "is required");
        VersionName.require(version, "request", 0, at + "version");
        if (previous != null) VersionName.require(previous, "request", 0, at + "previous");
        if (previous != null && previous.equals(version)) throw new BadInputException("request", 0, at + "previous", "is the version itself");
        if (featureFlag != null && !featureFlag.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")) {
            throw new BadInputException("request", 0, at + "feature_flag", "expected a flag name of letters, digits and . _ : -");
        }
        if (changes.size() > 500) throw new BadInputException("request", 0, at + "changes", "at most 500 changes per release");
        if (trafficPercent == null) trafficPercent = 100;
        requireTraffic(trafficPercent, at + "traffic_percent");
    }

    public Registration(String environment, String version, String previous, Instant deployedAt, List<Change> changes, String featureFlag,
                        String field) {
        this(environment, version, previous, deployedAt, changes, featureFlag, 100, field);
    }

    /** A canary's share: whole percents from 1 (a first canary) to 100 (promoted: the previous version serves nothing). */
    public static int requireTraffic(int percent, String field) {
        if (percent < 1 || percent > 100) throw new BadInputException("request", 0, field, "expected a whole number 1..100, found " + percent);
        return percent;
    }
}
