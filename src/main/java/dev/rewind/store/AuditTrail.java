package dev.rewind.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Who did what, append-only: SQLite triggers refuse UPDATE and DELETE, and each row's hash covers the previous
 * row's hash, so {@link #verify()} notices a row changed or removed by someone who went around the triggers.
 * Text that looks like a secret is scrubbed before it is stored.
 */
public final class AuditTrail {
    static final String GENESIS = "0".repeat(64);

    private final Jdbi jdbi;
    private final Clock clock;

    AuditTrail(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
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
            String prev = h.createQuery("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").mapTo(String.class).findOne().orElse(GENESIS);
            String hash = hash(prev, time, cleanActor, action, cleanTarget, cleanDetail);
            long id = h.createUpdate("""
                    INSERT INTO audit (at, actor, action, target, detail, prev_hash, hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")
                    .bind(0, time).bind(1, cleanActor).bind(2, action).bind(3, cleanTarget).bind(4, cleanDetail)
                    .bind(5, prev).bind(6, hash).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return new AuditEntry(id, Columns.instant(time), cleanActor, action, cleanTarget, cleanDetail, prev, hash);
        });
    }

    public List<AuditEntry> entries() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM audit ORDER BY id").map((rs, ctx) -> new AuditEntry(
                rs.getLong("id"), Columns.instant(rs.getString("at")), rs.getString("actor"), rs.getString("action"),
                rs.getString("target"), rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash"))).list());
    }

    /** Recomputes the chain from the first row; the first mismatch names the row that was changed or follows a gap. */
    public AuditCheck verify() {
        String prev = GENESIS;
        int checked = 0;
        for (AuditEntry e : entries()) {
            checked++;
            if (!e.prevHash().equals(prev)) {
                return new AuditCheck(false, checked, e.id(), "row " + e.id() + " does not link to the row before it (a row was removed or changed)");
            }
            String expected = hash(prev, Columns.time(e.at()), e.actor(), e.action(), e.target(), e.detail());
            if (!expected.equals(e.hash())) {
                return new AuditCheck(false, checked, e.id(), "row " + e.id() + " does not match its hash (its content was changed)");
            }
            prev = e.hash();
        }
        return new AuditCheck(true, checked, null, null);
    }

    /** Length-prefixed fields, so that moving text between fields changes the hash. */
    static String hash(String prev, String... fields) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prev.getBytes(StandardCharsets.UTF_8));
            for (String f : fields) {
                byte[] bytes = f == null ? new byte[0] : f.getBytes(StandardCharsets.UTF_8);
                sha.update((f == null ? "-1:" : bytes.length + ":").getBytes(StandardCharsets.UTF_8));
                sha.update(bytes);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
