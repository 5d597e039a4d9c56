package dev.rewind.store;

import java.time.Clock;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/** The few places where SQLite and PostgreSQL differ for the store. */
enum Dialect {
    SQLITE("rowid"),
    POSTGRESQL("row_id");

    private final String insertionOrder;

    Dialect(String insertionOrder) {
        this.insertionOrder = insertionOrder;
    }

    /** The column that orders rows as they were inserted, to break ties between equal times. */
    String insertionOrder() {
        return insertionOrder;
    }

    /** Flyway's folder of migrations for this engine. */
    String migrations() {
        return "classpath:db/migration/" + name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Rows a transaction takes for itself, passing over those another transaction holds (replicas competing for
     * leases). SQLite's write transactions lock the whole file when they begin, so it needs nothing here.
     */
    String takeSkippingLocked() {
        return this == POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    }

    /** A row read that keeps others from changing it until the transaction ends (a fence check before a write). */
    String keepUnchanged() {
        return this == POSTGRESQL ? " FOR SHARE" : "";
    }

    /**
     * One writer at a time for a chain ({@code what}: the audit trail, one rollback's journal) until the transaction
     * ends: two PostgreSQL writers that read the same head would both link to it and fork the chain. SQLite's write
     * transactions are serialized already.
     */
    void serialize(Handle h, String what) {
        if (this == POSTGRESQL) h.createQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtext(:what))").bind("what", what).mapTo(Integer.class).one();
    }

    /**
     * The clock leases expire by: PostgreSQL's own, so replicas whose clocks disagree still agree on who holds what;
     * on SQLite, one machine's clock (the store's).
     */
    LeaseClock leaseClock(Clock local) {
        if (this == SQLITE) return h -> local.instant();
        return h -> h.createQuery("SELECT clock_timestamp()").mapTo(java.time.OffsetDateTime.class).one().toInstant();
    }

    /** Reads "now" for lease expiry inside a transaction. */
    @FunctionalInterface
    interface LeaseClock {
        Instant now(Handle h);
    }
}
