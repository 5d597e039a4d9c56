package dev.rewind.plan;

import java.time.Duration;
import java.time.Instant;

/**
 * Seed 004's "Rollback Testing Requirements", as the plan records them.
 *
 * @param stagingTestedAt        when the rollback was last tested in staging and passed, or null
 * @param productionLikeTestedAt when it was tested in a production-like environment, or null
 * @param rehearsedAt            when the plan's rehearsal was held, as the document says (the store keeps its own)
 * @param rehearsalMaxAge        how old a rehearsal may be and still count as recent (default 7 days)
 */
public record PlanTesting(Instant stagingTestedAt, Instant productionLikeTestedAt, Instant rehearsedAt, Duration rehearsalMaxAge) {
    public static final Duration DEFAULT_REHEARSAL_MAX_AGE = Duration.ofDays(7);

    public PlanTesting {
        rehearsalMaxAge = rehearsalMaxAge == null ? DEFAULT_REHEARSAL_MAX_AGE : rehearsalMaxAge;
    }

    public static PlanTesting none() {
        return new PlanTesting(null, null, null, null);
    }
}
