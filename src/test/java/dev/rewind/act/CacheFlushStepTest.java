package dev.rewind.act;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.integrations.redis.RedisCache;
import dev.rewind.integrations.redis.RedisServer;
import dev.rewind.model.StepAction;
import dev.rewind.model.StepOutcome;
import dev.rewind.time.ManualTimeSource;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Seed 004's Phase 5 on a real redis-server. */
class CacheFlushStepTest {
    static RedisServer redis;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) redis.close();
    }

    @BeforeEach
    void fill() {
        try (Jedis j = redis.client(0)) {
            j.flushAll();
            for (int i = 0; i < 40; i++) j.set("auth:token:" + i, "t");
            for (int i = 0; i < 15; i++) j.set("session:" + i, "s");
            for (int i = 0; i < 5; i++) j.set("product:" + i, "p");
        }
    }

    private static StepOutcome run(Map<String, String> params) {
        RedisCache cache = RedisCache.from(new IntegrationConfig("redis", Map.of("port", redis.port(), "password", redis.password()),
                "rewind.yaml", 3, "environments.production.cache"));
        return new StepRunner(Actuators.none().withCache(cache), new ManualTimeSource(Instant.EPOCH))
                .run(new StepAction.FlushCache("auth-cache", params), "production", null, "rolling_update");
    }

    @Test
    void invalidatingByPatternJournalsTheKeysRemovedPerPatternAndTheKeysLeft() {
        StepOutcome out = run(Map.of("patterns", "auth:*,session:*", "batch_size", "10"));
        assertThat(out).isInstanceOf(StepOutcome.Succeeded.class);
        assertThat(out.detail()).isEqualTo("pattern invalidation on auth-cache: 55 keys removed, 5 keys in the database now");
        assertThat(out.data()).containsEntry("mode", "patterns").containsEntry("keys_removed", 55L).containsEntry("keys_left", 5L)
                .containsEntry("removed_per_pattern", Map.of("auth:*", 40L, "session:*", 15L));
    }

    @Test
    void flushdbSaidOnPurposeEmptiesTheDatabaseAsSeed004Does() {
        StepOutcome out = run(Map.of("flushdb", "true"));
        assertThat(out.data()).containsEntry("mode", "flushdb").containsEntry("keys_removed", 60L).containsEntry("keys_left", 0L);
        try (Jedis j = redis.client(0)) {
            assertThat(j.dbSize()).isZero();
        }
    }

    @Test
    void aPatternThatWouldMatchEverythingIsRefusedAndNothingIsRemoved() {
        StepOutcome out = run(Map.of("patterns", "auth:*,*"));
        assertThat(out).isInstanceOf(StepOutcome.Failed.class);
        assertThat(out.detail()).contains("pattern '*' has no literal character").contains("flushdb: true");
        assertThat(out.data()).containsEntry(StepRunner.RETRYABLE, false);
        try (Jedis j = redis.client(0)) {
            assertThat(j.dbSize()).isEqualTo(60);
        }
    }

    @Test
    void withoutACacheTheStepIsMissingItsActuator() {
        StepOutcome out = new StepRunner(Actuators.none(), new ManualTimeSource(Instant.EPOCH))
                .run(new StepAction.FlushCache("auth-cache", Map.of("flushdb", "true")), "production", null, "rolling_update");
        assertThat(out.detail()).isEqualTo("not configured: no cache to flush for auth-cache");
        assertThat(StepNeeds.of(new StepAction.FlushCache("auth-cache", Map.of()), Actuators.none(), "blue_green"))
                .isEqualTo(new StepNeeds.Missing("no cache to flush for auth-cache", "cache"));
    }
}
