package dev.rewind.controller;

import dev.rewind.model.UnreachableException;
import dev.rewind.time.TimeSource;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads metrics the way a live watch must survive them: a transient failure (the source unreachable, a connection
 * closed, a timeout; not a refusal of credentials, not a bad query) is retried with exponential backoff, Resilience4j
 * deciding whether and how long to wait, the {@link TimeSource} doing the waiting. When the retries run out the watch
 * is blind, and the blind time is counted across reads until one succeeds; past {@code limit} the caller gives up.
 * One per watch: it keeps state, and is not shared between threads.
 */
final class MetricReads {
    /** Three tries per read, 0.5 s then 1 s apart: a restart or a dropped keep-alive connection, not an outage. */
    static final RetryConfig RETRY = RetryConfig.custom()
            .maxAttempts(3)
            .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(500), 2.0, Duration.ofSeconds(5)))
            .retryOnException(MetricReads::transientFailure)
            .writableStackTraceEnabled(false)
            .build();

    private final TimeSource time;
    private final Duration limit;
    private Instant blindSince;
    private UnreachableException lastError;
    private Duration blindBefore = Duration.ZERO;
    private int blindReads;
    private int retries;

    MetricReads(TimeSource time, Duration limit) {
        this.time = time;
        this.limit = limit;
    }

    /**
     * The value, or empty when the source could not be read even after the retries: the watch is blind from now (or
     * still). Credentials refused, bad queries and any other failure are not retried and are thrown as they are.
     */
    <T> Optional<T> read(Supplier<T> read) {
        return read(read, false);
    }

    /**
     * Like {@link #read(Supplier)}; {@code retried}: the read was already retried elsewhere (a check round's shared
     * read, retried once for all its releases), so a transient failure makes the watch blind at once.
     */
    <T> Optional<T> read(Supplier<T> read, boolean retried) {
        Retry.AsyncContext<T> attempts = Retry.of("metrics", RETRY).asyncContext();
        while (true) {
            try {
                T value = read.get();
                attempts.onComplete();
                if (blindSince != null) {
                    blindBefore = blindBefore.plus(Duration.between(blindSince, time.now()));
                    blindSince = null;
                }
                return Optional.of(value);
            } catch (UnreachableException e) {
                if (!transientFailure(e)) throw e;
                if (retried) return blind(e);
                long waitMillis = attempts.onError(e);
                if (waitMillis < 0) return blind(e);
                retries++;
                time.pause(Duration.ofMillis(waitMillis));
            }
        }
    }

    private <T> Optional<T> blind(UnreachableException e) {
        lastError = e;
        blindReads++;
        if (blindSince == null) blindSince = time.now();
        return Optional.empty();
    }

    /** Reads with the same retries as a session would, for a read shared by many sessions (a check round's). */
    static <T> T retried(TimeSource time, Supplier<T> read) {
        Retry.AsyncContext<T> attempts = Retry.of("metrics", RETRY).asyncContext();
        while (true) {
            try {
                T value = read.get();
                attempts.onComplete();
                return value;
            } catch (UnreachableException e) {
                if (!transientFailure(e)) throw e;
                long waitMillis = attempts.onError(e);
                if (waitMillis < 0) throw e;
                time.pause(Duration.ofMillis(waitMillis));
            }
        }
    }

    static boolean transientFailure(Throwable e) {
        return e instanceof UnreachableException u && !u.unauthorized();
    }

    /** How long the current blind stretch has lasted; zero while the source can be read. */
    Duration blindFor() {
        return blindSince == null ? Duration.ZERO : Duration.between(blindSince, time.now());
    }

    /** When the current blind stretch began, or null while the source can be read. */
    Instant blindSince() {
        return blindSince;
    }

    boolean blind() {
        return blindSince != null;
    }

    boolean pastLimit() {
        return blind() && blindFor().compareTo(limit) >= 0;
    }

    Duration limit() {
        return limit;
    }

    UnreachableException lastError() {
        return lastError;
    }

    /** All the blind time so far, the current stretch included. */
    Duration blindTotal() {
        return blindBefore.plus(blindFor());
    }

    int blindReads() {
        return blindReads;
    }

    /** Failed tries that were retried (and so did not make the watch blind by themselves). */
    int retries() {
        return retries;
    }
}
