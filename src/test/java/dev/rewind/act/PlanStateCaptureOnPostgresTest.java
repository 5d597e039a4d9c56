package dev.rewind.act;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.config.PlanLoader;
import dev.rewind.integrations.liquibase.Changelogs;
import dev.rewind.integrations.postgres.PostgresBackups;
import dev.rewind.integrations.postgres.PostgresConnector;
import dev.rewind.integrations.postgres.PostgresGuard;
import dev.rewind.integrations.postgres.PostgresServer;
import dev.rewind.integrations.postgres.PostgresSettings;
import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Plan;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.plan.PlanCompiler;
import dev.rewind.plan.RunContext;
import dev.rewind.store.RewindStore;
import dev.rewind.time.ManualTimeSource;
import dev.rewind.time.SystemTimeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 004's state capture and seed 003's "backup exists and verifies" gate, written as a plan file and run on a real
 * PostgreSQL with real pg_dump/pg_restore: the gate refuses a missing or damaged backup before anything changes (no
 * dump, no restore); with a good backup the dump (with its SHA-256) and the record counts are taken before the restore.
 */
class PlanStateCaptureOnPostgresTest {
    static final Instant T0 = Instant.parse("2026-01-26T10:00:00Z");
    static PostgresServer pg;

    @TempDir
    Path dir;

