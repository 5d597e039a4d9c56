package dev.rewind.cli;

import dev.rewind.integrations.haproxy.RealHaproxy;
import dev.rewind.integrations.prometheus.LocalProcess;
import dev.rewind.integrations.routing.Traffic;
import dev.rewind.testing.RealServers;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real servers the doctor is tried on: HAProxy with an admin stats socket (backend be_app: blue at
 * weight 100, green at 0) and Prometheus behind basic auth (user rewind, bcrypt hash from the Prometheus tests).
 */
final class DoctorServers implements AutoCloseable {
    static final String USER = "rewind";
    static final String PASSWORD = "s3cret-pass";

    final Path haproxySocket;
    final URI prometheus;
    private final RealHaproxy haproxy;
    private final LocalProcess prometheusProcess;

    DoctorServers(Path dir) throws Exception {
        Path prometheusBinary = RealServers.requireBinary("prometheus", "prometheus"); // before HAProxy runs: a skip leaves nothing behind
        // the backends are never called: the doctor only reads the weights through the admin socket
        haproxy = new RealHaproxy(dir, String.valueOf(Traffic.freePort()), String.valueOf(Traffic.freePort()));
        haproxySocket = haproxy.adminSocket;
        try {
            LocalProcess.OnPort started = startPrometheus(prometheusBinary, dir);
            prometheusProcess = started.process();
            prometheus = URI.create("http://127.0.0.1:" + started.port());
        } catch (Exception | Error e) {
            haproxy.close();
            throw e;
        }
    }

    private static LocalProcess.OnPort startPrometheus(Path binary, Path dir) throws Exception {
        String hash;
        try (InputStream in = DoctorServers.class.getResourceAsStream("/dev/rewind/integrations/prometheus/basic-auth.bcrypt")) {
            hash = new String(in.readAllBytes()).trim();
        }
        Files.writeString(dir.resolve("web.yml"), "basic_auth_users: {%s: '%s'}\n".formatted(USER, hash));
        Files.writeString(dir.resolve("prometheus.yml"), "global: {scrape_interval: 15s}\n");
        return LocalProcess.startOnFreePort(dir, port -> List.of(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--web.config.file=" + dir.resolve("web.yml")), port -> URI.create("http://127.0.0.1:" + port + "/-/ready"),
                HttpClient.newHttpClient(), s -> s == 200 || s == 401);
    }

    @Override
    public void close() throws InterruptedException {
        if (prometheusProcess != null) prometheusProcess.close();
        haproxy.close();
    }
}
