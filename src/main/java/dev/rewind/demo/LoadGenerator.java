package dev.rewind.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady user traffic against the router: a fixed number of requests per second, each on its own
 * virtual thread, counted from the client's side (a failed request is a 5xx or no answer at all).
 * Bounded: it stops by itself after {@code maxDuration}.
 */
public final class LoadGenerator implements AutoCloseable {
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-load");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final URI target;

    public LoadGenerator(URI router, int requestsPerSecond, Duration maxDuration) {
        this.target = router.resolve("/api/orders");
        long periodMicros = 1_000_000L / requestsPerSecond;
        ticker.scheduleAtFixedRate(this::fire, 0, periodMicros, TimeUnit.MICROSECONDS);
        ticker.schedule(() -> ticker.shutdown(), maxDuration.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void fire() {
        sent.incrementAndGet();
        client.sendAsync(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding())
                .whenComplete((resp, err) -> {
                    if (err != null || resp.statusCode() >= 500) failed.incrementAndGet();
                });
    }

    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        client.close();
    }
}
