package dev.rewind.model;

import java.time.Duration;

/**
 * How a rollback proves it worked (seed 000 step 3): wait {@code settle}, then compare with the baseline
 * until every metric is within {@code tolerance} (0.05 = ±5%), giving up after {@code limit}.
 */
public record VerificationPolicy(Duration settle, Duration limit, double tolerance) {
    public static final VerificationPolicy SEED_000 = new VerificationPolicy(Duration.ofMinutes(2), Duration.ofMinutes(5), 0.05);

    public VerificationPolicy {
        if (limit.compareTo(settle) < 0) throw new IllegalArgumentException("verification limit " + limit + " is shorter than settle " + settle);
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) throw new IllegalArgumentException("tolerance must be finite and >= 0, got " + tolerance);
    }
}
