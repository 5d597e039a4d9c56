package dev.rewind.act;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.integrations.liquibase.Changelogs;
import dev.rewind.integrations.postgres.PostgresBackups;
import dev.rewind.integrations.postgres.PostgresConnector;
import dev.rewind.integrations.postgres.PostgresGuard;
import dev.rewind.integrations.postgres.PostgresServer;
import dev.rewind.integrations.postgres.PostgresSettings;
import dev.rewind.model.StepAction;
import dev.rewind.model.StepOutcome;
import dev.rewind.time.ManualTimeSource;
import dev.rewind.time.SystemTimeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore_database step end to end on a real PostgreSQL with real Liquibase changelogs and real pg_dump/pg_restore. */
class DatabaseRestoreStepTest {
    static PostgresServer pg;
    @TempDir
    Path backups;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) pg.close();
    }

    private record Db(String name, PostgresConnector connector, Actuators actuators) {
    }

    private Db migrated(String changelog) throws Exception {
        String name = pg.createDatabase("step_" + Long.toHexString(System.nanoTime()));
        PostgresConnector connector = new PostgresConnector(PostgresSettings.from(pg.block("liquibase", pg.settings(name, backups))));
        Changelogs.update(connector, changelog);
        try (Connection c = connector.open(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (id, email) SELECT i, 'U' || i || '@Example.com' FROM generate_series(1, 25) i");
        }
        DatabaseActuator db = new DatabaseActuator(new PostgresGuard(connector, new SystemTimeSource()),
                Optional.of(Changelogs.migrator(connector, changelog)), Optional.of(new PostgresBackups(connector)), List.of("users"));
        return new Db(name, connector, Actuators.none().withDatabase(db));
    }

    private static StepOutcome run(Db db, Map<String, String> params) {
        return new StepRunner(db.actuators(), new ManualTimeSource(Instant.parse("2026-01-26T10:00:00Z")))
                .run(new StepAction.RestoreDatabase(db.name(), params), "production", null, "rolling_update");
    }

    private static boolean readOnlySet(Db db) throws SQLException {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = '" + db.name() + "'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    private static long count(Db db, String sql) throws SQLException {
        try (Connection c = pg.connect(db.name()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void rollingBackToATagFreezesWritesUndoesTheReleaseComparesRecordCountsAndLetsWritesInAgain() throws Exception {
        Db db = migrated("reversible");
        Connection app = pg.connect(db.name()); // the application's pooled session, open before the rollback

        StepOutcome out = run(db, Map.of("to_tag", "2.3.1"));

        assertThat(out).isInstanceOf(StepOutcome.Succeeded.class);
        assertThat(out.detail()).startsWith("database " + db.name() + " restored to tag 2.3.1 (4 changesets rolled back)")
                .endsWith("record counts match for 1 tables");
        Map<String, Object> d = out.data();
        assertThat(d).containsEntry("method", "tag").containsEntry("rolled_back_to", "2.3.1");
        assertThat(d.get("changesets_rolled_back")).isEqualTo(List.of("db/changelog.yaml::5-drop-legacy-flag::shop",
                "db/changelog.yaml::4-users-name::shop", "db/changelog.yaml::3-orders::shop", "db/changelog.yaml::2-release-2.3.1::shop"));
        assertThat(d.get("record_counts")).isEqualTo(List.of(Map.of("table", "users", "before", 25L, "after", 25L, "matches", true)));
        assertThat(d.get("read_only")).isEqualTo(Map.of("was_read_only", false, "sessions_ended", 1, "after", "writes allowed again"));
        assertThat(app.isValid(2)).as("the session opened before the freeze was ended").isFalse();
        assertThat(readOnlySet(db)).isFalse();
        assertThat(count(db, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'legacy_flag'")).isEqualTo(1);
        try (Connection c = pg.connect(db.name()); Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (id) VALUES (100)");
        }
    }

    @Test
    void aReleasePastItsPointOfNoReturnIsNotTouchedAndTheStepSaysFixForward() throws Exception {
        Db db = migrated("irreversible");

        StepOutcome out = run(db, Map.of("to_tag", "2.3.1"));

        assertThat(out).isInstanceOf(StepOutcome.Failed.class);
        assertThat(out.detail()).startsWith("past the point of no return: changeset db/changelog.xml::4-normalise-emails::shop")
                .contains("fix forward");
        assertThat(out.data()).containsEntry("decision", "fix_forward").containsEntry(StepRunner.RETRYABLE, false);
        @SuppressWarnings("unchecked")
        Map<String, Object> ponr = (Map<String, Object>) out.data().get("point_of_no_return");
        assertThat(ponr).containsEntry("changeset", "db/changelog.xml::4-normalise-emails::shop")
                .containsEntry("why", "has no rollback (sql without a rollback block)");
        assertThat(out.data()).doesNotContainKey("read_only");
        assertThat(readOnlySet(db)).isFalse();
        assertThat(count(db, "SELECT count(*) FROM pg_indexes WHERE indexname = 'users_email'")).as("nothing was rolled back").isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM databasechangelog")).isEqualTo(5);
    }

    @Test
    void aRollbackThatFailsHalfwayStillLetsWritesInAgainAndSaysSo() throws Exception {
        Db db = migrated("failing-rollback");

        StepOutcome out = run(db, Map.of("to_tag", "2.3.1"));

        assertThat(out).isInstanceOf(StepOutcome.Failed.class);
        assertThat(out.detail()).startsWith("restoring tag 2.3.1 failed").contains("audit_with_a_typo").endsWith("writes allowed again");
        assertThat(out.data().get("record_counts_before")).isEqualTo(List.of(Map.of("table", "users", "rows", 25L)));
        assertThat(readOnlySet(db)).isFalse();
        try (Connection c = pg.connect(db.name()); Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (id) VALUES (100)");
        }
    }

    @Test
    void aBackupRestoreChecksTheChecksumFirstAndReportsRecordCountsThatDifferAsAWarning() throws Exception {
        Db db = migrated("reversible");
        new PostgresBackups(db.connector()).take("pre-2.4.0.dump");
        try (Connection c = pg.connect(db.name()); Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (id) SELECT generate_series(200, 209)");
        }

        StepOutcome out = run(db, Map.of("backup", "pre-2.4.0.dump"));

        assertThat(out).isInstanceOf(StepOutcome.Succeeded.class);
        assertThat(out.detail()).endsWith("warning: record counts differ: users 35 -> 25");
        assertThat(out.data().get("record_counts")).isEqualTo(List.of(Map.of("table", "users", "before", 35L, "after", 25L, "matches", false)));
        @SuppressWarnings("unchecked")
        Map<String, Object> backup = (Map<String, Object>) out.data().get("backup");
        assertThat(backup).containsEntry("name", "pre-2.4.0.dump").containsEntry("checksum_verified", true);
        assertThat(backup.get("sha256")).isEqualTo(Files.readString(backups.resolve("pre-2.4.0.dump.sha256")).substring(0, 64));
        assertThat(count(db, "SELECT count(*) FROM users")).isEqualTo(25);

        StepOutcome strict = run(db, Map.of("backup", "pre-2.4.0.dump", "on_count_mismatch", "fail", "compare_tables", "users,orders"));
        assertThat(strict).as("same counts now: 25 before and after").isInstanceOf(StepOutcome.Succeeded.class);
    }

    @Test
    void aCountMismatchFailsTheStepWhenThePlanSaysSo() throws Exception {
        Db db = migrated("reversible");
        new PostgresBackups(db.connector()).take("b.dump");
        try (Connection c = pg.connect(db.name()); Statement s = c.createStatement()) {
            s.execute("DELETE FROM users WHERE id > 20");
        }
        StepOutcome out = run(db, Map.of("backup", "b.dump", "on_count_mismatch", "fail"));
        assertThat(out).isInstanceOf(StepOutcome.Failed.class);
        assertThat(out.detail()).endsWith("but record counts differ: users 20 -> 25");
        assertThat(count(db, "SELECT count(*) FROM users")).as("the restore itself happened").isEqualTo(25);
    }

    @Test
    void aTamperedBackupIsRefusedBeforeWritesAreFrozenAndIsNotRetried() throws Exception {
        Db db = migrated("reversible");
        new PostgresBackups(db.connector()).take("b.dump");
        Files.writeString(backups.resolve("b.dump.sha256"), "0".repeat(64) + "  b.dump\n");

        StepOutcome out = run(db, Map.of("backup", "b.dump"));

        assertThat(out).isInstanceOf(StepOutcome.Failed.class);
        assertThat(out.detail()).startsWith("backup refused before anything changed").contains("the file is damaged or not the backup named");
        assertThat(out.data()).containsEntry(StepRunner.RETRYABLE, false).doesNotContainKey("read_only");
    }

    @Test
    void theStepRestoresOnlyTheDatabaseTheEnvironmentNamesAndReadsItsParamsStrictly() throws Exception {
        Db db = migrated("reversible");
        StepRunner runner = new StepRunner(db.actuators(), new ManualTimeSource(Instant.EPOCH));
        StepOutcome other = runner.run(new StepAction.RestoreDatabase("billing", Map.of("to_tag", "2.3.1")), "production", null, "rolling_update");
        assertThat(other.detail()).isEqualTo("the step restores database 'billing', and this environment's database block is '" + db.name() + "'");
        StepOutcome both = run(db, Map.of("to_tag", "2.3.1", "count", "2"));
        assertThat(both.detail()).contains("give exactly one of to_tag").contains("found 2");
        StepOutcome typo = run(db, Map.of("to_tags", "2.3.1"));
        assertThat(typo.detail()).contains("field 'params.to_tags'").contains("unknown parameter");
        StepOutcome unknownTag = run(db, Map.of("to_tag", "2.2.0"));
        assertThat(unknownTag.detail()).isEqualTo("database " + db.name() + " has no migration tag '2.2.0'; its tags are [2.3.1]");
        for (StepOutcome o : List.of(other, both, typo, unknownTag)) {
            assertThat(o).isInstanceOf(StepOutcome.Failed.class);
            assertThat(o.data()).containsEntry(StepRunner.RETRYABLE, false);
        }
        assertThat(count(db, "SELECT count(*) FROM databasechangelog")).isEqualTo(5);
    }
}
