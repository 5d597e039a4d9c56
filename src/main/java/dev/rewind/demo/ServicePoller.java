package dev.rewind.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Scrapes each running version's /metrics and probes its /health, like a monitoring agent would. */
final class ServicePoller implements AutoCloseable {
    private static final Pattern MEMORY = Pattern.compile("\"memory_usage_percent\":([0-9.]+)");
    private static final Pattern DB_ERRORS = Pattern.compile("\"db_connection_errors_total\":([0-9]+)");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-poller");
        t.setDaemon(true);
        return t;
    });
    private final Supplier<Map<String, URI>> targets;
    private final DemoMetrics metrics;

    ServicePoller(Supplier<Map<String, URI>> targets, DemoMetrics metrics, Duration every) {
        this.targets = targets;
        this.metrics = metrics;
        scheduler.scheduleAtFixedRate(this::pollAll, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pollAll() {
        targets.get().forEach(this::poll);
    }

    private void poll(String version, URI base) {
        try {
            String body = get(base.resolve("/metrics"));
            Matcher mem = MEMORY.matcher(body);
            Matcher db = DB_ERRORS.matcher(body);
            if (mem.find() && db.find()) {
                metrics.recordService(version, Double.parseDouble(mem.group(1)), Long.parseLong(db.group(1)));
            }
        } catch (Exception e) {
            // a service that cannot answer /metrics shows up as a failed health check below
        }
        boolean healthy;
        try {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofMillis(500)).build(),
                    HttpResponse.BodyHandlers.discarding());
            healthy = r.statusCode() == 200;
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            healthy = false;
        }
        metrics.recordHealth(version, healthy);
    }

    private String get(URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(500)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        client.close();
    }
}
