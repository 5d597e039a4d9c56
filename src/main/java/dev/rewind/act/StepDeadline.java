package dev.rewind.act;

import dev.rewind.model.StepOutcome;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Cuts a step off at its timeout while it still hangs, not after the call returns: the step's call runs on a virtual
 * thread and the rollback waits for it at most the step's limit. A step past its limit is interrupted, which closes a
 * socket a virtual thread is blocked on (a stopped HAProxy, a paused Prometheus), and fails with {@code timed out after Xs}.
 *
 * <p>The limit is wall-clock time, whatever clock the engine runs on: a call into the outside world hangs in real
 * time. A step that only waits on the engine's clock (a health wait under a manual clock) ends long before it.
 */
final class StepDeadline {
    /** Set on an outcome cut off at its timeout: the next attempt asks the world before it acts again. */
    static final String TIMED_OUT = "timed_out";

    private StepDeadline() {
    }

    static StepOutcome run(Duration limit, String stepId, Supplier<StepOutcome> call) {
        return run(limit, STRAGGLER_GRACE, stepId, call);
    }

    static StepOutcome run(Duration limit, Duration grace, String stepId, Supplier<StepOutcome> call) {
        if (limit == null) return call.get();
        CompletableFuture<StepOutcome> result = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("rewind-step-" + stepId).start(() -> {
            try {
                result.complete(call.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            // an interrupted call into the world (a socket read) ends at once; one that ignores the interrupt would go on
            // acting beside the retry, so it is not retried: people finish it
            if (!ended(worker, grace)) {
                return new StepOutcome.Failed("timed out after " + seconds(limit) + ", and the call went on after it was interrupted (still running "
                        + seconds(grace) + " later): not retried, so that two calls never act at once", Map.of(TIMED_OUT, true,
                        "limit_sec", limit.toSeconds(), StepRunner.RETRYABLE, false));
            }
            return timedOut(limit, "the call was still running and was interrupted");
        } catch (InterruptedException e) {
            // the rollback's own thread was interrupted (shutdown): the step is cut off with it, and the interrupt kept
            worker.interrupt();
            Thread.currentThread().interrupt();
            // not retried: another attempt on an interrupted thread would be cut off at once, again and again
            return new StepOutcome.Failed("interrupted while the step was running: the rollback's thread was stopped",
                    Map.of(StepRunner.RETRYABLE, false));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** How long a cut-off call may take to notice its interrupt. */
    static final Duration STRAGGLER_GRACE = Duration.ofSeconds(5);

    private static boolean ended(Thread worker, Duration grace) {
        try {
            return worker.join(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !worker.isAlive();
        }
    }

    static StepOutcome.Failed timedOut(Duration limit, String what) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(TIMED_OUT, true);
        data.put("limit_sec", limit.toSeconds());
        data.put(StepRunner.RETRYABLE, true);
        return new StepOutcome.Failed("timed out after " + seconds(limit) + ": " + what, data);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() / 1000.0 + "s";
    }
}
