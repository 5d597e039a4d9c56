package dev.rewind.store;

/**
 * A write refused because its writer no longer holds the lease it acts under: the lease expired, or another replica
 * took it (its token grew). Whoever holds the lease now carries the work on; the refused writer must stop.
 */
public final class LeaseLostException extends RuntimeException {
    private final String lease;

    public LeaseLostException(String lease, String message) {
        super(message);
        this.lease = lease;
    }

    public String lease() {
        return lease;
    }
}
