package dev.rewind.integrations.redis;

import dev.rewind.testing.RealServers;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Debian's redis-server on a free loopback port with a temp dir, nothing saved ({@code --save '' --appendonly no}),
 * and a password made up per run. Its log goes to a file, never a pipe. Missing binary: skipped locally, a failure
 * under CI=true.
 */
public final class RedisServer implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofSeconds(20);
    /** Tries at a fresh port when the one picked was bound by another process before redis-server could bind it. */
    private static final int PORT_ATTEMPTS = 5;

    private final Process process;
    private final Path dir;
    private final int port;
    private final String password;

    private RedisServer(Process process, Path dir, int port, String password) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.password = password;
    }

    public static RedisServer start() throws Exception {
        Path binary = RealServers.requireBinary("redis-server", "redis-server");
        String password = "pw-" + UUID.randomUUID();
        // a free port is only free when picked: another process may bind it first, and then redis-server exits saying so
        IllegalStateException taken = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path dir = Files.createTempDirectory("rewind-redis");
            Path log = dir.resolve("redis.log");
            Process p = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                    "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", log.toString(), "--requirepass", password))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout").toFile()).start();
            RedisServer server = new RedisServer(p, dir, port, password);
            try {
                server.awaitPing(log);
                return server;
            } catch (IllegalStateException failed) {
                // awaitPing stopped it and removed its dir; its message holds the log's last lines
                if (!String.valueOf(failed.getMessage()).contains("Address already in use")) throw failed;
                taken = failed;
            }
        }
        throw new IllegalStateException("redis-server found its port taken in each of " + PORT_ATTEMPTS + " attempts", taken);
    }

    /** Waits for PING to be answered; on giving up, says what it waited for and what it saw. */
    private void awaitPing(Path log) throws Exception {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        String last = "nothing yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String seen = "redis-server exited with " + process.exitValue() + "; its log:\n" + tail(log) + "\nits output:\n" + tail(dir.resolve("stdout"));
                close();
                throw new IllegalStateException("waited for redis-server to answer PING on 127.0.0.1:" + port + ": " + seen);
            }
            try (Jedis j = client(0)) {
                if ("PONG".equals(j.ping())) return;
            } catch (RuntimeException e) {
                last = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        String seen = "last answer: " + last + "; its log:\n" + tail(log);
        close();
        throw new IllegalStateException("waited " + READY_WITHIN.toSeconds() + " s for redis-server to answer PING on 127.0.0.1:" + port + " and gave up; " + seen);
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    /** A client of the test's own, to set up keys and read Redis's own counters. */
    public Jedis client(int database) {
        return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder().password(password).database(database).build());
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static String tail(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(Math.max(0, Files.size(file) - 4096));
            return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(none: " + e.getMessage() + ")";
        }
    }
}
