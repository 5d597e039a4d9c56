package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review's forgeries, done as the attacker did them: with write access to the SQLite file (plain JDBC) and
 * without the audit key. Each must make {@code audit verify} exit 1, {@code report} refuse, and {@code history} mark
 * the row.
 */
class ForgedStoreTest {
    private static final Instant T0 = Instant.parse("2026-02-24T10:20:00Z");
    private static final String ID = "rb-20260224-102000-abcd";
    private static final String GENESIS = "0".repeat(64);

    @TempDir
    Path dir;
    private Path store;
    private Path out;

    @BeforeEach
    void oneFinishedRollback() throws Exception {
        store = dir.resolve("rewind.db");
        out = dir.resolve("out");
        try (RewindStore s = RewindStore.open(store)) {
            s.history().record(new RollbackRecord(ID, "shop", "production", "2.4.0", "2.3.1", "running", "test", "bob", "error_rate", T0, null,
                    Map.of(), null));
            s.audit().append("bob", "rollback.started", "shop/production", "id=" + ID + " from=2.4.0 to=2.3.1 reason=test", T0);
            s.journal().event(ID, 1, "ATTEMPT", "started", "attempt 1 of 3", Map.of(), T0);
            s.journal().event(ID, 1, "FLAG_DEACTIVATED", "success", "flag new-checkout off", Map.of(), T0.plusSeconds(1));
            s.journal().event(ID, 1, "ROLLBACK_FINISHED", "success", null, Map.of(), T0.plusSeconds(2));
            Path report = Files.createDirectories(out.resolve(ID)).resolve("incident-report.md");
            Files.writeString(report, "# Rollback Report\n\nOutcome: Successful\n");
            s.finishRollback(ID, "bob", "shop/production", "success", T0.plusSeconds(3), Map.of("status", "success"),
                    report.toString(), Files.readString(report), "reverted_to=2.3.1").appendTo(s.anchorFile());
        }
        assertThat(run("audit", "verify").exit()).as("the untouched store verifies").isZero();
    }

    private Cli run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--store", store.toString()));
        if (!args[0].equals("history")) all.addAll(List.of("--out", out.toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    private Connection db() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + store);
    }

