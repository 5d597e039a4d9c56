package dev.rewind.integrations.configfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.rewind.act.ConfigStore;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.BadInputException;
import dev.rewind.time.ManualTimeSource;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileConfigStoreTest {
    @TempDir
    Path tmp;
    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-01-26T10:00:00Z"));

    private FileConfigStore store(Map<String, Object> reload) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("root", tmp.resolve("etc").toString());
        s.put("snapshot_dir", tmp.resolve("snapshots").toString());
        if (reload != null) s.put("reload", reload);
        return FileConfigStore.from(new IntegrationConfig("file", s, "rewind.yaml", 20, "environments.production.config_store"), time);
    }

    private Path config(String content) throws Exception {
        Path etc = Files.createDirectories(tmp.resolve("etc/shop"));
        Path file = etc.resolve("app.yaml");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        return file;
    }

    @Test
    void aConfigFileIsRestoredWholeWithTheModeItHadAndTheServiceIsToldOverHttp() throws Exception {
        Path file = config("timeout: 30\npool: 10\n");
        AtomicInteger posts = new AtomicInteger();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/-/reload", ex -> {
            if (ex.getRequestMethod().equals("POST")) posts.incrementAndGet();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        http.start();
        try {
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/-/reload";
            FileConfigStore store = store(Map.of("url", url));
            store.capture("shop/app.yaml", "2.3.1");
            Files.writeString(file, "timeout: 1\npool: 500\n");

            ConfigStore.Restored r = store.restore("shop/app.yaml", null, "pre-restore-1");

            assertThat(Files.readString(file)).isEqualTo("timeout: 30\npool: 10\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
            assertThat(r.reload()).isEqualTo("POST " + url + " -> 204");
            assertThat(posts.get()).isEqualTo(1);
            assertThat(r.snapshot().label()).isEqualTo("2.3.1");
            assertThat(r.snapshot().hashes()).isEqualTo(store.current(file.toString()).orElseThrow().hashes());
            assertThat(Files.readString(tmp.resolve("snapshots/pre-restore-1/shop/app.yaml"))).isEqualTo("timeout: 1\npool: 500\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("snapshots/2.3.1/shop/app.yaml")))).isEqualTo("rw-------");
            try (var left = Files.list(file.getParent())) {
                assertThat(left.map(p -> p.getFileName().toString()).toList()).as("no temporary file left beside it").containsExactly("app.yaml");
            }
        } finally {
            http.stop(0);
        }
    }

    @Test
    void aReloadSignalGoesOnlyToTheProcessThePidFileNamesWhenItRunsTheConfiguredProgram() throws Exception {
        Path file = config("a: 1\n");
        Path marker = tmp.resolve("reloaded");
        Path trapped = tmp.resolve("trapped");
        // A stand-in daemon that writes a marker on SIGHUP (a shell in the test only; Rewind itself runs none). It says
        // when its handler is in place: a HUP that came before would end it, and the test would be measuring a race.
        Process daemon = new ProcessBuilder("/bin/sh", "-c", "trap 'echo hup >> \"$0\"' HUP; : > \"$1\"; while :; do sleep 0.05; done",
                marker.toString(), trapped.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long ready = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(trapped) && daemon.isAlive() && System.nanoTime() < ready) TimeUnit.MILLISECONDS.sleep(20);
            assertThat(trapped).as("the stand-in daemon installed its HUP handler (alive: " + daemon.isAlive() + ")").exists();
            Path pidFile = tmp.resolve("shop.pid");
            Files.writeString(pidFile, daemon.pid() + "\n");
            String program = daemon.info().command().orElseThrow();

            FileConfigStore wrongProgram = store(Map.of("signal", "HUP", "pid_file", pidFile.toString(), "command", "/usr/sbin/nginx"));
            wrongProgram.capture("shop/app.yaml", "2.3.1");
            assertThatThrownBy(() -> wrongProgram.restore("shop/app.yaml", "2.3.1", "pre-restore-1")).isInstanceOf(ActionFailedException.class)
                    .hasMessageContaining("runs " + program + ", not /usr/sbin/nginx; no signal sent");
            assertThat(daemon.isAlive()).isTrue();
            assertThat(marker).doesNotExist();

            FileConfigStore right = store(Map.of("signal", "SIGHUP", "pid_file", pidFile.toString(), "command", program));
            ConfigStore.Restored r = right.restore("shop/app.yaml", "2.3.1", "pre-restore-2");
            assertThat(r.reload()).isEqualTo("SIGHUP to pid " + daemon.pid() + " (" + program + ")");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(marker) && System.nanoTime() < deadline) TimeUnit.MILLISECONDS.sleep(20);
            assertThat(marker).as("the daemon's HUP handler ran within 10 s of the signal (daemon alive: " + daemon.isAlive() + ")").exists();
            assertThat(daemon.isAlive()).isTrue();

            daemon.destroy();
            daemon.waitFor(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> right.restore("shop/app.yaml", "2.3.1", "pre-restore-3")).hasMessageContaining("is not running; no signal sent");
        } finally {
            daemon.destroyForcibly();
        }
    }

    @Test
    void aDamagedSnapshotIsRefusedAndTheFileIsLeftAlone() throws Exception {
        Path file = config("a: 1\n");
        FileConfigStore store = store(null);
        store.capture("shop/app.yaml", "2.3.1");
        Files.writeString(tmp.resolve("snapshots/2.3.1/shop/app.yaml"), "a: 666\n");
        Files.writeString(file, "a: 2\n");
        assertThatThrownBy(() -> store.restore("shop/app.yaml", "2.3.1", "pre-restore-1")).hasMessageContaining("damaged");
        assertThat(Files.readString(file)).isEqualTo("a: 2\n");
    }

    @Test
    void onlyFilesUnderTheRootAreTouched() throws Exception {
        config("a: 1\n");
        Files.writeString(tmp.resolve("outside.yaml"), "x");
        Files.createSymbolicLink(tmp.resolve("etc/shop/link.yaml"), tmp.resolve("outside.yaml"));
        Files.createSymbolicLink(tmp.resolve("etc/escape"), tmp);
        FileConfigStore store = store(null);
        for (String target : List.of("../outside.yaml", tmp.resolve("outside.yaml").toString(), "/etc/passwd", "shop/link.yaml", "escape/outside.yaml", "")) {
            assertThatThrownBy(() -> store.capture(target, "x")).as(target).isInstanceOf(BadInputException.class);
        }
        assertThatThrownBy(() -> store.restore("shop/app.yaml", null, "pre-restore-1")).hasMessageContaining("no snapshot of shop/app.yaml has been kept");
    }

    @Test
    void reloadSettingsAreCheckedWhenTheBlockIsRead() throws Exception {
        Files.createDirectories(tmp.resolve("etc"));
        assertThatThrownBy(() -> store(Map.of("url", "http://shop.internal:8080/-/reload"))).hasMessageContaining("rewind.yaml:20")
                .hasMessageContaining("config_store.reload.url").hasMessageContaining("use https");
        assertThatThrownBy(() -> store(Map.of("url", "https://admin:pw@shop.example.com/-/reload"))).hasMessageContaining("may not carry credentials")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("admin:pw"));
        assertThatThrownBy(() -> store(Map.of("signal", "KILL", "pid_file", "/run/x.pid", "command", "/usr/bin/x"))).hasMessageContaining("reload.signal");
        assertThatThrownBy(() -> store(Map.of("signal", "HUP", "pid_file", "x.pid", "command", "/usr/bin/x"))).hasMessageContaining("reload.pid_file");
        assertThatThrownBy(() -> store(Map.of("signal", "HUP", "pid_file", "/run/x.pid"))).hasMessageContaining("needs pid_file and command");
        assertThatThrownBy(() -> store(Map.of("url", "http://127.0.0.1/", "signal", "HUP"))).hasMessageContaining("either url");
        assertThatThrownBy(() -> store(Map.of("url", "http://[::1]:8080/-/reload", "timeout_seconds", 0))).hasMessageContaining("reload.timeout_seconds");
        assertThat(HttpReload.problem(java.net.URI.create("http://[::1]:8080/-/reload"))).isNull();
        assertThat(HttpReload.problem(java.net.URI.create("http://localhost:8080/-/reload"))).isNull();
        assertThat(HttpReload.problem(java.net.URI.create("https://shop.example.com/-/reload"))).isNull();
        assertThat(HttpReload.problem(java.net.URI.create("http://10.0.0.1/-/reload"))).contains("this machine only");
    }

    @Test
    void aSnapshotTakenLaterIsNewerEvenWhenItsLabelSortsFirst() throws Exception {
        Path file = config("v: 1\n");
        FileConfigStore store = store(null);
        store.capture("shop/app.yaml", "z-old");
        time.advance(Duration.ofMinutes(1));
        Files.writeString(file, "v: 2\n");
        store.capture("shop/app.yaml", "a-new");
        Files.writeString(file, "v: 3\n");
        assertThat(store.restore("shop/app.yaml", null, "pre-restore-1").snapshot().label()).isEqualTo("a-new");
        assertThat(Files.readString(file)).isEqualTo("v: 2\n");
        assertThat(store.restore("shop/app.yaml", "z-old", "pre-restore-1").replaced().label()).as("a retry in the same second").isEqualTo("pre-restore-1-2");
        assertThat(Files.readString(tmp.resolve("snapshots/pre-restore-1-2/shop/app.yaml"))).isEqualTo("v: 2\n");
    }
}