    private RewindStore store;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) pg.close();
    }

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    private static String plan(String database, String backupParams) {
        return """
                metadata: {operation_id: op-capture, name: shop 2.4.0 data, owner: sre, certification_level: 2}
                operation: {summary: shop 2.4.0 wrote bad rows, deployment_type: database_migration, services: [shop]}
                state_capture:
                  - {id: dump, capture: database_dump, database: %1$s, name: before-restore}
                  - {id: rows, capture: row_counts, database: %1$s, tables: [users]}
                safety_checks: {verify_backup_exists: true}
                phases:
                  - id: data
                    name: Data
                    objective: the rows of 2.3.1
                    steps:
                      - {id: restore, action: restore_database, target: %1$s, estimate: 1m, timeout: 5m, params: {%2$s, compare_tables: [users]}}
                """.formatted(database, backupParams);
    }

    private record Db(String name, Path backups, Actuators actuators) {
    }

    /** 25 users when the backup pre-2.4.0.dump was taken, 35 now: the 10 written since are what the restore undoes. */
    private Db database() throws Exception {
        String name = pg.createDatabase("capture_" + Long.toHexString(System.nanoTime()));
        Path backups = dir.resolve("backups");
        PostgresConnector connector = new PostgresConnector(PostgresSettings.from(pg.block("liquibase", pg.settings(name, backups))));
        Changelogs.update(connector, "reversible");
        execute(name, "INSERT INTO users (id, email) SELECT i, 'u' || i || '@example.com' FROM generate_series(1, 25) i");
        new PostgresBackups(connector).take("pre-2.4.0.dump");
        execute(name, "INSERT INTO users (id) SELECT generate_series(100, 109)");
        DatabaseActuator db = new DatabaseActuator(new PostgresGuard(connector, new SystemTimeSource()),
                Optional.of(Changelogs.migrator(connector, "reversible")), Optional.of(new PostgresBackups(connector)), List.of("users"));
        return new Db(name, backups, Actuators.none().withDatabase(db));
    }

    private RollbackResult run(Db db, String backupParams) {
        store = RewindStore.open(dir.resolve("rewind.db"));
        var file = new PlanLoader(v -> null).parse("plan.yaml", plan(db.name(), backupParams));
        Plan plan = PlanCompiler.compile(file, null, new RunContext("shop", "2.4.0", "2.3.1", List.of(), null, null, null, false));
        Release release = new Release("shop", "production", "2.4.0", "2.3.1", T0.minusSeconds(900), List.of(), null, 100, null);
        return new RollbackExecutor(db.actuators(), store.journal(), new ManualTimeSource(T0), 1)
                .execute(new RollbackRequest("rb-capture", release, "2.3.1", plan, null));
    }

    private static void execute(String database, String sql) throws Exception {
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long users(Db db) throws Exception {
        try (Connection c = pg.connect(db.name()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM users")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> ended(RollbackResult r) {
        return r.actionsLog().stream().filter(e -> e.status().equals("success") || e.status().equals("failed"))
                .map(e -> e.action() + " " + e.status()).toList();
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void theDumpWithItsChecksumAndTheRecordCountsAreTakenBeforeTheRestore() throws Exception {
        Db db = database();

        RollbackResult r = run(db, "backup: pre-2.4.0.dump");

        assertThat(r.status().rolledBack()).as(r.toString()).isTrue();
        assertThat(ended(r)).containsExactly("BACKUP_VERIFIED success", "STATE_CAPTURED success", "STATE_CAPTURED success",
                "DATABASE_RESTORED success");
        List<ActionLogEntry> captured = r.actionsLog().stream().filter(e -> e.action().equals("STATE_CAPTURED") && e.status().equals("success")).toList();
        @SuppressWarnings("unchecked")
        Map<String, Object> dump = (Map<String, Object>) captured.get(0).details().get("backup");
        Path dumpFile = Path.of((String) dump.get("file"));
        assertThat(dump.get("name")).isEqualTo("before-restore-20260126-100000.dump");
        assertThat(dumpFile).isRegularFile().hasParent(db.backups());
        assertThat(dump.get("sha256")).as("the journaled checksum is the file's").isEqualTo(sha256(dumpFile));
        assertThat(((Number) dump.get("bytes")).longValue()).isEqualTo(Files.size(dumpFile));
        // counted before the first change: 35 rows then, 25 after the backup went back
        assertThat(captured.get(1).details()).containsEntry("capture", "row_counts");
        assertThat(captured.get(1).details().get("rows")).hasToString("{users=35}"); // the journal keeps small numbers as int
        assertThat(users(db)).isEqualTo(25);
        ActionLogEntry restored = r.actionsLog().stream().filter(e -> e.action().equals("DATABASE_RESTORED") && e.status().equals("success"))
                .findFirst().orElseThrow();
        assertThat((List<?>) restored.details().get("record_counts")).singleElement().satisfies(row -> {
            Map<?, ?> counts = (Map<?, ?>) row;
            assertThat(counts.get("table")).isEqualTo("users");
            assertThat(((Number) counts.get("before")).longValue()).isEqualTo(35);
            assertThat(((Number) counts.get("after")).longValue()).isEqualTo(25);
            assertThat(counts.get("matches")).isEqualTo(false);
        });
    }

    @Test
    void aMissingBackupIsRefusedBeforeTheDumpAndBeforeAnythingChanges() throws Exception {
        Db db = database();

        RollbackResult r = run(db, "backup: pre-2.3.9.dump");

        assertThat(r.status().rolledBack()).isFalse();
        assertThat(ended(r)).as("nothing ran after the gate").containsExactly("BACKUP_VERIFIED failed", "ROLLBACK_FINISHED failed");
        assertThat(store.journal().entries("rb-capture")).filteredOn(e -> e.action().equals("BACKUP_VERIFIED") && e.state().equals("failed"))
                .singleElement().satisfies(e -> assertThat(e.detail()).contains("no backup file there", "pre-2.4.0.dump", "nothing was changed"));
        assertThat(users(db)).isEqualTo(35);
        assertThat(files(db.backups())).containsExactly("pre-2.4.0.dump", "pre-2.4.0.dump.sha256");
    }

    @Test
    void aBackupWhoseChecksumDoesNotMatchIsRefusedBeforeAnythingChanges() throws Exception {
        Db db = database();
        String wrong = "0".repeat(64);

        RollbackResult r = run(db, "backup: pre-2.4.0.dump, sha256: \"" + wrong + "\"");

        assertThat(r.status().rolledBack()).isFalse();
        assertThat(ended(r)).as("nothing ran after the gate").containsExactly("BACKUP_VERIFIED failed", "ROLLBACK_FINISHED failed");
        assertThat(store.journal().entries("rb-capture")).filteredOn(e -> e.action().equals("BACKUP_VERIFIED") && e.state().equals("failed"))
                .singleElement().satisfies(e -> assertThat(e.detail()).contains(sha256(db.backups().resolve("pre-2.4.0.dump")), wrong + " was expected"));
        assertThat(users(db)).isEqualTo(35);
        assertThat(files(db.backups())).containsExactly("pre-2.4.0.dump", "pre-2.4.0.dump.sha256");
    }

    @Test
    void aRetriedAttemptKeepsTheCaptureTakenBeforeTheFirstChangeAndDoesNotDumpAgain() throws Exception {
        Db db = database();
        FakeWorld world = new FakeWorld().running("shop", "2.4.0", "2.3.1");
        world.deployFailures = 1; // attempt 1 fails at the revert, after the capture; attempt 2 succeeds
        String yaml = """
                metadata: {operation_id: op-retry, name: shop 2.4.0, owner: sre, certification_level: 2}
                operation: {summary: shop 2.4.0, deployment_type: rolling_update, services: [shop]}
                state_capture:
                  - {id: dump, capture: database_dump, database: %s, name: before-revert}
                phases:
                  - id: app
                    steps:
                      - {id: revert, action: revert, estimate: 1m, timeout: 5m}
                """.formatted(db.name());
        store = RewindStore.open(dir.resolve("rewind.db"));
        var file = new PlanLoader(v -> null).parse("plan.yaml", yaml);
        Plan plan = PlanCompiler.compile(file, null, new RunContext("shop", "2.4.0", "2.3.1", List.of(), null, null, null, false));
        Release release = new Release("shop", "production", "2.4.0", "2.3.1", T0.minusSeconds(900), List.of(), null, 100, null);

        RollbackResult r = new RollbackExecutor(db.actuators().withDeployer(world).withHealth(world), store.journal(), new ManualTimeSource(T0), 2)
                .execute(new RollbackRequest("rb-retry", release, "2.3.1", plan, null));

        assertThat(r.status().rolledBack()).as(r.toString()).isTrue();
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(ended(r)).as("one capture, before the first change; the retry keeps it")
                .containsSubsequence("STATE_CAPTURED success", "REVERT failed", "REVERT success")
                .filteredOn(s -> s.startsWith("STATE_CAPTURED")).containsExactly("STATE_CAPTURED success");
        assertThat(files(db.backups())).containsExactly("before-revert-20260126-100000.dump", "before-revert-20260126-100000.dump.sha256",
                "pre-2.4.0.dump", "pre-2.4.0.dump.sha256");
    }
}
