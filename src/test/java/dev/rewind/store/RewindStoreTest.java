package dev.rewind.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.model.UnreachableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewindStoreTest {
    @TempDir
    Path dir;

    @Test
    void everyConnectionWritesAheadAndSyncsFully() {
        RewindStore store = RewindStore.open(dir.resolve("nested/dir/rewind.db"));

        store.jdbi().useHandle(h -> {
            assertThat(h.createQuery("PRAGMA journal_mode").mapTo(String.class).one()).isEqualToIgnoringCase("wal");
            assertThat(h.createQuery("PRAGMA synchronous").mapTo(Integer.class).one()).isEqualTo(2);
        });
        assertThat(store.path()).exists().isAbsolute();
    }

    @Test
    void reopeningAStoreKeepsItsDataAndDoesNotRerunTheSchema() {
        Path file = dir.resolve("rewind.db");
        RewindStore.open(file).audit().append("alice", "login", "dashboard", "ok");

        RewindStore again = RewindStore.open(file);

        assertThat(again.audit().entries()).hasSize(1);
        List<String> applied = again.jdbi().withHandle(h -> h.createQuery(
                "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank").mapTo(String.class).list());
        assertThat(applied).containsExactly("1", "2", "3", "4", "5", "6", "7");
    }

    /** A store as a Rewind before Flyway and keyed chains left it: one plain SHA-256 audit row, one journal row without a hash. */
    private Path oldStore() throws Exception {
        Path file = dir.resolve("old.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY)");
            st.execute("INSERT INTO schema_version VALUES (1)");
            st.execute("""
                    CREATE TABLE journal (rollback_id TEXT NOT NULL, seq INTEGER NOT NULL, begins INTEGER, attempt INTEGER NOT NULL,
                      phase TEXT, step_id TEXT, action TEXT NOT NULL, state TEXT NOT NULL, detail TEXT, data TEXT, at TEXT NOT NULL,
                      PRIMARY KEY (rollback_id, seq))""");
            st.execute("""
                    CREATE TABLE rollbacks (id TEXT PRIMARY KEY, service TEXT NOT NULL, environment TEXT NOT NULL, from_version TEXT,
                      to_version TEXT, status TEXT NOT NULL, reason TEXT, actor TEXT, trigger_name TEXT, started_at TEXT NOT NULL,
                      finished_at TEXT, result TEXT, report_path TEXT)""");
            st.execute("CREATE INDEX rollbacks_started ON rollbacks (started_at)");
            st.execute("""
                    CREATE TABLE releases (service TEXT NOT NULL, environment TEXT NOT NULL, version TEXT NOT NULL, status TEXT NOT NULL,
                      deployed_at TEXT NOT NULL, previous_version TEXT, feature_flag TEXT, changes TEXT, PRIMARY KEY (service, environment, version))""");
            st.execute("""
                    CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
                      target TEXT, detail TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)""");
            st.execute("CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\nBEGIN SELECT RAISE(ABORT, 'audit trail is append-only: UPDATE refused'); END");
            st.execute("CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit\nBEGIN SELECT RAISE(ABORT, 'audit trail is append-only: DELETE refused'); END");
            String at = "2026-01-26T10:00:00.000Z";
            String hash = Chain.legacyLink(Chain.GENESIS, at, "alice", "rollback.started", "shop/prod", "id=rb-1");
            st.execute("INSERT INTO audit (at, actor, action, target, detail, prev_hash, hash) VALUES ('" + at
                    + "', 'alice', 'rollback.started', 'shop/prod', 'id=rb-1', '" + Chain.GENESIS + "', '" + hash + "')");
            st.execute("INSERT INTO journal (rollback_id, seq, attempt, action, state, at) VALUES ('rb-1', 1, 1, 'ATTEMPT', 'started', '" + at + "')");
        }

        return file;
    }

    /** The environment of a first open after the upgrade: the key file named does not exist yet, so this open makes it. */
    private RewindStore openWithNewKey(Path file, String keyName) {
        Path key = dir.resolve("keys").resolve(keyName);
        return RewindStore.open(new StoreLocation.Sqlite(file), name -> name.equals(AuditFiles.KEY_FILE_ENV) ? key.toString() : null,
                java.time.Clock.systemUTC());
    }

    @Test
    void aStoreMadeBeforeFlywayIsBaselinedAndItsVerifiedLegacyRowsAreSealedWithTheKeyMadeByThatOpen() throws Exception {
        Path file = oldStore();

        RewindStore store = openWithNewKey(file, "audit.key");
        store.audit().append("bob", "rollback.finished", "shop/prod", "id=rb-1 status=success");
        store.journal().event("rb-1", 1, "ROLLBACK_FINISHED", "success", null, java.util.Map.of(), java.time.Instant.parse("2026-01-26T10:01:00Z"));

        assertThat(store.audit().entries()).extracting(AuditEntry::scheme).containsOnly(Chain.KEYED).hasSize(3);
        assertThat(store.audit().entries().getFirst().detail()).isEqualTo("id=rb-1");
        assertThat(store.audit().entries().get(1).action()).isEqualTo("store.sealed");
        assertThat(store.audit().entries().get(1).detail()).startsWith("audit_rows=1 unchained_journals=rb-1:1:");
        assertThat(store.audit().verify().intact()).isTrue();
        RollbackJournal.Check journal = store.journal().verify("rb-1");
        assertThat(journal.intact()).isTrue();
        assertThat(journal.unchained()).isEqualTo(1);
        assertThat(store.journal().entries("rb-1")).hasSize(2);
        assertThat(store.warnings()).as("an upgrade is not tampering").isEmpty();
        Integrity.Report report = Integrity.verify(store, java.util.List.of());
        assertThat(report.intact()).as(report.problems().toString()).isTrue();
        assertThat(report.unprovable()).containsExactly("rb-1");
    }

    @Test
    void aJournalRowWrittenBeforeChainsAndChangedAfterTheUpgradeIsFound() throws Exception {
        Path file = oldStore();
        try (RewindStore store = openWithNewKey(file, "audit.key")) {
            store.jdbi().useHandle(h -> {
                h.execute("DROP TRIGGER journal_no_update");
                h.execute("UPDATE journal SET state = 'success', detail = 'flag off' WHERE rollback_id = 'rb-1' AND seq = 1");
            });
        }
        try (RewindStore again = openWithNewKey(file, "audit.key")) {
            Integrity.Report report = Integrity.verify(again, java.util.List.of());

            assertThat(report.intact()).isFalse();
            assertThat(report.problems()).anySatisfy(p -> assertThat(p.what()).contains("not the 1 the upgrade listed"));
        }
    }

    @Test
    void anOldStoreOpenedWithAKeyThatAlreadyExistedIsNotSealedAndItsRowsDoNotVerify() throws Exception {
        Path file = oldStore();
        Path key = dir.resolve("keys").resolve("existing.key");
        AuditKey.resolve(name -> null, key); // made by an earlier open of some other store

        RewindStore store = RewindStore.open(new StoreLocation.Sqlite(file), name -> name.equals(AuditFiles.KEY_FILE_ENV) ? key.toString() : null,
                java.time.Clock.systemUTC());

        assertThat(store.audit().entries()).extracting(AuditEntry::scheme).containsExactly(Chain.LEGACY);
        assertThat(store.warnings()).anySatisfy(w -> assertThat(w).contains("1 audit rows are not keyed and were not sealed", AuditFiles.KEY_FILE_ENV));
        Integrity.Report report = Integrity.verify(store, java.util.List.of());
        assertThat(report.intact()).isFalse();
        assertThat(report.problems().getFirst().what()).contains("is not keyed");
        assertThat(report.problems()).anySatisfy(p -> assertThat(p.what()).contains("no upgrade of the store listed them"));
    }

    @Test
    void anOlderStoreWhoseUnkeyedChainWasChangedIsRefusedRatherThanSealed() throws Exception {
        Path file = dir.resolve("changed.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY)");
            st.execute("CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,"
                    + " target TEXT, detail TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)");
            st.execute("CREATE TABLE journal (rollback_id TEXT NOT NULL, seq INTEGER NOT NULL, begins INTEGER, attempt INTEGER NOT NULL,"
                    + " phase TEXT, step_id TEXT, action TEXT NOT NULL, state TEXT NOT NULL, detail TEXT, data TEXT, at TEXT NOT NULL,"
                    + " PRIMARY KEY (rollback_id, seq))");
            st.execute("INSERT INTO audit (at, actor, action, target, detail, prev_hash, hash) VALUES ('2026-01-26T10:00:00.000Z', 'alice',"
                    + " 'rollback.started', 'shop/prod', 'id=rb-1', '" + Chain.GENESIS + "', 'not-the-hash')");
        }

        assertThatThrownBy(() -> openWithNewKey(file, "fresh.key")).hasMessageContaining("does not verify at row 1");
    }

    @Test
    void aPathThatCannotHoldTheStoreIsReportedWithThePath() throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> RewindStore.open(blocker.resolve("rewind.db")))
                .isInstanceOf(UnreachableException.class).hasMessageContaining("not-a-dir");
    }

    @Test
    void theDefaultStoreLivesUnderDotRewind() {
        assertThat(RewindStore.DEFAULT_PATH).isEqualTo(Path.of(".rewind", "rewind.db"));
    }
}
