package dev.rewind.store;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Who did what, append-only: database triggers refuse UPDATE and DELETE, and each row's HMAC covers the previous
 * row's, keyed with a secret kept outside the database, so {@link #verify()} notices a row changed, removed or
 * re-chained by someone who went around the triggers without the key. A truncation of the newest rows leaves a
 * valid chain; the chain head is therefore also written outside the database after each rollback (the log, the
 * report, an anchor file), and {@code rewind audit verify} compares them. Text that looks like a secret is
 * scrubbed before it is stored.
 */
public final class AuditTrail {
    static final String GENESIS = Chain.GENESIS;

    private final Jdbi jdbi;
    private final Chain chain;
    private final Clock clock;
    private final Dialect dialect;

    AuditTrail(Jdbi jdbi, Chain chain, Clock clock, Dialect dialect) {
        this.jdbi = jdbi;
        this.chain = chain;
        this.clock = clock;
        this.dialect = dialect;
    }

    public AuditEntry append(String actor, String action, String target, String detail) {
        return append(actor, action, target, detail, clock.instant());
    }

    public AuditEntry append(String actor, String action, String target, String detail, Instant at) {
        String cleanActor = Redaction.scrub(actor);
        String cleanTarget = Redaction.scrub(target);
        String cleanDetail = Redaction.scrub(detail);
        String time = Columns.time(at);
        return jdbi.inTransaction(h -> {
            dialect.serialize(h, "audit"); // replicas (and threads) append to one chain: one at a time
            String prev = h.createQuery("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").mapTo(String.class).findOne().orElse(GENESIS);
            String hash = chain.link(prev, time, cleanActor, action, cleanTarget, cleanDetail);
            long id = h.createUpdate("""
                    INSERT INTO audit (at, actor, action, target, detail, prev_hash, hash, scheme)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .bind(0, time).bind(1, cleanActor).bind(2, action).bind(3, cleanTarget).bind(4, cleanDetail)
                    .bind(5, prev).bind(6, hash).bind(7, Chain.KEYED).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return new AuditEntry(id, Columns.instant(time), cleanActor, action, cleanTarget, cleanDetail, prev, hash, Chain.KEYED);
        });
    }

    public List<AuditEntry> entries() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM audit ORDER BY id").map((rs, ctx) -> new AuditEntry(
                rs.getLong("id"), Columns.instant(rs.getString("at")), rs.getString("actor"), rs.getString("action"),
                rs.getString("target"), rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash"),
                rs.getString("scheme"))).list());
    }

    /** The newest {@code limit} rows, oldest first: what a page of the trail shows, without reading the whole table. */
    public List<AuditEntry> newest(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        List<AuditEntry> rows = new java.util.ArrayList<>(jdbi.withHandle(h -> h.createQuery("SELECT * FROM audit ORDER BY id DESC LIMIT ?")
                .bind(0, limit).map((rs, ctx) -> new AuditEntry(
                rs.getLong("id"), Columns.instant(rs.getString("at")), rs.getString("actor"), rs.getString("action"),
                rs.getString("target"), rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash"),
                rs.getString("scheme"))).list()));
        java.util.Collections.reverse(rows);
        return rows;
    }

    /**
     * The details of the rows of one action that were written with the key: each row's HMAC is recomputed over its
     * own content and the hash it links to, so a row inserted without the key vouches for nothing. (Whether the chain
     * around it is whole is {@link #verify()}'s question.)
     */
    public List<String> keyedDetails(String action) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM audit WHERE action = ? ORDER BY id").bind(0, action).map((rs, ctx) -> new AuditEntry(
                rs.getLong("id"), Columns.instant(rs.getString("at")), rs.getString("actor"), rs.getString("action"),
                rs.getString("target"), rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash"),
                rs.getString("scheme"))).list()).stream()
                .filter(e -> Chain.KEYED.equals(e.scheme()) && e.detail() != null
                        && chain.link(e.prevHash(), Columns.time(e.at()), e.actor(), e.action(), e.target(), e.detail()).equals(e.hash()))
                .map(AuditEntry::detail).toList();
    }

    /** The newest row: what an anchor outside the database records. Empty for an empty trail. */
    public Optional<AuditEntry> head() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM audit ORDER BY id DESC LIMIT 1").map((rs, ctx) -> new AuditEntry(
                rs.getLong("id"), Columns.instant(rs.getString("at")), rs.getString("actor"), rs.getString("action"),
                rs.getString("target"), rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash"),
                rs.getString("scheme"))).findOne());
    }

    /**
     * Recomputes the chain from the first row; the first mismatch names the row that was changed or follows a gap.
     * Every row must be keyed: rows of an older store were sealed with the key when it was upgraded, so an unkeyed
     * row is a forgery (a rewrite passed off as old).
     */
    public AuditCheck verify() {
        String prev = GENESIS;
        int checked = 0;
        for (AuditEntry e : entries()) {
            checked++;
            if (!e.prevHash().equals(prev)) {
                return new AuditCheck(false, checked, e.id(), "row " + e.id() + " does not link to the row before it (a row was removed or changed)");
            }
            if (!Chain.KEYED.equals(e.scheme())) {
                return new AuditCheck(false, checked, e.id(), "row " + e.id() + " is not keyed (scheme '" + e.scheme() + "'): it was forged");
            }
            String expected = chain.link(prev, Columns.time(e.at()), e.actor(), e.action(), e.target(), e.detail());
            if (!expected.equals(e.hash())) {
                return new AuditCheck(false, checked, e.id(), "row " + e.id() + " does not match its hash (its content was changed, "
                        + "or it was written with another key)");
            }
            prev = e.hash();
        }
        return new AuditCheck(true, checked, null, null);
    }
}
