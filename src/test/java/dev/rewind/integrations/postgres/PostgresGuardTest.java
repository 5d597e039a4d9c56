package dev.rewind.integrations.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.act.DatabaseGuard;
import dev.rewind.model.UnreachableException;
import dev.rewind.time.SystemTimeSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real PostgreSQL: what "read-only" means is PostgreSQL's to say, not ours. */
class PostgresGuardTest {
    static PostgresServer pg;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) pg.close();
    }

    private PostgresGuard guard(String db) {
        return new PostgresGuard(pg.connector(db), new SystemTimeSource());
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private String ownSetting(String db) throws SQLException {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT array_to_string(s.setconfig, ',') FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase "
                     + "WHERE d.datname = '" + db + "' AND s.setrole = 0")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void freezingRefusesNewWritesEndsSessionsOpenedBeforeAndThawingPutsTheDatabaseBackAsItWas() throws Exception {
        String db = pg.createDatabase("freeze_me");
        try (Connection setup = pg.connect(db)) {
            exec(setup, "CREATE TABLE users (id int)");
        }
        Connection before = pg.connect(db); // a pool's connection, opened while writes were allowed
        exec(before, "INSERT INTO users VALUES (1)");

        DatabaseGuard.Freeze freeze = guard(db).freezeWrites();

        assertThat(freeze.wasReadOnly()).isFalse();
        assertThat(freeze.sessionsEnded()).isEqualTo(1);
        assertThat(ownSetting(db)).isEqualTo("default_transaction_read_only=on");
        assertThatThrownBy(() -> exec(before, "INSERT INTO users VALUES (2)")).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("57P01", "08006", "08003"));
        try (Connection during = pg.connect(db)) {
            assertThatThrownBy(() -> exec(during, "INSERT INTO users VALUES (3)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
        }

        guard(db).thaw(freeze);

        assertThat(ownSetting(db)).isNull();
        try (Connection after = pg.connect(db)) {
            exec(after, "INSERT INTO users VALUES (4)");
        }
        assertThat(guard(db).countRows(List.of("users"))).containsExactly(new DatabaseGuard.TableRows("users", 2L));
    }

    @Test
    void aDatabaseThatWasReadOnlyBeforeStaysReadOnlyAfterTheThaw() throws Exception {
        String db = pg.createDatabase("already_frozen");
        try (Connection c = pg.connect(db)) {
            exec(c, "ALTER DATABASE already_frozen SET default_transaction_read_only = on");
        }
        DatabaseGuard.Freeze freeze = guard(db).freezeWrites();
        assertThat(freeze.wasReadOnly()).isTrue();
        guard(db).thaw(freeze);
        assertThat(ownSetting(db)).isEqualTo("default_transaction_read_only=on");
    }

    @Test
    void anExplicitOffSettingIsPutBackAsOffNotReset() throws Exception {
        String db = pg.createDatabase("explicit_off");
        try (Connection c = pg.connect(db)) {
            exec(c, "ALTER DATABASE explicit_off SET default_transaction_read_only = off");
        }
        DatabaseGuard.Freeze freeze = guard(db).freezeWrites();
        assertThat(freeze.wasReadOnly()).isFalse();
        assertThat(ownSetting(db)).isEqualTo("default_transaction_read_only=on");
        guard(db).thaw(freeze);
        assertThat(ownSetting(db)).isEqualTo("default_transaction_read_only=off");
    }

    @Test
    void rowsAreCountedPerTableAndAMissingTableIsSaidToBeMissing() throws Exception {
        String db = pg.createDatabase("counted");
        try (Connection c = pg.connect(db)) {
            exec(c, "CREATE SCHEMA shop");
            exec(c, "CREATE TABLE shop.orders (id int)");
            exec(c, "INSERT INTO shop.orders SELECT generate_series(1, 42)");
            exec(c, "CREATE TABLE users (id int)");
        }
        assertThat(guard(db).countRows(List.of("shop.orders", "users", "gone")))
                .containsExactly(new DatabaseGuard.TableRows("shop.orders", 42L), new DatabaseGuard.TableRows("users", 0L),
                        new DatabaseGuard.TableRows("gone", null));
    }

    @Test
    void aWrongPasswordIsRefusedCredentialsAndTheMessageHoldsNoPassword() throws Exception {
        String db = pg.createDatabase("locked");
        Map<String, Object> s = pg.settings(db, null);
        s.put("password", "not-the-password-123");
        PostgresGuard wrong = new PostgresGuard(new PostgresConnector(PostgresSettings.from(pg.block("postgres", s))), new SystemTimeSource());
        assertThatThrownBy(wrong::freezeWrites).isInstanceOfSatisfying(UnreachableException.class, e -> {
            assertThat(e.unauthorized()).isTrue();
            assertThat(e.getMessage()).contains("postgresql://127.0.0.1:" + pg.port() + "/locked").doesNotContain("not-the-password-123");
        });
        assertThat(ownSetting(db)).isNull();
    }

    @Test
    void namesThatWouldNeedQuotingAreRefusedWhenTheBlockIsRead() {
        Map<String, Object> s = pg.settings("shop\"; DROP DATABASE x; --", null);
        assertThatThrownBy(() -> PostgresSettings.from(pg.block("postgres", s)))
                .hasMessageContaining("rewind.yaml:7").hasMessageContaining("environments.production.database.database")
                .hasMessageContaining("expected a database name");
        Map<String, Object> t = pg.settings("shop", null);
        t.put("compare_tables", List.of("users; DELETE FROM users"));
        assertThatThrownBy(() -> PostgresSettings.from(pg.block("postgres", t))).hasMessageContaining("compare_tables");
        Map<String, Object> b = pg.settings("shop", null);
        b.put("backup_dir", "/var/backups/../../etc");
        assertThatThrownBy(() -> PostgresSettings.from(pg.block("postgres", b))).hasMessageContaining("backup_dir");
    }
}
