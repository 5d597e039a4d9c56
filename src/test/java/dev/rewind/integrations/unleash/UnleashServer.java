package dev.rewind.integrations.unleash;

import dev.rewind.io.ChildOutput;
import dev.rewind.io.ChildProcess;
import dev.rewind.testing.FreshPorts;
import dev.rewind.testing.Logs;
import dev.rewind.testing.NpmPackages;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * A real unleash-server (npm, pinned in .ci/packages, installed into {@code target/unleash}) on a private
 * PostgreSQL ({@link LocalPostgres}), both on 127.0.0.1. The admin token is made up per run and created by
 * Unleash at startup. Missing node/npm or PostgreSQL skips the test locally and fails it under CI
 * ({@link dev.rewind.testing.RealServers}). A start that fails stops everything it started.
 */
final class UnleashServer implements AutoCloseable {
    private static final Path SCRIPT = Path.of("src/test/resources/unleash/start-unleash.js");
    private static final String READY = "UNLEASH READY";
    /** First boot runs Unleash's migrations: allow a few minutes, once per class. */
    private static final Duration START_LIMIT = Duration.ofMinutes(5);

    final String url;
    final String adminToken;
    private final LocalPostgres postgres;
    private final Process unleash;

    private UnleashServer(String url, String adminToken, LocalPostgres postgres, Process unleash) {
        this.url = url;
        this.adminToken = adminToken;
        this.postgres = postgres;
        this.unleash = unleash;
    }

    static UnleashServer start() throws Exception {
        return start(SCRIPT, NpmPackages.require("target/unleash"), Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** {@code script} prints READY when it serves; PostgreSQL's dir goes under {@code tempParent}. */
    static UnleashServer start(Path script, Path modules, Path tempParent) throws Exception {
        LocalPostgres postgres = LocalPostgres.start("unleash", tempParent);
        try {
            return FreshPorts.start("unleash-server", port -> launch(script, modules, postgres, port));
        } catch (Exception | Error e) {
            try {
                postgres.close();
            } catch (Exception cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private static UnleashServer launch(Path script, Path modules, LocalPostgres postgres, int port) throws Exception {
        Process process = null;
        try {
            String token = "*:*." + UUID.randomUUID().toString().replace("-", "");
            ProcessBuilder pb = new ProcessBuilder("node", script.toAbsolutePath().toString()).redirectErrorStream(true);
            pb.environment().put("NODE_PATH", modules.toString());
            pb.environment().put("PGPORT", Integer.toString(postgres.port));
            pb.environment().put("PGUSER", LocalPostgres.USER);
            pb.environment().put("PGDATABASE", "unleash");
            pb.environment().put("UNLEASH_PORT", Integer.toString(port));
            pb.environment().put("UNLEASH_ADMIN_TOKEN", token);
            process = pb.start();
            awaitReady(process, port, postgres);
            return new UnleashServer("http://127.0.0.1:" + port, token, postgres, process);
        } catch (Exception | Error e) {
            if (process != null) ChildProcess.stop(process);
            throw e;
        }
    }

    /** Until the script prints READY (its HTTP port listens); the output stays drained by its own thread afterwards. */
    private static void awaitReady(Process process, int port, LocalPostgres postgres) throws InterruptedException {
        ChildOutput output = ChildOutput.follow(process, "unleash-server", line -> line.contains(READY));
        Optional<String> ready = output.awaitMarker(START_LIMIT);
        if (ready.isPresent()) return;
        throw new IllegalStateException("unleash-server (for http://127.0.0.1:" + port + ") " + output.whyNoMarker(process, "'" + READY + "'", START_LIMIT)
                + "\nlast lines of its output:\n" + Logs.indent(output.lastLines(40))
                + "\nlast lines of PostgreSQL's log " + postgres.log + ":\n" + Logs.lastLines(postgres.log, 10));
    }

    @Override
    public void close() throws Exception {
        try {
            ChildProcess.stop(unleash);
        } finally {
            postgres.close();
        }
    }

}
