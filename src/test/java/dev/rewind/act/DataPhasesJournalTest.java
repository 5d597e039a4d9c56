package dev.rewind.act;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.integrations.configfile.FileConfigStore;
import dev.rewind.integrations.liquibase.Changelogs;
import dev.rewind.integrations.postgres.PostgresConnector;
import dev.rewind.integrations.postgres.PostgresGuard;
import dev.rewind.integrations.postgres.PostgresServer;
import dev.rewind.integrations.postgres.PostgresSettings;
import dev.rewind.integrations.redis.RedisCache;
import dev.rewind.integrations.redis.RedisServer;
import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Phase;
import dev.rewind.model.Plan;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.model.Step;
import dev.rewind.model.StepAction;
import dev.rewind.store.JournalEntry;
import dev.rewind.store.RewindStore;
import dev.rewind.time.ManualTimeSource;
import dev.rewind.time.SystemTimeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Seed 004's Phases 3 to 5 (database, configuration, cache) as one plan through the executor, on a real PostgreSQL
 * and a real redis-server: what each step measured is in the journal, read back from the store.
 */
class DataPhasesJournalTest {
    static PostgresServer pg;
    static RedisServer redis;
    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        redis = RedisServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) redis.close();
        if (pg != null) pg.close();
    }

    private static Step step(String id, StepAction action) {
        return new Step(id, id, action, Duration.ofMinutes(3), Duration.ofMinutes(1), true);
    }

    @Test
    void theDatabaseConfigAndCachePhasesJournalWhatTheyMeasured() throws Exception {
        String db = pg.createDatabase("journaled");
        PostgresConnector connector = new PostgresConnector(PostgresSettings.from(pg.block("liquibase", pg.settings(db, null))));
        Changelogs.update(connector, "reversible");
        Path etc = Files.createDirectories(tmp.resolve("etc"));
        Files.writeString(etc.resolve("app.yaml"), "auth: v1\n");
        ManualTimeSource time = new ManualTimeSource(Fixtures.T0);
        FileConfigStore config = FileConfigStore.from(new IntegrationConfig("file", Map.of("root", etc.toString(), "snapshot_dir",
                tmp.resolve("snapshots").toString()), "rewind.yaml", 1, "environments.production.config_store"), time);
        config.capture("app.yaml", "2.3.1");
        Files.writeString(etc.resolve("app.yaml"), "auth: v2\n");
        try (Jedis j = redis.client(0)) {
            for (int i = 0; i < 30; i++) j.set("auth:" + i, "x");
            j.set("catalog:1", "x");
        }
        Actuators act = Actuators.none()
                .withDatabase(new DatabaseActuator(new PostgresGuard(connector, new SystemTimeSource()),
                        Optional.of(Changelogs.migrator(connector, "reversible")), Optional.empty(), List.of("users")))
                .withConfigStore(config)
                .withCache(RedisCache.from(new IntegrationConfig("redis", Map.of("port", redis.port(), "password", redis.password()),
                        "rewind.yaml", 1, "environments.production.cache")));
        Plan plan = new Plan("api-v2.4.0-data", "config", 3, Duration.ofMinutes(15), List.of(
                new Phase("Phase 3: Database Rollback", "Restore database to the 2.3.1 schema",
                        List.of(step("database", new StepAction.RestoreDatabase(db, Map.of("to_tag", "2.3.1"))))),
                new Phase("Phase 4: Application Rollback", "Restore configuration",
                        List.of(step("config", new StepAction.RestoreConfig("app.yaml", Map.of("snapshot", "2.3.1"))))),
                new Phase("Phase 5: Cache Invalidation", "Clear stale cache data",
                        List.of(step("cache", new StepAction.FlushCache("auth-cache", Map.of("patterns", "auth:*")))))));

        RewindStore store = RewindStore.open(tmp.resolve("rewind.db"));
        {
            RollbackResult r = new RollbackExecutor(act, store.journal(), time, 1)
                    .execute(new RollbackRequest("rb-data", Fixtures.release(null), "2.3.1", plan, null));

            // Every step succeeded; the plan has no metric verification, so recovery is unverified, as for any such plan.
            assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS_UNVERIFIED);
            assertThat(r.actionsLog()).extracting(ActionLogEntry::action).contains("DATABASE_RESTORED", "CONFIG_RESTORED", "CACHE_FLUSHED");
            Map<String, JournalEntry> done = new java.util.HashMap<>();
            store.journal().entries("rb-data").stream().filter(e -> e.begins() != null).forEach(e -> done.put(e.stepId(), e));

            assertThat(done.get("database").state()).isEqualTo("success");
            assertThat(done.get("database").data()).containsEntry("rolled_back_to", "2.3.1");
            assertThat((List<?>) done.get("database").data().get("changesets_rolled_back")).hasSize(4);
            assertThat((List<?>) done.get("database").data().get("record_counts")).singleElement().asString()
                    .contains("table=users").contains("matches=true");
            assertThat(done.get("config").data()).containsEntry("kept_before_restore", "pre-restore-20260224-102000");
            assertThat(done.get("config").data().get("keys")).asString().contains("changed=[app.yaml]");
            assertThat(done.get("cache").data()).containsEntry("keys_removed", 30).containsEntry("keys_left", 1);
        }
        assertThat(Files.readString(etc.resolve("app.yaml"))).isEqualTo("auth: v1\n");
    }
}