    /** The plain SHA-256 link of a store made before keyed chains, as the forger computes it (forge.py's feed). */
    private static String legacyLink(String prev, String... fields) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(prev.getBytes(StandardCharsets.UTF_8));
        for (String f : fields) {
            byte[] b = f == null ? new byte[0] : f.getBytes(StandardCharsets.UTF_8);
            sha.update((f == null ? "-1:" : b.length + ":").getBytes(StandardCharsets.UTF_8));
            sha.update(b);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void aTrailRewrittenAsAStoreMadeBeforeKeyedChainsIsNotSealedWithTheRealKey() throws Exception {
        try (Connection c = db(); Statement st = c.createStatement()) {
            List<String> triggers = new ArrayList<>();
            List<String> names = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                    triggers.add(rs.getString(2));
                }
            }
            for (String n : names) st.execute("DROP TRIGGER " + n);
            // undo V7, V6, V5 and V4 and make Flyway's history say V3 (the seal) and every later version never ran
            for (String t : List.of("leases", "replicas", "rehearsals")) st.execute("DROP TABLE IF EXISTS " + t);
            for (String col : List.of("resume_state", "abort_requested")) st.execute("ALTER TABLE rollbacks DROP COLUMN " + col);
            for (String t : List.of("batches", "incidents", "api_tokens", "auto_rollback")) st.execute("DROP TABLE IF EXISTS " + t);
            st.execute("DROP INDEX IF EXISTS incidents_open");
            for (String col : List.of("batch_id", "watch_until", "registered_by", "point_of_no_return", "traffic_percent")) st.execute("ALTER TABLE releases DROP COLUMN " + col);
            for (String col : List.of("incident_id", "batch_id", "plan", "approval")) st.execute("ALTER TABLE rollbacks DROP COLUMN " + col);
            st.execute("DELETE FROM flyway_schema_history WHERE version IN ('3', '4', '5', '6', '7')");
            // the story: someone else asked, for another reason, and the journal says something else
            st.execute("UPDATE audit SET detail = 'id=" + ID + " status=success reverted_to=2.3.1' WHERE action = 'rollback.finished'");
            st.execute("UPDATE audit SET actor = 'alice', detail = replace(detail, 'reason=test', 'reason=approved-by-CAB-42')");
            String prev = GENESIS;
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT id, at, actor, action, target, detail FROM audit ORDER BY id")) {
                while (rs.next()) rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)});
            }
            try (PreparedStatement up = c.prepareStatement("UPDATE audit SET prev_hash = ?, hash = ?, scheme = 'sha256' WHERE id = ?")) {
                for (Object[] r : rows) {
                    String hash = legacyLink(prev, (String) r[1], (String) r[2], (String) r[3], (String) r[4], (String) r[5]);
                    up.setString(1, prev);
                    up.setString(2, hash);
                    up.setLong(3, (Long) r[0]);
                    up.executeUpdate();
                    prev = hash;
                }
            }
            st.execute("UPDATE journal SET prev_hash = NULL, hash = NULL");
            st.execute("UPDATE journal SET detail = 'flag new-checkout off (approved by CAB-42)' WHERE action = 'FLAG_DEACTIVATED'");
            for (String t : triggers) st.execute(t);
        }

        // the anchors do not count here: an older Rewind kept them beside the database, where the forger deletes them
        Path noAnchors = Files.writeString(dir.resolve("no-anchors.log"), "");
        Cli verify = run("audit", "verify", "--anchors", noAnchors.toString());
        Cli report = run("report", ID);

        assertThat(verify.exit()).as(verify.out() + verify.err()).isEqualTo(1);
        assertThat(verify.out()).contains("BROKEN: first broken link at audit row 1", "not keyed");
        assertThat(verify.err()).contains("audit rows are not keyed and were not sealed");
        assertThat(report.exit()).isEqualTo(1);
        assertThat(report.err()).contains("do not trust it");
    }

    @Test
    void aWholeRollbackInsertedWithAnUnchainedJournalIsNamedRefusedAndMarked() throws Exception {
        String forged = "rb-20260301-090000-ffff";
        try (Connection c = db(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO rollbacks (id, service, environment, from_version, to_version, status, reason, actor, trigger_name, started_at,"
                    + " finished_at, result) VALUES ('" + forged + "', 'shop', 'production', '2.5.0', '2.4.0', 'success', 'CAB-42', 'alice',"
                    + " 'manual', '2026-03-01T09:00:00.000Z', '2026-03-01T09:01:00.000Z', '{\"status\":\"success\"}')");
            st.execute("INSERT INTO journal (rollback_id, seq, attempt, action, state, detail, at) VALUES ('" + forged
                    + "', 1, 1, 'ATTEMPT', 'started', 'attempt 1 of 3', '2026-03-01T09:00:00.000Z')");
            st.execute("INSERT INTO journal (rollback_id, seq, attempt, action, state, detail, at) VALUES ('" + forged
                    + "', 2, 1, 'FLAG_DEACTIVATED', 'success', 'flag new-checkout off', '2026-03-01T09:00:01.000Z')");
        }

        Cli verify = run("audit", "verify");
        Cli report = run("report", forged);
        Cli history = run("history");

        assertThat(verify.exit()).as(verify.out()).isEqualTo(1);
        assertThat(verify.out()).contains("journal of " + forged, "no hash", "forged");
        assertThat(verify.out()).contains("rollback " + forged + ": no keyed audit entry started it");
        assertThat(report.exit()).isEqualTo(1);
        assertThat(report.err()).contains(forged, "do not trust it");
        assertThat(history.exit()).isZero();
        assertThat(history.out().lines().filter(l -> l.contains(forged)).findFirst().orElseThrow()).startsWith("! ");
        assertThat(history.out()).contains("UNPROVEN");
        assertThat(history.out().lines().filter(l -> l.contains(ID)).findFirst().orElseThrow()).as("the genuine row").startsWith("  ");
    }

    @Test
    void aHistoryRowWhoseColumnsWereChangedDoesNotVerifyNorReportNorListPlain() throws Exception {
        try (Connection c = db(); Statement st = c.createStatement()) {
            st.execute("UPDATE rollbacks SET status = 'failed', to_version = '9.9.9', reason = 'operator error', actor = 'mallory'");
        }

        Cli verify = run("audit", "verify");
        Cli report = run("report", ID);
        Cli history = run("history");

        assertThat(verify.exit()).as(verify.out()).isEqualTo(1);
        assertThat(verify.out()).contains("rollback " + ID, "history row", "the row was changed");
        assertThat(report.exit()).isEqualTo(1);
        assertThat(report.err()).contains("the row was changed");
        assertThat(history.out().lines().filter(l -> l.contains(ID)).findFirst().orElseThrow()).startsWith("! ");
    }

    @Test
    void anUntouchedStoreListsPlainAndReportsCleanly() {
        Cli history = run("history");
        Cli report = run("report", ID);

        assertThat(history.out()).doesNotContain("UNPROVEN");
        assertThat(report.exit()).as(report.err()).isZero();
        assertThat(report.err()).doesNotContain("WARNING");
    }
}
