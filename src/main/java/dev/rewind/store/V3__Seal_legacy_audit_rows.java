package dev.rewind.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Once, when a store made before keyed chains is first opened: its plain SHA-256 audit chain is verified, then
 * every row is re-linked with the audit key. From then on every row must be keyed, so nobody can pass a rewritten
 * trail off as an old one by recomputing it with plain SHA-256. It refuses a store that already has keyed rows
 * (a run of this migration after the fact is tampering, not an upgrade) and a legacy chain that does not verify.
 */
final class V3__Seal_legacy_audit_rows extends BaseJavaMigration {
    private final Chain chain;
    private final Dialect dialect;

    V3__Seal_legacy_audit_rows(Chain chain, Dialect dialect) {
        this.chain = chain;
        this.dialect = dialect;
    }

    private record Row(long id, String at, String actor, String action, String target, String detail, String prev, String hash, String scheme) {
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        List<Row> rows = rows(c);
        if (rows.isEmpty()) return;
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
