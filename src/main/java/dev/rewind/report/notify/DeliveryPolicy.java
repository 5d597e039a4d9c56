package dev.rewind.report.notify;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;

/**
 * How hard one channel tries: attempts with exponential backoff between them, a timeout per request (the
 * transport's), and a bounded queue. The retry config is built once and immutable (Resilience4j's own style).
 *
 * @param maxAttempts   the first try included (1 = no retry), 1..10
 * @param firstBackoff  the wait before the second attempt; doubled before each next, up to {@code maxBackoff}
 * @param timeout       one request's limit (connect and answer)
 * @param queueCapacity notifications that may wait for this channel; more are dropped and recorded, 1..10000
 */
public record DeliveryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff, Duration timeout, int queueCapacity) {
    public static final DeliveryPolicy DEFAULT = new DeliveryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10), 100);

    public DeliveryPolicy {
        if (maxAttempts < 1 || maxAttempts > 10) throw new IllegalArgumentException("max_attempts must be 1..10, got " + maxAttempts);
        if (queueCapacity < 1 || queueCapacity > 10_000) throw new IllegalArgumentException("queue_size must be 1..10000, got " + queueCapacity);
        if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be >= 0 and its maximum >= its first wait, got " + firstBackoff + " and " + maxBackoff);
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("timeout must be above 0 and at most 5 minutes, got " + timeout);
        }
    }

    public DeliveryPolicy withMaxAttempts(int n) {
        return new DeliveryPolicy(n, firstBackoff, maxBackoff, timeout, queueCapacity);
    }

    public DeliveryPolicy withTimeout(Duration t) {
        return new DeliveryPolicy(maxAttempts, firstBackoff, maxBackoff, t, queueCapacity);
    }

    public DeliveryPolicy withQueueCapacity(int n) {
        return new DeliveryPolicy(maxAttempts, firstBackoff, maxBackoff, timeout, n);
    }

    public DeliveryPolicy withBackoff(Duration first) {
        return new DeliveryPolicy(maxAttempts, first, first.compareTo(maxBackoff) > 0 ? first : maxBackoff, timeout, queueCapacity);
    }

    /** Retries only failures that say they may pass ({@link DeliveryFailure#retryable()}); waits are the lane's. */
    RetryConfig retryConfig() {
        long first = Math.max(1, firstBackoff.toMillis());
        return RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(first), 2.0, Duration.ofMillis(Math.max(first, maxBackoff.toMillis()))))
                .retryOnException(e -> e instanceof DeliveryFailure f && f.retryable())
                .writableStackTraceEnabled(false)
                .build();
    }
}
