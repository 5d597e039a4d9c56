package dev.rewind.cli;

import dev.rewind.integrations.prometheus.LocalProcess;
import dev.rewind.integrations.routing.LocalBinary;
import dev.rewind.integrations.routing.Traffic;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real servers the doctor is tried on: HAProxy with an admin stats socket (backend be_app: blue at
 * weight 100, green at 0) and Prometheus behind basic auth (user rewind, bcrypt hash from the Prometheus tests).
 */
final class DoctorServers implements AutoCloseable {
    static final String USER = "rewind";
    static final String PASSWORD = "s3cret-pass";

    final Path haproxySocket;
    final URI prometheus;
    private final Process haproxy;
    private final LocalProcess prometheusProcess;

    DoctorServers(Path dir) throws Exception {
        haproxySocket = dir.resolve("admin.sock");
        haproxy = startHaproxy(dir);
        int port = LocalProcess.freePort();
        prometheus = URI.create("http://127.0.0.1:" + port);
        prometheusProcess = startPrometheus(dir, port);
    }

    private Process startHaproxy(Path dir) throws IOException, InterruptedException {
        Path binary = LocalBinary.require("haproxy", "haproxy");
        int frontend = Traffic.freePort();
        Path config = dir.resolve("haproxy.cfg");
        Files.writeString(config, """
                global
                  stats socket %s mode 600 level admin
                defaults
                  mode http
                  timeout connect 2s
                  timeout client 5s
                  timeout server 5s
                frontend fe
                  bind 127.0.0.1:%d
                  default_backend be_app
                backend be_app
                  server blue 127.0.0.1:%d weight 100
                  server green 127.0.0.1:%d weight 0
                """.formatted(haproxySocket, frontend, Traffic.freePort(), Traffic.freePort()));
        Process p = new ProcessBuilder(binary.toString(), "-f", config.toString(), "-db")
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        // HAProxy opens its stats socket and its frontend together, before serving
        Traffic.awaitListening(frontend, p);
        return p;
    }

    private static LocalProcess startPrometheus(Path dir, int port) throws Exception {
        Path binary = LocalProcess.requireBinary("/usr/bin/prometheus", "prometheus");
        String hash;
        try (InputStream in = DoctorServers.class.getResourceAsStream("/dev/rewind/integrations/prometheus/basic-auth.bcrypt")) {
            hash = new String(in.readAllBytes()).trim();
        }
        Files.writeString(dir.resolve("web.yml"), "basic_auth_users: {%s: '%s'}\n".formatted(USER, hash));
        Files.writeString(dir.resolve("prometheus.yml"), "global: {scrape_interval: 15s}\n");
        LocalProcess p = LocalProcess.start(List.of(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--web.config.file=" + dir.resolve("web.yml")), dir);
        p.awaitHttp(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + port + "/-/ready"), s -> s == 200 || s == 401);
        return p;
    }

    @Override
    public void close() throws InterruptedException {
        if (prometheusProcess != null) prometheusProcess.close();
        haproxy.destroy();
        if (!haproxy.waitFor(5, TimeUnit.SECONDS)) haproxy.destroyForcibly();
    }
}
