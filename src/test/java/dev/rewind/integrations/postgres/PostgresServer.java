package dev.rewind.integrations.postgres;

import static org.junit.jupiter.api.Assertions.fail;

import dev.rewind.config.IntegrationConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A private PostgreSQL cluster for one test class: initdb into a temp dir, password authentication (so the code
 * under test must really pass its password), on a free loopback port. As root it runs as the postgres user
 * (PostgreSQL refuses root). No server binaries skips the test locally and fails it under CI=true.
 *
 * <p>Every command writes to a file, never a pipe, and is waited for with a limit; what it wrote is read only then,
 * and quoted when it fails, with the server log's last lines.
 */
public final class PostgresServer implements AutoCloseable {
    /** Tries at a fresh port when the one picked was bound by another process before PostgreSQL could bind it. */
    private static final int PORT_ATTEMPTS = 5;
    public static final String USER = "rewind";

    private final Path dir;
    private final Path bin;
    private final boolean asRoot;
    private final int port;
    private final String password;

    private PostgresServer(Path dir, Path bin, boolean asRoot, int port, String password) {
        this.dir = dir;
        this.bin = bin;
        this.asRoot = asRoot;
        this.port = port;
        this.password = password;
    }

    public static PostgresServer start() throws Exception {
        Path bin = serverBin();
        dev.rewind.testing.RealServers.requirePackage(bin != null, "PostgreSQL server binaries under " + PgTool.ROOT, "postgresql");
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("rewind-pg");
        String password = "pw-" + UUID.randomUUID();
        Path pwFile = dir.resolve("pw");
        Files.writeString(pwFile, password + "\n");
        if (asRoot) run(dir, List.of("chown", "-R", "postgres", dir.toString()), Duration.ofSeconds(10));
        run(dir, as(asRoot, bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER, "--auth=scram-sha-256",
                "--pwfile=" + pwFile, "-E", "UTF8", "--no-sync"), Duration.ofSeconds(120));
        // a free port is only free when picked: another process may bind it first, and the server then stops saying so
        IllegalStateException taken = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port = freePort();
            Files.deleteIfExists(dir.resolve("log"));
            // pg_ctl -w waits until the server accepts connections (or -t seconds pass) and says which.
            try {
                run(dir, as(asRoot, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(),
                        "-w", "-t", "60", "start", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"), Duration.ofSeconds(90));
                return new PostgresServer(dir, bin, asRoot, port, password);
            } catch (IllegalStateException e) {
                String log = tail(dir.resolve("log"));
                IllegalStateException failed = new IllegalStateException("waited for PostgreSQL to accept connections on 127.0.0.1:" + port
                        + " and gave up: " + e.getMessage() + "\nserver log (last lines):\n" + log, e);
                if (!log.contains("Address already in use")) throw failed;
                taken = failed;
            }
        }
        throw new IllegalStateException("PostgreSQL found its port taken in each of " + PORT_ATTEMPTS + " attempts", taken);
    }
    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    /** A new database, owned by the test user. */
    public String createDatabase(String name) throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name + "\"");
        }
        return name;
    }

    /** A plain session as an application would open it: no read-only override. */
    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", password);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, p);
    }

    /** A database block for the integrations, with the password given through an environment-style reference. */
    public Map<String, Object> settings(String database, Path backupDir) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("host", "127.0.0.1");
        s.put("port", port);
        s.put("database", database);
        s.put("user", USER);
        s.put("password", password);
        s.put("session_wait_seconds", 10);
        if (backupDir != null) s.put("backup_dir", backupDir.toString());
        return s;
    }

    public IntegrationConfig block(String type, Map<String, Object> settings) {
        return new IntegrationConfig(type, settings, "rewind.yaml", 7, "environments.production.database");
    }

    public PostgresConnector connector(String database) {
        return new PostgresConnector(PostgresSettings.from(block("postgres", settings(database, null))));
    }

    @Override
    public void close() throws IOException {
        try {
            run(dir, as(asRoot, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "-t", "60", "stop"),
                    Duration.ofSeconds(90));
        } catch (Exception e) {
            System.err.println("stopping the test PostgreSQL failed: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Runs a command with its output in a file, waits at most {@code limit}, then reads what it wrote. */
    private static void run(Path dir, List<String> command, Duration limit) throws IOException, InterruptedException {
        Path out = Files.createTempFile("rewind-pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + limit.toSeconds() + " s; its output:\n" + tail(out));
            }
            if (p.exitValue() != 0) throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + "; its output:\n" + tail(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The last 4 KiB of a file, however large it grew. */
    private static String tail(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            in.skipNBytes(Math.max(0, size - 4096));
            return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static List<String> as(boolean asRoot, String... command) {
        List<String> full = new ArrayList<>();
        if (asRoot) full.addAll(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(List.of(command));
        return full;
    }

    private static Path serverBin() throws IOException {
        if (!Files.isDirectory(PgTool.ROOT)) return null;
        try (Stream<Path> versions = Files.list(PgTool.ROOT)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+")).map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString()))).orElse(null);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
