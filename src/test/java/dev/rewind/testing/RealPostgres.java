package dev.rewind.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for tests: one private cluster per test JVM (initdb into a temp dir, pg_ctl on a free loopback
 * port, trust authentication for the {@code rewind} user), started on first use and stopped when the JVM ends.
 * Each caller gets a fresh database. Missing binaries skip locally and fail under CI (RealServers). PostgreSQL refuses to
 * run as root, so as root the cluster runs as the {@code postgres} user.
 */
public final class RealPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static RealPostgres shared;

    /** Tries at a fresh port when the one picked was bound by another process before the server could bind it. */
    private static final int PORT_ATTEMPTS = 5;

    private final Path dir;
    private final Path bin;
    /** Set once, by {@link #start}, before the cluster is shared. */
    private int port;
    private final boolean asRoot;

    private RealPostgres(Path dir, Path bin, boolean asRoot) {
        this.dir = dir;
        this.bin = bin;
        this.asRoot = asRoot;
    }

    /** The JVM's cluster, started on first call. */
    public static synchronized RealPostgres get() throws Exception {
        if (shared == null) shared = start();
        return shared;
    }

    /** A new, empty database; its JDBC URL (user rewind, no password). */
    public String newDatabase() throws Exception {
        String name = "rewind_test_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres")); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=rewind";
    }

    /** Stops and starts the server (a restart in the middle of a test). */
    public void restart() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "-t", "60", "restart"), 90);
    }

    /** Stops the server (fast: open connections are cut), for a fault test; {@link #startAgain} brings it back on its port. */
    public void stopServer() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "-t", "60", "stop"), 90);
    }

    /** Starts a server {@link #stopServer stopped} by a test again, on the port it had. */
    public void startAgain() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(),
                "-w", "-t", "60", "start", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"), 90);
    }

    private static RealPostgres start() throws Exception {
        Path bin = binaries();
        RealServers.requirePackage(bin != null, "PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql", "postgresql");
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("rewind-pg");
        RealPostgres pg = new RealPostgres(dir, bin, asRoot);
        try {
            if (asRoot) pg.runPlain(List.of("chown", "postgres", dir.toString()), 30);
            pg.run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "rewind", "--auth=trust", "-E", "UTF8"), 120);
            pg.startOnFreePort();
        } catch (Exception | AssertionError e) {
            pg.stop();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(pg::stop));
        return pg;
    }

    /**
     * A free port is only free when picked: another process may bind it before the server does, which then stops
     * with "could not bind ... Address already in use"; it is started again on a new port, a bounded number of times.
     */
    private void startOnFreePort() throws Exception {
        Path serverLog = dir.resolve("server.log");
        IllegalStateException taken = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            port = freePort();
            Files.deleteIfExists(serverLog);
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", serverLog.toString(),
                        "-w", "-t", "60", "start", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"), 90);
                return;
            } catch (IllegalStateException failed) {
                if (!Files.exists(serverLog) || !Files.readString(serverLog).contains("Address already in use")) throw failed;
                taken = failed;
            }
        }
        throw new IllegalStateException("PostgreSQL found its port taken in each of " + PORT_ATTEMPTS + " attempts", taken);
    }

    private void stop() {
        try {
            if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"), 60);
            }
        } catch (Exception ignored) {
            // the JVM is ending; the temp dir is removed below either way
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // nothing left to clean
        }
    }

    private void run(List<String> command, int seconds) throws Exception {
        List<String> full = new ArrayList<>();
        if (asRoot) full.addAll(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(command);
        runPlain(full, seconds);
    }

    /** Output goes to a file, so the bounded wait really bounds it; on failure the message says what ran and what it printed. */
    private void runPlain(List<String> command, int seconds) throws Exception {
        Path log = Files.createTempFile("rewind-pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
            if (!done) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            if (!done || p.exitValue() != 0) {
                String server = Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "";
                throw new IllegalStateException(String.join(" ", command) + (done ? " exited " + p.exitValue() : " did not end within " + seconds + " s")
                        + "; it printed:\n" + Files.readString(log) + (server.isEmpty() ? "" : "\nserver log:\n" + server));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) return null;
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElse(null);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
