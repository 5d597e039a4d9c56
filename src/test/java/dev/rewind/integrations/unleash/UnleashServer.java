package dev.rewind.integrations.unleash;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real unleash-server (npm, installed into {@code target/unleash} or {@code $REWIND_UNLEASH_DIR}) on a
 * private PostgreSQL cluster in a temp dir, both on 127.0.0.1. The admin token is made up per run and
 * created by Unleash at startup. Missing node/npm or PostgreSQL skips the test locally but fails it when
 * {@code CI=true}, so CI cannot skip it silently.
 */
final class UnleashServer implements AutoCloseable {
    private static final Path SCRIPT = Path.of("src/test/resources/unleash/start-unleash.sh");

    final String url;
    final String adminToken;
    private final Path pgDir;
    private final String pgCtl;
    private final boolean asRoot;
    private final Process unleash;

    private UnleashServer(String url, String adminToken, Path pgDir, String pgCtl, boolean asRoot, Process unleash) {
        this.url = url;
        this.adminToken = adminToken;
        this.pgDir = pgDir;
        this.pgCtl = pgCtl;
        this.asRoot = asRoot;
        this.unleash = unleash;
    }

    static UnleashServer start() throws Exception {
        Path pgBin = postgresBin();
        require(pgBin != null, "PostgreSQL server binaries (Debian package postgresql) not found under /usr/lib/postgresql");
        require(onPath("node") && onPath("npm"), "node and npm (Debian packages nodejs, npm) not found on PATH");
        boolean asRoot = "root".equals(System.getProperty("user.name"));

        Path dir = Files.createTempDirectory("rewind-unleash-pg");
        if (asRoot) run(List.of("chown", "postgres", dir.toString()));
        int pgPort = freePort();
        run(as(asRoot, pgBin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "rewind", "--auth=trust", "-E", "UTF8"));
        String pgCtl = pgBin.resolve("pg_ctl").toString();
        run(as(asRoot, pgCtl, "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(), "-w", "start",
                "-o", "-p " + pgPort + " -k " + dir + " -c listen_addresses=127.0.0.1"));
        run(as(asRoot, pgBin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(pgPort), "-U", "rewind", "unleash"));

        int port = freePort();
        String token = "*:*." + UUID.randomUUID().toString().replace("-", "");
        String installDir = System.getenv().getOrDefault("REWIND_UNLEASH_DIR", "target/unleash");
        ProcessBuilder pb = new ProcessBuilder("sh", SCRIPT.toString(), installDir).redirectErrorStream(true);
        pb.environment().put("PGPORT", Integer.toString(pgPort));
        pb.environment().put("PGUSER", "rewind");
        pb.environment().put("PGDATABASE", "unleash");
        pb.environment().put("UNLEASH_PORT", Integer.toString(port));
        pb.environment().put("UNLEASH_ADMIN_TOKEN", token);
        Process process = pb.start();
        UnleashServer server = new UnleashServer("http://127.0.0.1:" + port, token, dir, pgCtl, asRoot, process);
        server.awaitReady();
        return server;
    }

    /** First boot runs Unleash's migrations (and maybe the npm install): allow a few minutes, once per class. */
    private void awaitReady() throws Exception {
        List<String> output = new ArrayList<>();
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
            try (var in = new BufferedReader(new InputStreamReader(unleash.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (output) { output.add(line); }
                    if (line.contains("UNLEASH READY")) {
                        Thread.ofVirtual().start(() -> in.lines().forEach(l -> { }));
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        boolean ok;
        try {
            ok = ready.get(300, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            ok = false;
        }
        if (!ok) {
            close();
            synchronized (output) {
                throw new IllegalStateException("unleash-server did not start; its output:\n"
                        + String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size())));
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            unleash.destroy();
            if (!unleash.waitFor(20, TimeUnit.SECONDS)) unleash.destroyForcibly();
            new ProcessBuilder(as(asRoot, pgCtl, "-D", pgDir.resolve("data").toString(), "-m", "fast", "-w", "stop"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(pgDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void require(boolean present, String what) {
        if ("true".equals(System.getenv("CI"))) assertTrue(present, what + " (CI=true: this test must not be skipped)");
        Assumptions.assumeTrue(present, what + "; skipped because CI is not set");
    }

    // PostgreSQL refuses to run as root.
    private static List<String> as(boolean asRoot, String... command) {
        List<String> full = new ArrayList<>();
        if (asRoot) full.addAll(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(List.of(command));
        return full;
    }

    private static Path postgresBin() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) return null;
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElse(null);
        }
    }

    private static boolean onPath(String binary) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, binary)));
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
