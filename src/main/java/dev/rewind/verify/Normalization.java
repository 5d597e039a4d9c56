package dev.rewind.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How metric verification ended (seed 000 step 3).
 *
 * @param verdict      normalized, still off, or blind (the source could not be read, or had no data to judge by)
 * @param timeToNormal from the start of verification (the end of the revert) to the check that passed; null if never
 * @param lastChecks   the last check's verdict per metric: what the report shows as "metrics post-rollback"
 * @param note         what widened the window or kept the verification blind; null when there is nothing to say
 */
public record Normalization(Verdict verdict, Duration timeToNormal, int checks, List<MetricCheck> lastChecks,
                            Instant startedAt, Instant finishedAt, String note) {

    /** BLIND is not a failure: nothing says the metrics are off, only that nothing could be read to say they are not. */
    public enum Verdict { NORMALIZED, NOT_NORMALIZED, BLIND }

    public Normalization {
        lastChecks = List.copyOf(lastChecks);
    }

    public boolean normalized() {
        return verdict == Verdict.NORMALIZED;
    }

    public Long normalizationTimeSec() {
        return timeToNormal == null ? null : timeToNormal.toSeconds();
    }
}
