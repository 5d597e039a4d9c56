package dev.rewind.integrations.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.act.DatabaseBackups;
import dev.rewind.act.DatabaseGuard;
import dev.rewind.model.BadInputException;
import dev.rewind.time.SystemTimeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pg_dump and pg_restore for real, on a private PostgreSQL with password authentication. */
class PostgresBackupsTest {
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

    private PostgresConnector connector(String db) {
        return new PostgresConnector(PostgresSettings.from(pg.block("postgres", pg.settings(db, backups))));
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long users(String db) throws SQLException {
        try (Connection c = pg.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM users")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String shop() throws SQLException {
        String db = pg.createDatabase("shop_" + Long.toHexString(System.nanoTime()));
        try (Connection c = pg.connect(db)) {
            exec(c, "CREATE TABLE users (id int primary key, email text)");
            exec(c, "INSERT INTO users SELECT i, 'u' || i || '@example.com' FROM generate_series(1, 100) i");
        }
        return db;
    }

    @Test
    void aBackupIsAnOwnerOnlyCustomFormatDumpWithAChecksumThatSha256sumAccepts() throws Exception {
        String db = shop();
        DatabaseBackups.Backup b = new PostgresBackups(connector(db)).take("pre-2.4.0.dump");

        Path file = backups.resolve("pre-2.4.0.dump");
        assertThat(b.file()).isEqualTo(file.toString());
        assertThat(b.bytes()).isEqualTo(Files.size(file)).isPositive();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(new String(Files.readAllBytes(file), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PGDMP");
        assertThat(Files.readString(backups.resolve("pre-2.4.0.dump.sha256"))).isEqualTo(b.sha256() + "  pre-2.4.0.dump\n");
        Process check = new ProcessBuilder("sha256sum", "-c", "pre-2.4.0.dump.sha256").directory(backups.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).isZero();
        assertThatThrownBy(() -> new PostgresBackups(connector(db)).take("pre-2.4.0.dump")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("never overwritten");
    }

    @Test
    void restoringWhileTheDatabaseRefusesWritesBringsBackTheRowsOfTheBackup() throws Exception {
        String db = shop();
        PostgresBackups backupsOf = new PostgresBackups(connector(db));
        backupsOf.take("before.dump");
        try (Connection c = pg.connect(db)) {
            exec(c, "DELETE FROM users WHERE id > 10");
            exec(c, "ALTER TABLE users DROP COLUMN email");
        }
        assertThat(users(db)).isEqualTo(10);

        PostgresGuard guard = new PostgresGuard(connector(db), new SystemTimeSource());
        DatabaseGuard.Freeze freeze = guard.freezeWrites();
        try {
            backupsOf.restore(backupsOf.verified("before.dump", null));
        } finally {
            guard.thaw(freeze);
        }

        assertThat(users(db)).isEqualTo(100);
        try (Connection c = pg.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT email FROM users WHERE id = 42")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("u42@example.com");
        }
    }

    @Test
    void aBackupWhoseBytesNoLongerMatchItsChecksumIsRefusedAndNothingIsRestored() throws Exception {
        String db = shop();
        PostgresBackups backupsOf = new PostgresBackups(connector(db));
        DatabaseBackups.Backup good = backupsOf.take("good.dump");
        byte[] bytes = Files.readAllBytes(backups.resolve("good.dump"));
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(backups.resolve("good.dump"), bytes);
        try (Connection c = pg.connect(db)) {
            exec(c, "DELETE FROM users WHERE id > 1");
        }

        assertThatThrownBy(() -> backupsOf.verified("good.dump", null)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("the file is damaged or not the backup named");
        assertThatThrownBy(() -> backupsOf.verified("good.dump", good.sha256().replace('a', 'b').replace('0', '1')))
                .hasMessageContaining("params.sha256");
        assertThatThrownBy(() -> backupsOf.restore(good)).hasMessageContaining("changed since it was checked");
        assertThat(users(db)).isEqualTo(1);
    }

    @Test
    void aBackupWithoutAChecksumIsNeverRestored() throws Exception {
        String db = shop();
        PostgresBackups backupsOf = new PostgresBackups(connector(db));
        backupsOf.take("unchecked.dump");
        Files.delete(backups.resolve("unchecked.dump.sha256"));
        assertThatThrownBy(() -> backupsOf.verified("unchecked.dump", null)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("no checksum file").hasMessageContaining("sha256sum unchecked.dump > unchecked.dump.sha256");
    }

    @Test
    void onlyPlainFileNamesInTheBackupFolderAreRead() throws Exception {
        String db = shop();
        PostgresBackups backupsOf = new PostgresBackups(connector(db));
        Files.writeString(backups.resolve("elsewhere"), "x");
        Files.createSymbolicLink(backups.resolve("link.dump"), Path.of("/etc/hostname"));
        for (String name : List.of("../etc/passwd", "/etc/passwd", "-h", "x.dump.sha256", ".hidden", "")) {
            assertThatThrownBy(() -> backupsOf.verified(name, null)).as(name).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("expected a backup file name");
        }
        assertThatThrownBy(() -> backupsOf.verified("link.dump", null)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> backupsOf.verified("missing.dump", null)).hasMessageContaining("elsewhere");
    }

    @Test
    void theNewestClientProgramsAreFoundByAbsolutePath() {
        PgTool dump = PgTool.find("pg_dump");
        assertThat(dump.binary()).isAbsolute().startsWith(PgTool.ROOT);
        assertThat(dump.binary().getFileName()).hasToString("pg_dump");
        assertThatThrownBy(() -> PgTool.find("pg_dump; rm -rf /")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PgTool.find(Path.of("/nonexistent"), "pg_dump")).hasMessageContaining("postgresql-client");
    }
}
