package dev.rewind.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.Release;
import dev.rewind.testing.RealPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * V7 on both engines: a store made by a Rewind before canaries in server mode (migrated up to V6, a release in it) is
 * opened by this one; the release it held serves all the traffic (100), and a canary's share is stored and moved.
 */
class TrafficPercentMigrationTest {
    private static final Instant T0 = Instant.parse("2026-02-24T10:20:00Z");
    private static final AuditKey KEY = AuditKey.of("0123456789abcdef0123456789abcdef".getBytes());

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void releasesStoredBeforeV7ServeAllTheTrafficAndACanarysShareIsStoredAndMoved(String engine) throws Exception {
        StoreLocation where;
        String url;
        Dialect dialect;
        if (engine.equals("sqlite")) {
            where = new StoreLocation.Sqlite(dir.resolve("r.db"));
            url = "jdbc:sqlite:" + dir.resolve("r.db");
            dialect = Dialect.SQLITE;
        } else {
            url = RealPostgres.get().newDatabase();
            where = new StoreLocation.Postgres(url, null, null);
            dialect = Dialect.POSTGRESQL;
        }
        // the store as V6 left it, with a release written by the SQL of that time (no traffic_percent column)
        Flyway.configure().dataSource(url, null, null).locations(dialect.migrations())
                .javaMigrations(new V3__Seal_legacy_audit_rows(new Chain(KEY), dialect, false, Clock.systemUTC()))
                .target("6").load().migrate();
        try (var c = java.sql.DriverManager.getConnection(url); var st = c.createStatement()) {
            st.execute("INSERT INTO releases (service, environment, version, status, deployed_at, changes) "
                    + "VALUES ('shop', 'production', '2.3.1', 'current', '2026-02-24T10:00:00.000000000Z', '[]')");
        }

        try (RewindStore store = RewindStore.open(where, KEY, Clock.systemUTC())) {
            List<String> applied = store.jdbi().withHandle(h -> h.createQuery("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")
                    .mapTo(String.class).list());
            assertThat(applied).endsWith("6", "7");
            assertThat(store.releases().find("shop", "production", "2.3.1")).map(ReleaseRecord::trafficPercent).as("a row from before V7").contains(100);

            store.releases().register(new Release("shop", "production", "2.4.0", "2.3.1", T0, List.of(), null, 20, null), null, T0.plusSeconds(3600), "ci");
            assertThat(store.releases().current("shop", "production")).map(r -> r.version() + "@" + r.trafficPercent()).contains("2.4.0@20");
            assertThat(store.releases().setTraffic("shop", "production", "2.4.0", 50)).isTrue();
            assertThat(store.releases().setTraffic("shop", "production", "2.3.1", 50)).as("not current: not moved").isFalse();
            assertThat(store.releases().watching(T0)).singleElement().satisfies(r -> assertThat(r.trafficPercent()).isEqualTo(50));
            assertThat(store.releases().find("shop", "production", "2.3.1")).map(ReleaseRecord::trafficPercent).contains(100);
        }
    }
}
