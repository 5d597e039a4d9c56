package dev.rewind.bench;

import dev.rewind.integrations.prometheus.PrometheusMetricSource;
import dev.rewind.integrations.prometheus.PrometheusSettings;
import dev.rewind.model.UnreachableException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;

/**
 * Real servers for tests outside this package, started the way the benchmarks start them ({@link LocalServer}: a free
 * loopback port, retried when another process took it): a Prometheus scraping given targets, and an HAProxy with a
 * blue and a green server in backend be_app, an admin socket, and its built-in Prometheus exporter on /metrics of the
 * same frontend (per-server counters: {@code haproxy_server_http_responses_total{proxy="be_app",server=...,code="5xx"}}).
 */
public final class LiveScrape implements AutoCloseable {
    private final List<AutoCloseable> parts = new ArrayList<>();

    /** Stops everything it started, newest first. */
    @Override
    public void close() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                System.err.println("could not stop " + parts.get(i) + ": " + e.getMessage());
            }
        }
        parts.clear();
    }

    /** Prometheus scraping {@code targets} (host:port, path /metrics) every {@code scrape}; returns its URL. */
    public URI prometheus(Path dir, Duration scrape, List<String> targets) throws IOException, InterruptedException {
        StringBuilder cfg = new StringBuilder("global:\n  scrape_interval: " + scrape.toMillis() + "ms\nscrape_configs:\n  - job_name: app\n    static_configs:\n");
        cfg.append("      - targets: [").append(String.join(", ", targets.stream().map(t -> "'" + t + "'").toList())).append("]\n");
        Path file = Files.writeString(dir.resolve("prometheus.yml"), cfg.toString());
        LocalServer p = LocalServer.startOnFreePort("prometheus", port -> List.of(BlueGreenStack.PROMETHEUS, "--config.file=" + file,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port), dir);
        parts.add(p);
        return URI.create("http://127.0.0.1:" + p.port());
    }

    /**
     * HAProxy on a free port: requests go to be_app (blue at weight 100, green at 0, round robin), {@code /metrics} is its
     * Prometheus exporter. The admin socket is {@code dir/haproxy-admin.sock} (keep {@code dir} short: 108 bytes).
     */
    public int haproxy(Path dir, int bluePort, int greenPort) throws IOException, InterruptedException {
        Path cfg = dir.resolve("haproxy.cfg");
        Path socket = dir.resolve("haproxy-admin.sock");
        LocalServer h = LocalServer.startOnFreePort("haproxy", port -> {
            Files.writeString(cfg, """
                    global
                      stats socket %s mode 600 level admin
                    defaults
                      mode http
                      timeout connect 1s
                      timeout client 5s
                      timeout server 5s
                    frontend fe
                      bind 127.0.0.1:%d
                      http-request use-service prometheus-exporter if { path /metrics }
                      default_backend be_app
                    backend be_app
                      balance roundrobin
                      server blue 127.0.0.1:%d weight 100
                      server green 127.0.0.1:%d weight 0
                    """.formatted(socket, port, bluePort, greenPort));
            return List.of(BlueGreenStack.HAPROXY, "-f", cfg.toString(), "-db");
        }, dir);
        parts.add(h);
        return h.port();
    }

    /**
     * Waits until the instant query's first value passes {@code ok}, polling every 200 ms up to {@code limit}; fails
     * naming the query and what it last answered.
     */
    public static double awaitQuery(URI prometheus, String promql, DoublePredicate ok, Duration limit) throws InterruptedException {
        PrometheusMetricSource source = new PrometheusMetricSource(PrometheusSettings.of(prometheus));
        long deadline = System.nanoTime() + limit.toNanos();
        String last = "no answer yet";
        while (true) {
            try {
                var samples = source.instantQuery(promql, Instant.now()).series().samples();
                if (!samples.isEmpty() && ok.test(samples.getLast().value())) return samples.getLast().value();
                last = samples.isEmpty() ? "no data" : String.valueOf(samples.getLast().value());
            } catch (UnreachableException notReady) {
                last = notReady.getMessage(); // a starting Prometheus answers 503 while it opens its TSDB
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Prometheus did not answer '" + promql + "' as awaited within " + limit.toSeconds() + " s; last: " + last);
            }
            Thread.sleep(200); // polling Prometheus until the condition holds, bounded by the deadline above
        }
    }
}
