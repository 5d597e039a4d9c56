package dev.rewind.model;

import java.time.Duration;
import java.util.List;

/**
 * The whole detection and rollback policy, as read from seed 001's rollback_policy or seed 004's auto_rollback.
 *
 * @param enabled false: never act, but still report what would have been done
 * @param rollbackTimeout a whole rollback's time limit (seed 004 rollback_timeout_seconds), null for none
 * @param blindLimit how long a live watch goes on while its metric source cannot be read before it gives up
 */
public record RollbackPolicy(
        boolean enabled,
        Duration checkInterval,
        Duration baselineWindow,
        List<Trigger> triggers,
        int maxRollbackAttempts,
        Duration healthCheckTimeout,
        Duration rollbackTimeout,
        VerificationPolicy verification,
        Duration blindLimit) {
    /** monitoring.blind_limit_seconds when a config does not say. */
    public static final Duration DEFAULT_BLIND_LIMIT = Duration.ofMinutes(5);

    public RollbackPolicy {
        triggers = List.copyOf(triggers);
        if (checkInterval.isZero() || checkInterval.isNegative()) throw new IllegalArgumentException("check interval must be positive");
        if (maxRollbackAttempts < 1) throw new IllegalArgumentException("max_rollback_attempts must be >= 1");
        blindLimit = blindLimit == null ? DEFAULT_BLIND_LIMIT : blindLimit;
        if (blindLimit.isNegative()) throw new IllegalArgumentException("blind limit must not be negative, got " + blindLimit);
    }

    public RollbackPolicy(boolean enabled, Duration checkInterval, Duration baselineWindow, List<Trigger> triggers, int maxRollbackAttempts,
                          Duration healthCheckTimeout, Duration rollbackTimeout, VerificationPolicy verification) {
        this(enabled, checkInterval, baselineWindow, triggers, maxRollbackAttempts, healthCheckTimeout, rollbackTimeout, verification, null);
    }

    public RollbackPolicy withTriggers(List<Trigger> newTriggers) {
        return new RollbackPolicy(enabled, checkInterval, baselineWindow, newTriggers, maxRollbackAttempts, healthCheckTimeout,
                rollbackTimeout, verification, blindLimit);
    }
}
