package dev.rewind.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends a fixed request rate through the proxy and keeps every answer: when it was sent, which server
 * answered (X-Served-By) and its status. The benchmark's figures are computed from this record.
 */
public final class TrafficRecorder implements AutoCloseable {
    /** One request: send time in ns (System.nanoTime), the server that answered (null: none), the status (0: no answer). */
    public record Shot(long sentNanos, String servedBy, int status) {
        public boolean failed() {
            return status == 0 || status >= 500;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1))
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final List<Shot> shots = new ArrayList<>();
    private final URI target;

    public TrafficRecorder(URI target, int requestsPerSecond, Duration maxDuration) {
        this.target = target;
        ticker.scheduleAtFixedRate(this::fire, 0, 1_000_000L / requestsPerSecond, TimeUnit.MICROSECONDS);
        ticker.schedule(ticker::shutdown, maxDuration.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void fire() {
        long sent = System.nanoTime();
        client.sendAsync(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                .whenComplete((resp, err) -> {
                    Shot shot = err != null ? new Shot(sent, null, 0)
                            : new Shot(sent, resp.headers().firstValue("X-Served-By").orElse(null), resp.statusCode());
                    synchronized (shots) {
                        shots.add(shot);
                    }
                });
    }

    public List<Shot> shots() {
        synchronized (shots) {
            return new ArrayList<>(shots);
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        client.close();
    }
}
