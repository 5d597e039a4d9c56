package dev.rewind.integrations.unleash;

import dev.rewind.testing.Command;
import dev.rewind.testing.FreshPorts;
import dev.rewind.testing.Logs;
import dev.rewind.testing.RealServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster in a temp dir, listening on 127.0.0.1 on a free port, trust auth for user
 * {@code rewind}, with one database. Every step is bounded; a start that fails stops what it started and
 * removes the dir, so a failed test leaves no postgres running.
 */
final class LocalPostgres implements AutoCloseable {
    private static final Duration STEP_LIMIT = Duration.ofMinutes(2);
    static final String USER = "rewind";

    int port;
    final Path log;
    private final Path dir;
    private final Path bin;
    private final boolean asRoot;
    private boolean running;

    private LocalPostgres(Path dir, Path bin, boolean asRoot) {
        this.dir = dir;
        this.bin = bin;
        this.asRoot = asRoot;
        this.log = dir.resolve("postgres.log");
    }

    /** A new cluster in a new dir under {@code parent} (which the postgres user must be able to enter when we are root). */
    static LocalPostgres start(String database, Path parent) throws Exception {
        Path bin = serverBinaries();
        RealServers.requirePackage(bin != null, "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin",
                "postgresql");
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        LocalPostgres pg = new LocalPostgres(Files.createTempDirectory(parent, "rewind-pg"), bin, asRoot);
        try {
            pg.create(database);
            return pg;
        } catch (Exception | Error e) {
            try {
                pg.close();
            } catch (Exception cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void create(String database) throws Exception {
        if (asRoot) Command.succeed(List.of("chown", "postgres", dir.toString()), STEP_LIMIT);
        pgTool("initdb", "-D", data(), "-U", USER, "--auth=trust", "-E", "UTF8");
        running = true; // from here on close() must try to stop it, whatever pg_ctl start says
        port = FreshPorts.start("PostgreSQL for Unleash", candidate -> {
            Files.deleteIfExists(log);
            try {
                pgTool("pg_ctl", "-D", data(), "-l", log.toString(), "-w", "-t", Long.toString(STEP_LIMIT.toSeconds()), "start",
                        "-o", "-p " + candidate + " -k " + dir + " -c listen_addresses=127.0.0.1");
                return candidate;
            } catch (IllegalStateException e) {
                throw new IllegalStateException("PostgreSQL did not start on 127.0.0.1:" + candidate + ": " + e.getMessage()
                        + "\nlast lines of " + log + ":\n" + Logs.lastLines(log, 30), e);
            }
        });
        pgTool("createdb", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", USER, database);
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private void pgTool(String tool, String... args) throws Exception {
        Command.succeed(as(bin.resolve(tool).toString(), args), STEP_LIMIT);
    }

    // PostgreSQL refuses to run as root.
    private List<String> as(String tool, String... args) {
        List<String> full = new ArrayList<>();
        if (asRoot) full.addAll(List.of("runuser", "-u", "postgres", "--"));
        full.add(tool);
        full.addAll(List.of(args));
        return full;
    }

    /** Stops the cluster (fast, then immediate) and removes its dir. */
    @Override
    public void close() throws Exception {
        try {
            if (running) stop();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void stop() throws Exception {
        var fast = Command.run(as(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "fast", "-w", "-t", "60", "stop"), STEP_LIMIT);
        if (fast.exit() == 0 || fast.output().contains("Is server running?")) return;
        var immediate = Command.run(as(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "-w", "stop"), STEP_LIMIT);
        if (immediate.exit() != 0 && !immediate.output().contains("Is server running?")) {
            throw new IllegalStateException("PostgreSQL in " + dir + " did not stop: " + fast.output() + immediate.output());
        }
    }

    private static Path serverBinaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) return null;
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElse(null);
        }
    }

}
