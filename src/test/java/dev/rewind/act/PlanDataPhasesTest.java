package dev.rewind.act;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.config.PlanLoader;
import dev.rewind.controller.RollbackCase;
import dev.rewind.controller.RollbackPipeline;
import dev.rewind.integrations.liquibase.Changelogs;
import dev.rewind.integrations.postgres.PostgresBackups;
import dev.rewind.integrations.postgres.PostgresConnector;
import dev.rewind.integrations.postgres.PostgresGuard;
import dev.rewind.integrations.postgres.PostgresServer;
import dev.rewind.integrations.postgres.PostgresSettings;
import dev.rewind.integrations.redis.RedisCache;
import dev.rewind.integrations.redis.RedisServer;
import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Observations;
import dev.rewind.model.Release;
import dev.rewind.plan.RollbackPlanFile;
import dev.rewind.store.RewindStore;
import dev.rewind.time.ManualTimeSource;
import dev.rewind.time.SystemTimeSource;
import dev.rewind.wiring.EnvironmentWiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Seed 004's phases 4 and 5 (database, cache) written in a plan file and run the way {@code rollback} runs an
 * environment with {@code plan: FILE} (the environment's options, then the pipeline), on a real PostgreSQL with real
 * Liquibase changelogs and a real redis-server: the schema goes back to the tag with the record counts compared, and
 * only the keys the patterns match are removed, with the count journaled and in the report.
 */
class PlanDataPhasesTest {
    static final Instant T0 = Instant.parse("2026-01-26T10:00:00Z");
    static PostgresServer pg;
    static RedisServer redis;

    @TempDir
    Path dir;

    private RewindStore store;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        redis = RedisServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) pg.close();
        if (redis != null) redis.close();
    }

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    private static String plan(String database) {
        return """
                metadata: {operation_id: op-data, name: shop 2.4.0 data and cache, owner: sre, certification_level: 2}
                operation: {summary: shop 2.4.0 changed the schema and cached new tokens, deployment_type: database_migration, services: [shop]}
                phases:
                  - id: database
                    name: Database
                    objective: the schema of 2.3.1, no row lost
                    steps:
                      - {id: schema, action: restore_database, target: %s, estimate: 1m, timeout: 5m,
                         params: {to_tag: "2.3.1", compare_tables: [users], on_count_mismatch: fail}}
                  - id: cache
                    name: Cache
                    objective: no token or session of 2.4.0 is served
                    steps:
                      - {id: tokens, action: flush_cache, target: auth-cache, estimate: 10s, timeout: 1m,
                         params: {patterns: ["auth:*", "session:*"], batch_size: 10}}
                """.formatted(database);
    }

    @Test
    void theDatabaseGoesBackToItsTagWithRecordCountsAndOnlyThePatternsKeysAreFlushed() throws Exception {
        String name = pg.createDatabase("data_" + Long.toHexString(System.nanoTime()));
        PostgresConnector connector = new PostgresConnector(PostgresSettings.from(pg.block("liquibase", pg.settings(name, dir.resolve("backups")))));
        Changelogs.update(connector, "reversible");
        try (Connection c = pg.connect(name); Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (id, email) SELECT i, 'u' || i || '@example.com' FROM generate_series(1, 25) i");
        }
        try (Jedis j = redis.client(0)) {
            j.flushAll();
            for (int i = 0; i < 40; i++) j.set("auth:token:" + i, "t");
            for (int i = 0; i < 15; i++) j.set("session:" + i, "s");
            for (int i = 0; i < 5; i++) j.set("product:" + i, "p");
        }
        DatabaseActuator db = new DatabaseActuator(new PostgresGuard(connector, new SystemTimeSource()),
                Optional.of(Changelogs.migrator(connector, "reversible")), Optional.of(new PostgresBackups(connector)), List.of());
        RedisCache cache = RedisCache.from(new IntegrationConfig("redis", Map.of("port", redis.port(), "password", redis.password()),
                "rewind.yaml", 3, "environments.staging.cache"));
        store = RewindStore.open(dir.resolve("rewind.db"));
        RollbackPlanFile file = new PlanLoader(v -> null).parse("plan.yaml", plan(name));
        PlanOptions options = EnvironmentWiring.options(EnvironmentWiring.builtInDemo("staging").withPlan(file), PlanOptions.defaults());
        Release release = new Release("shop", "staging", "2.4.0", "2.3.1", T0.minusSeconds(900), List.of(), null, 100, null);
        RollbackCase c = new RollbackCase(release, Strategy.ROLLING_UPDATE, options, null, List.of(), T0, "operator asked", "alice", dir.resolve("out"));
        ManualTimeSource time = new ManualTimeSource(T0);

        RollbackPipeline.Done done = new RollbackPipeline(store, time, Fixtures.POLICY, Actuators.none().withDatabase(db).withCache(cache), null)
                .run(c, restoredAt -> new Observations(Map.of()), Map::of);

        assertThat(done.result().status().rolledBack()).as(done.result().toString()).isTrue();
        assertThat(done.plan().phases()).extracting(p -> p.name()).containsExactly("Database", "Cache");
        ActionLogEntry restored = only(done, "DATABASE_RESTORED");
        assertThat(restored.details()).containsEntry("method", "tag").containsEntry("rolled_back_to", "2.3.1");
        assertThat((List<?>) restored.details().get("record_counts")).singleElement().satisfies(row -> {
            Map<?, ?> counts = (Map<?, ?>) row;
            assertThat(counts.get("table")).isEqualTo("users");
            assertThat(((Number) counts.get("before")).longValue()).isEqualTo(25);
            assertThat(((Number) counts.get("after")).longValue()).isEqualTo(25);
            assertThat(counts.get("matches")).isEqualTo(true);
        });
        try (Connection conn = pg.connect(name); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'legacy_flag'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("2.3.1's column is back").isEqualTo(1);
        }

        ActionLogEntry flushed = only(done, "CACHE_FLUSHED");
        assertThat(flushed.details()).containsEntry("mode", "patterns");
        assertThat(((Number) flushed.details().get("keys_removed")).longValue()).isEqualTo(55);
        assertThat(((Number) flushed.details().get("keys_left")).longValue()).isEqualTo(5);
        try (Jedis j = redis.client(0)) {
            assertThat(j.keys("*")).containsExactlyInAnyOrder("product:0", "product:1", "product:2", "product:3", "product:4");
        }
        assertThat(Files.readString(done.report().incidentReport())).contains("pattern invalidation on auth-cache: 55 keys removed");
    }

    private static ActionLogEntry only(RollbackPipeline.Done done, String action) {
        return done.result().actionsLog().stream().filter(e -> e.action().equals(action) && e.status().equals("success"))
                .reduce((a, b) -> {
                    throw new AssertionError("two " + action + " steps succeeded: " + a + ", " + b);
                }).orElseThrow(() -> new AssertionError("no " + action + " step succeeded: " + done.result().actionsLog()));
    }
}
