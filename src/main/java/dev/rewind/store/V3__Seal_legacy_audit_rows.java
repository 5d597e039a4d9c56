package dev.rewind.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Once, when a store made before keyed chains is upgraded: its plain SHA-256 audit chain is verified, then every
 * row is re-linked with the audit key, and a keyed {@code store.sealed} entry lists the journals written before
 * journal chains (rows and digest each), so that {@link Integrity} can tell them from forged ones.
 *
 * <p>Only when the audit key was made by this same open. The migration runs whenever Flyway's history table says it
 * has not, and that table is in the database, so an attacker can make it say so: dress a rewritten trail up as an old
 * store and have Rewind seal the forgery with the real key. A genuine upgrade opens an old store for the first time
 * with a new key; a store whose key already existed is never sealed, and its unkeyed rows and unlisted unchained
 * journals stay what {@code audit verify} reports as forged. It refuses a store that already has keyed rows and a
 * legacy chain that does not verify.
 */
final class V3__Seal_legacy_audit_rows extends BaseJavaMigration {
    static final String SEALED = "store.sealed";

    private final Chain chain;
    private final Dialect dialect;
    private final boolean keyMadeNow;
    private final Clock clock;

    V3__Seal_legacy_audit_rows(Chain chain, Dialect dialect, boolean keyMadeNow, Clock clock) {
        this.chain = chain;
        this.dialect = dialect;
        this.keyMadeNow = keyMadeNow;
        this.clock = clock;
    }

    private record Row(long id, String at, String actor, String action, String target, String detail, String prev, String hash, String scheme) {
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        if (!keyMadeNow) return; // not an upgrade: never seal on the database's word (see above)
        List<Row> rows = rows(c);
        if (rows.stream().anyMatch(r -> Chain.KEYED.equals(r.scheme()))) {
            throw new IllegalStateException("the audit trail already holds keyed rows, yet its seal migration is running again: "
                    + "the store's migration history was changed; refusing to re-seal it");
        }
        String prev = Chain.GENESIS;
        for (Row r : rows) {
            String expected = Chain.legacyLink(prev, r.at(), r.actor(), r.action(), r.target(), r.detail());
            if (!r.prev().equals(prev) || !expected.equals(r.hash())) {
                throw new IllegalStateException("the audit trail written before keyed chains does not verify at row " + r.id()
                        + ": it was changed; refusing to seal it (keep this file for investigation)");
            }
            prev = r.hash();
        }
        Map<String, List<Map<String, Object>>> unchained = unchainedJournals(c);
        List<String> rollbacks = rollbackIds(c);
        if (rows.isEmpty() && unchained.isEmpty() && rollbacks.isEmpty()) return;
        try (Statement st = c.createStatement()) {
            if (dialect == Dialect.SQLITE) st.execute("DROP TRIGGER IF EXISTS audit_no_update");
            else st.execute("ALTER TABLE audit DISABLE TRIGGER audit_append_only");
        }
        try (PreparedStatement up = c.prepareStatement("UPDATE audit SET prev_hash = ?, hash = ?, scheme = ? WHERE id = ?")) {
            prev = Chain.GENESIS;
            for (Row r : rows) {
                String hash = chain.link(prev, r.at(), r.actor(), r.action(), r.target(), r.detail());
                up.setString(1, prev);
                up.setString(2, hash);
                up.setString(3, Chain.KEYED);
                up.setLong(4, r.id());
                up.executeUpdate();
                prev = hash;
            }
        }
        try (Statement st = c.createStatement()) {
            if (dialect == Dialect.SQLITE) {
                st.execute("CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
                        + "BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: UPDATE refused'); END");
            } else {
                st.execute("ALTER TABLE audit ENABLE TRIGGER audit_append_only");
            }
        }
        appendSealEntry(c, prev, rows.size(), unchained, rollbacks);
    }

    /** The keyed record of the upgrade: how many rows were sealed, and each journal written without a chain. */
    private void appendSealEntry(Connection c, String prev, int sealed, Map<String, List<Map<String, Object>>> unchained,
                                 List<String> rollbacks) throws SQLException {
        StringBuilder detail = new StringBuilder("audit_rows=").append(sealed).append(" unchained_journals=");
        List<String> listed = new ArrayList<>();
        unchained.forEach((id, rows) -> listed.add(id + ":" + rows.size() + ":" + RollbackJournal.digestOf(rows)));
        detail.append(listed.isEmpty() ? "-" : String.join(",", listed));
        detail.append(" legacy_rollbacks=").append(rollbacks.isEmpty() ? "-" : String.join(",", rollbacks));
        String at = Columns.time(clock.instant());
        String hash = chain.link(prev, at, "rewind", SEALED, "audit", detail.toString());
        try (PreparedStatement in = c.prepareStatement(
                "INSERT INTO audit (at, actor, action, target, detail, prev_hash, hash, scheme) VALUES (?, 'rewind', ?, 'audit', ?, ?, ?, ?)")) {
            in.setString(1, at);
            in.setString(2, SEALED);
            in.setString(3, detail.toString());
            in.setString(4, prev);
            in.setString(5, hash);
            in.setString(6, Chain.KEYED);
            in.executeUpdate();
        }
    }

    /** History rows written before the trail vouched for them: readable, not provable. */
    private static List<String> rollbackIds(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM rollbacks ORDER BY id")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    /** Journal rows without a hash, per rollback, in seq order: what {@link RollbackJournal#digestOf} covers. */
    private static Map<String, List<Map<String, Object>>> unchainedJournals(Connection c) throws SQLException {
        Map<String, List<Map<String, Object>>> out = new TreeMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM journal WHERE hash IS NULL ORDER BY rollback_id, seq")) {
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (String col : RollbackJournal.COLUMNS) row.put(col, rs.getObject(col));
                out.computeIfAbsent(rs.getString("rollback_id"), k -> new ArrayList<>()).add(row);
            }
        }
        return out;
    }

    private static List<Row> rows(Connection c) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM audit ORDER BY id")) {
            while (rs.next()) {
                out.add(new Row(rs.getLong("id"), rs.getString("at"), rs.getString("actor"), rs.getString("action"), rs.getString("target"),
                        rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash"), rs.getString("scheme")));
            }
        }
        return out;
    }
}
