package dev.rewind.integrations.kubernetes;

import dev.rewind.model.ActionFailedException;
import dev.rewind.time.TimeSource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Waits until a Deployment's controller has seen its latest spec and every replica runs it, as
 * {@code kubectl rollout status} does. Polls on the injected clock so tests run a long rollout in no time.
 */
record RolloutWait(TimeSource time, Duration timeout, Duration pollEvery) {

    void until(String what, Supplier<Deployment> read) {
        Instant deadline = time.now().plus(timeout);
        while (true) {
            Deployment d = read.get();
            if (d == null) throw new ActionFailedException(what + " disappeared while waiting for its rollout");
            String progress = progress(d);
            if (progress == null) return;
            if (!time.now().isBefore(deadline)) {
                throw new ActionFailedException("rollout of " + what + " did not finish within "
                        + timeout.toSeconds() + "s: " + progress);
            }
            time.pause(pollEvery);
        }
    }

    /** What is still missing, or null when the rollout is complete. */
    static String progress(Deployment d) {
        long generation = orZero(d.getMetadata().getGeneration());
        int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        var s = d.getStatus();
        long observed = s == null ? 0 : orZero(s.getObservedGeneration());
        int updated = s == null ? 0 : orZero(s.getUpdatedReplicas());
        int total = s == null ? 0 : orZero(s.getReplicas());
        int available = s == null ? 0 : orZero(s.getAvailableReplicas());
        if (observed < generation) return "observedGeneration " + observed + " of " + generation;
        if (updated < wanted) return updated + " of " + wanted + " replicas updated";
        if (total > updated) return (total - updated) + " old replicas still running";
        if (available < updated) return available + " of " + updated + " updated replicas available";
        return null;
    }

    private static long orZero(Long v) { return v == null ? 0 : v; }

    private static int orZero(Integer v) { return v == null ? 0 : v; }
}
