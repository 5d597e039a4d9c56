package dev.rewind.bench;

import dev.rewind.integrations.haproxy.StatsSocket;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The world a new user has, on loopback: a blue and a green {@link FaultyBackend}, a real HAProxy with
 * backend be_app (blue serving, green at weight 0) and an admin socket, and a real Prometheus scraping
 * both colours with a version label. An alert rule and an Alertmanager are added only for the comparison.
 */
public final class BlueGreenStack implements AutoCloseable {
    public static final String HAPROXY = "/usr/sbin/haproxy";
    public static final String PROMETHEUS = "/usr/bin/prometheus";

    private final Path dir;
    private final List<AutoCloseable> parts = new ArrayList<>();
    private final FaultyBackend blue;
    private final FaultyBackend green;
    private final Path adminSocket;
    private final int frontendPort;
    private final int prometheusPort;
    private LocalServer prometheus;
    private final List<String> prometheusCommand;

    /**
     * @param alertRules a Prometheus rule file's text, or null for none
     * @param alertmanager host:port of an Alertmanager to send alerts to, or null for none
     */
    public BlueGreenStack(Path dir, Duration scrape, String alertRules, String alertmanager) throws IOException, InterruptedException {
        this.dir = dir;
        try {
            blue = keep(new FaultyBackend("blue"));
            green = keep(new FaultyBackend("green"));
            adminSocket = dir.resolve("haproxy-admin.sock");
            Path haproxyCfg = dir.resolve("haproxy.cfg");
            frontendPort = keep(LocalServer.startOnFreePort("haproxy", port -> {
                Files.writeString(haproxyCfg, haproxyConfig(port));
                return List.of(HAPROXY, "-f", haproxyCfg.toString(), "-db");
            }, dir)).port();
            Path promCfg = Files.writeString(dir.resolve("prometheus.yml"), prometheusConfig(scrape, alertRules, alertmanager));
            prometheus = keep(LocalServer.startOnFreePort("prometheus", port -> prometheusCommand(promCfg, port), dir));
            prometheusPort = prometheus.port();
            prometheusCommand = prometheusCommand(promCfg, prometheusPort);
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T keep(T part) {
        parts.add(part);
        return part;
    }

    private List<String> prometheusCommand(Path promCfg, int port) {
        return List.of(PROMETHEUS, "--config.file=" + promCfg, "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port);
    }

    private String haproxyConfig(int frontendPort) {
        return """
                global
                  stats socket %s mode 600 level admin
                defaults
                  mode http
                  timeout connect 1s
                  timeout client 5s
                  timeout server 5s
                frontend fe
                  bind 127.0.0.1:%d
                  default_backend be_app
                backend be_app
                  balance roundrobin
                  server blue 127.0.0.1:%d weight 100
                  server green 127.0.0.1:%d weight 0
                """.formatted(adminSocket, frontendPort, blue.port(), green.port());
    }

    private String prometheusConfig(Duration scrape, String alertRules, String alertmanager) throws IOException {
        String interval = scrape.toMillis() + "ms";
        StringBuilder cfg = new StringBuilder("""
                global:
                  scrape_interval: %s
                  evaluation_interval: %s
                scrape_configs:
                  - job_name: app
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                        labels: {version: blue}
                      - targets: ['127.0.0.1:%d']
                        labels: {version: green}
                """.formatted(interval, interval, blue.port(), green.port()));
        if (alertRules != null) {
            Path rules = Files.writeString(dir.resolve("rules.yml"), alertRules);
            cfg.append("rule_files: ['").append(rules).append("']\n");
        }
        if (alertmanager != null) {
            cfg.append("alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['").append(alertmanager).append("']\n");
        }
        return cfg.toString();
    }

    /** The deploy: all traffic to green. */
    public void deployGreen() {
        switchTo("green", "blue");
    }

    /** What a rollback script does: weight and state of both servers through the runtime API. */
    public void switchTo(String on, String off) {
        StatsSocket api = StatsSocket.unix(adminSocket, Duration.ofSeconds(2));
        for (String command : List.of("set weight be_app/" + on + " 100", "set server be_app/" + on + " state ready",
                "set weight be_app/" + off + " 0", "set server be_app/" + off + " state drain")) {
            String answer = api.execute(command).strip();
            if (!answer.isEmpty()) throw new IllegalStateException("HAProxy refused '" + command + "': " + answer);
        }
    }

    /** Prometheus goes away (a crash, an outage): what Rewind does when its metric source is gone. */
    public void stopPrometheus() {
        prometheus.close();
    }

    /**
     * Prometheus comes back after {@link #stopPrometheus}: same address (what Rewind's config names), same data folder,
     * scraping again. It listens before it is ready to answer queries: wait for {@code /-/ready} before relying on it.
     */
    public void startPrometheus() throws IOException, InterruptedException {
        prometheus = keep(LocalServer.start("prometheus", prometheusCommand, dir, prometheusPort));
    }

    public FaultyBackend blue() {
        return blue;
    }

    public FaultyBackend green() {
        return green;
    }

    public URI frontend() {
        return URI.create("http://127.0.0.1:" + frontendPort + "/");
    }

    public URI prometheus() {
        return URI.create("http://127.0.0.1:" + prometheusPort);
    }

    public Path adminSocket() {
        return adminSocket;
    }

    public Path dir() {
        return dir;
    }

    /** Stops everything it started, newest first. */
    @Override
    public void close() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                System.err.println("bench: could not stop " + parts.get(i) + ": " + e.getMessage());
            }
        }
        parts.clear();
    }
}
