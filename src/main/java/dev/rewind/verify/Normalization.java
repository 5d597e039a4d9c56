package dev.rewind.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How metric verification ended (seed 000 step 3).
 *
 * @param timeToNormal from the start of verification (the end of the revert) to the check that passed; null if never
 * @param lastChecks   the last check's verdict per metric: what the report shows as "metrics post-rollback"
 */
public record Normalization(boolean normalized, Duration timeToNormal, int checks, List<MetricCheck> lastChecks,
                            Instant startedAt, Instant finishedAt) {
    public Normalization {
        lastChecks = List.copyOf(lastChecks);
    }

    public Long normalizationTimeSec() {
        return timeToNormal == null ? null : timeToNormal.toSeconds();
    }
}
