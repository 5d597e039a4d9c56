package dev.rewind.store;

import org.jdbi.v3.core.Handle;

/**
 * What a writer acting under a lease carries: the lease, its owner and the token it got. Every fenced write checks,
 * in its own transaction, that the lease is still this owner's, with this token, and not expired; so a replica that
 * lost its lease (it paused, or was cut off, and another took over) cannot write the next journal row, and so cannot
 * start the next step.
 */
public final class Fence {
    private final Leases leases;
    private final String lease;
    private final String owner;
    private final long token;

    Fence(Leases leases, String lease, String owner, long token) {
        this.leases = leases;
        this.lease = lease;
        this.owner = owner;
        this.token = token;
    }

    public String lease() {
        return lease;
    }

    public String owner() {
        return owner;
    }

    public long token() {
        return token;
    }

    /** Throws {@link LeaseLostException} unless the lease is still ours; keeps it from changing hands until {@code h} commits. */
    void check(Handle h) {
        leases.check(h, this);
    }

    /** The same check in a transaction of its own, for a step about to act outside the database. */
    public void check() {
        leases.check(this);
    }

    @Override
    public String toString() {
        return lease + " held by " + owner + " with token " + token;
    }
}
