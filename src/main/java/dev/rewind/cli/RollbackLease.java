package dev.rewind.cli;

import dev.rewind.controller.Ownership;
import dev.rewind.store.Fence;
import dev.rewind.store.Leases;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease a command-line rollback runs under, as a server replica's would: taken before the first journal row,
 * renewed in the background, given back at the end. A second process ({@code rollback --resume} while the first still
 * lives, or a server sharing the store) cannot take it, and every journal row the rollback writes checks it (fencing).
 */
final class RollbackLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RollbackLease.class);

    private final Leases leases;
    private final String owner;
    private final Leases.Taken taken;
    private final ScheduledExecutorService renewer;

    private RollbackLease(Leases leases, String owner, Leases.Taken taken, Ownership.Timing timing) {
        this.leases = leases;
        this.owner = owner;
        this.taken = taken;
        this.renewer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("rewind-lease").daemon().factory());
        long every = timing.renewEvery().toMillis();
        renewer.scheduleWithFixedDelay(() -> {
            try {
                if (leases.renew(owner, Map.of(taken.name(), taken.token()), timing.lease()).isEmpty()) {
                    LOG.warn("{} lost lease {}: the rollback stops at its next step", owner, taken.name());
                }
            } catch (RuntimeException e) {
                LOG.warn("could not renew lease {}: {}", taken.name(), e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** The lease of rollback {@code id}; empty when another process holds it (it still runs the rollback). */
    static Optional<RollbackLease> take(Leases leases, String id, Ownership.Timing timing) {
        String owner = "cli-" + ProcessHandle.current().pid();
        return leases.acquire(owner, Ownership.ROLLBACK + id, timing.lease()).map(t -> new RollbackLease(leases, owner, t, timing));
    }

    /** Who holds the lease of {@code id} and until when, for a refusal. */
    static String holder(Leases leases, String id) {
        return leases.find(Ownership.ROLLBACK + id).map(l -> l.owner() + " (until " + l.expiresAt() + ", unless it renews it)").orElse("another process");
    }

    Fence fence() {
        return leases.fence(taken.name(), owner, taken.token());
    }

    String owner() {
        return owner;
    }

    Leases.Taken taken() {
        return taken;
    }

    @Override
    public void close() {
        renewer.shutdownNow();
        try {
            leases.release(owner, taken.name(), taken.token());
        } catch (RuntimeException e) {
            LOG.warn("could not give lease {} back (it runs out on its own): {}", taken.name(), e.toString());
        }
    }
}
