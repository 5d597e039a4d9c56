package dev.rewind.integrations.redis;

import dev.rewind.act.CacheInvalidator;
import dev.rewind.config.ActuatorBlocks;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.UnreachableException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.args.FlushMode;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Cache invalidation on Redis. Whole database: {@code FLUSHDB ASYNC} (the keys are gone at once; Redis frees
 * their memory in the background instead of blocking every client meanwhile). By pattern: {@code SCAN MATCH}
 * walks the keyspace a batch at a time and {@code UNLINK} removes each batch, so no single command blocks
 * Redis the way {@code KEYS} would; the count is what UNLINK reports removed, so a key SCAN returns twice is
 * counted once. One short connection per call; the password is read when connecting and never put in a message.
 */
public final class RedisCache implements CacheInvalidator {
    private final HostAndPort address;
    private final int database;
    private final String username;
    private final Supplier<String> password;
    private final boolean tls;
    private final int timeoutMillis;

    public RedisCache(HostAndPort address, int database, String username, Supplier<String> password, boolean tls, int timeoutMillis) {
        this.address = address;
        this.database = database;
        this.username = username;
        this.password = password;
        this.tls = tls;
        this.timeoutMillis = timeoutMillis;
    }

    /** {@code {type: redis, host: 127.0.0.1, port: 6379, database: 0, username?, password?: ${REDIS_PASSWORD}, tls?: false, timeout_seconds?: 5}}. */
    public static RedisCache from(IntegrationConfig c) {
        c.allowOnly(ActuatorBlocks.keys("cache", "redis"));
        String host = c.string("host", "127.0.0.1");
        if (!host.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})")) throw c.error("host", "expected a host name or IPv4 address, found '" + host + "'");
        int port = c.integer("port", 6379, 1, 65535);
        int db = c.integer("database", 0, 0, 1023);
        Object tls = c.settings().getOrDefault("tls", false);
        if (!(tls instanceof Boolean)) throw c.error("tls", "expected true or false, found '" + tls + "'");
        int timeout = c.integer("timeout_seconds", 5, 1, 300);
        return new RedisCache(new HostAndPort(host, port), db, c.string("username", null), () -> c.string("password", null), (Boolean) tls, timeout * 1000);
    }

    @Override
    public long flushDatabase() {
        return with("flush", j -> {
            long before = j.dbSize();
            j.flushDB(FlushMode.ASYNC);
            return before;
        });
    }

    @Override
    public Map<String, Long> removeMatching(List<String> patterns, int batchSize) {
        return with("remove keys by pattern", j -> {
            Map<String, Long> removed = new LinkedHashMap<>();
            for (String pattern : patterns) {
                long n = 0;
                String cursor = ScanParams.SCAN_POINTER_START;
                ScanParams params = new ScanParams().match(pattern).count(batchSize);
                do {
                    ScanResult<String> page = j.scan(cursor, params);
                    List<String> keys = page.getResult();
                    if (!keys.isEmpty()) n += j.unlink(keys.toArray(String[]::new));
                    cursor = page.getCursor();
                } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
                removed.put(pattern, n);
            }
            return removed;
        });
    }

    @Override
    public long size() {
        return with("count keys", Jedis::dbSize);
    }

    private <T> T with(String what, Function<Jedis, T> work) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().database(database)
                .connectionTimeoutMillis(timeoutMillis).socketTimeoutMillis(timeoutMillis).clientName("rewind");
        if (tls) config.sslOptions(SslOptions.defaults()); // the JDK's trust store, and the host name checked
        String pw = password.get();
        if (pw != null) config.password(pw);
        if (username != null) config.user(username);
        try (Jedis j = new Jedis(address, config.build())) {
            return work.apply(j);
        } catch (JedisAccessControlException e) {
            throw UnreachableException.unauthorized(where(), e.getMessage());
        } catch (JedisConnectionException e) {
            throw new UnreachableException(where(), e.getMessage(), e);
        } catch (JedisException e) {
            throw new ActionFailedException("Redis at " + where() + " refused to " + what + ": " + e.getMessage(), e);
        }
    }

    private String where() {
        return (tls ? "rediss://" : "redis://") + address.getHost() + ":" + address.getPort() + "/" + database;
    }
}
