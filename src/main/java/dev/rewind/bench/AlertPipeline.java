package dev.rewind.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The pipeline Rewind is compared with: a Prometheus alert rule, a real Alertmanager, and a webhook that
 * runs the "rollback script" (traffic back to blue through HAProxy's runtime API) on the first firing alert.
 * The settings are the tuned ones; {@link Settings#COMMON} are the usual defaults.
 */
public final class AlertPipeline implements AutoCloseable {
    public static final String ALERTMANAGER = "/usr/bin/prometheus-alertmanager";

    /** Rule and routing settings: rate window, for, and Alertmanager's group_wait. */
    public record Settings(String rateWindow, String holdFor, String groupWait) {
        public static final Settings TUNED = new Settings("20s", "10s", "0s");
        public static final Settings COMMON = new Settings("1m", "1m", "30s");
    }

    private final HttpServer webhook;
    private final LocalServer alertmanager;
    private final int alertmanagerPort;
    private final AtomicLong rolledBackAtNanos = new AtomicLong();

    /** @param rollbackScript what the webhook runs once, on the first firing alert */
    public AlertPipeline(Path dir, Settings settings, Consumer<String> rollbackScript) throws IOException, InterruptedException {
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        webhook.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        webhook.createContext("/rollback", ex -> receive(ex, rollbackScript));
        webhook.start();
        Path cfg = Files.writeString(dir.resolve("alertmanager.yml"), alertmanagerConfig(settings));
        try {
            alertmanager = LocalServer.startOnFreePort("alertmanager", port -> List.of(ALERTMANAGER, "--config.file=" + cfg,
                    "--storage.path=" + dir.resolve("am-data"), "--web.listen-address=127.0.0.1:" + port,
                    "--cluster.listen-address="), dir);
            alertmanagerPort = alertmanager.port();
        } catch (IOException | InterruptedException e) {
            webhook.stop(0);
            throw e;
        }
    }

    /** The alert rule: green's error ratio above 5% over the rate window, held for {@code for}. */
    public static String alertRules(Settings s) {
        return """
                groups:
                  - name: release
                    rules:
                      - alert: ReleaseErrorRatioHigh
                        expr: >-
                          (sum(rate(http_requests_total{version="green",code=~"5.."}[%1$s])) or vector(0))
                          / sum(rate(http_requests_total{version="green"}[%1$s])) > 0.05
                        for: %2$s
                        labels: {severity: critical}
                """.formatted(s.rateWindow(), s.holdFor());
    }

    private String alertmanagerConfig(Settings s) {
        return """
                route:
                  receiver: rollback
                  group_by: [alertname]
                  group_wait: %s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: rollback
                    webhook_configs:
                      - url: http://127.0.0.1:%d/rollback
                        send_resolved: false
                """.formatted(s.groupWait(), webhook.getAddress().getPort());
    }

    private void receive(HttpExchange ex, Consumer<String> rollbackScript) throws IOException {
        String body;
        try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // the first firing notification runs the script; repeats and resolutions are only acknowledged
        if (body.contains("\"status\":\"firing\"") && rolledBackAtNanos.compareAndSet(0, System.nanoTime())) {
            rollbackScript.accept(body);
        }
        ex.sendResponseHeaders(200, -1);
        ex.close();
    }

    /** host:port for Prometheus' alerting block. */
    public String alertmanagerAddress() {
        return "127.0.0.1:" + alertmanagerPort;
    }

    /** System.nanoTime() when the webhook first ran the script; 0 while it has not. */
    public long rolledBackAtNanos() {
        return rolledBackAtNanos.get();
    }

    @Override
    public void close() {
        alertmanager.close();
        webhook.stop(0);
    }
}
