package dev.rewind.integrations.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.UnreachableException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Against a real redis-server: which keys go, and which commands Redis says it ran, are Redis's own answers. */
class RedisCacheTest {
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
    void empty() {
        try (Jedis j = redis.client(0)) {
            j.flushAll();
            j.configResetStat();
        }
    }

    static RedisCache cache(int database) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("port", redis.port());
        s.put("database", database);
        s.put("password", redis.password());
        return RedisCache.from(new IntegrationConfig("redis", s, "rewind.yaml", 12, "environments.production.cache"));
    }

    private static void fill(int database, String prefix, int n) {
        try (Jedis j = redis.client(database)) {
            for (int i = 0; i < n; i += 500) {
                String[] kv = new String[2 * Math.min(500, n - i)];
                for (int k = 0; k < kv.length / 2; k++) {
                    kv[2 * k] = prefix + (i + k);
                    kv[2 * k + 1] = "v";
                }
                j.mset(kv);
            }
        }
    }

    private static Map<String, Long> calls() {
        Map<String, Long> calls = new LinkedHashMap<>();
        try (Jedis j = redis.client(0)) {
            for (String line : j.info("commandstats").split("\r?\n")) {
                if (!line.startsWith("cmdstat_")) continue;
                String name = line.substring(8, line.indexOf(':'));
                String n = line.substring(line.indexOf("calls=") + 6);
                calls.put(name, Long.parseLong(n.substring(0, n.indexOf(','))));
            }
        }
        return calls;
    }

    @Test
    void flushdbEmptiesTheConfiguredDatabaseOnlyAndSaysHowManyKeysItHeld() {
        fill(1, "auth:", 120);
        fill(0, "keep:", 7);

        assertThat(cache(1).flushDatabase()).isEqualTo(120);

        assertThat(cache(1).size()).isZero();
        assertThat(cache(0).size()).isEqualTo(7);
    }

    @Test
    void patternsRemoveOnlyMatchingKeysBySCANandUNLINKinBatchesAndNeverByKEYS() {
        fill(0, "session:", 2500);
        fill(0, "auth:", 300);
        fill(0, "product:", 100);

        Map<String, Long> removed = cache(0).removeMatching(List.of("session:*", "auth:*"), 100);

        assertThat(removed).containsExactly(Map.entry("session:*", 2500L), Map.entry("auth:*", 300L));
        assertThat(cache(0).size()).isEqualTo(100);
        Map<String, Long> calls = calls();
        assertThat(calls).doesNotContainKey("keys").doesNotContainKey("flushdb").doesNotContainKey("del");
        // The first walk crosses all 2,900 keys 100 at a time; the second only what the first left.
        assertThat(calls.get("scan")).as("one SCAN per batch of 100").isGreaterThanOrEqualTo(2900 / 100);
        assertThat(calls.get("unlink")).as("batches, not one call per key nor one for all").isBetween(10L, 2800L);
    }

    @Test
    void aPatternThatMatchesNothingRemovesNothing() {
        fill(0, "product:", 10);
        assertThat(cache(0).removeMatching(List.of("nothing:*"), 500)).containsExactly(Map.entry("nothing:*", 0L));
        assertThat(cache(0).size()).isEqualTo(10);
    }

    @Test
    void aWrongPasswordIsRefusedCredentialsAndNeverShown() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("port", redis.port());
        s.put("password", "not-the-password-456");
        RedisCache wrong = RedisCache.from(new IntegrationConfig("redis", s, "rewind.yaml", 12, "environments.production.cache"));
        assertThatThrownBy(wrong::size).isInstanceOfSatisfying(UnreachableException.class, e -> {
            assertThat(e.unauthorized()).isTrue();
            assertThat(e.getMessage()).contains("redis://127.0.0.1:" + redis.port() + "/0").doesNotContain("not-the-password-456");
        });
    }

    @Test
    void aRedisThatIsNotThereIsUnreachable() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RedisCache gone = RedisCache.from(new IntegrationConfig("redis", Map.of("port", port, "timeout_seconds", 2), "rewind.yaml", 12, "environments.production.cache"));
        assertThatThrownBy(gone::flushDatabase).isInstanceOf(UnreachableException.class).hasMessageContaining("redis://127.0.0.1:" + port);
    }

    @Test
    void unknownSettingsAndBadValuesNameTheField() {
        assertThatThrownBy(() -> RedisCache.from(new IntegrationConfig("redis", Map.of("pasword", "x"), "rewind.yaml", 12, "environments.production.cache")))
                .hasMessageContaining("rewind.yaml:12").hasMessageContaining("environments.production.cache.pasword");
        assertThatThrownBy(() -> RedisCache.from(new IntegrationConfig("redis", Map.of("database", 5000), "rewind.yaml", 12, "environments.production.cache")))
                .hasMessageContaining("cache.database");
    }
}
