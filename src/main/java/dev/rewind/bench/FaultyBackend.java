package dev.rewind.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A backend for the failover benchmark: answers requests with its color, fails a configurable share of
 * them, and exposes {@code http_requests_total{code=...}} in Prometheus' text format for scraping.
 */
public final class FaultyBackend implements AutoCloseable {
    private final String color;
    private final HttpServer server;
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile double failureRate;

    public FaultyBackend(String color) throws IOException {
        this.color = color;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/metrics", this::metrics);
        server.createContext("/health", ex -> respond(ex, 200, "ok\n"));
        server.createContext("/", this::serve);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String color() {
        return color;
    }

    /** From now on, this share of requests (0..1) fails with 500. */
    public void failureRate(double rate) {
        this.failureRate = rate;
    }

    private void serve(HttpExchange ex) throws IOException {
        if (ThreadLocalRandom.current().nextDouble() < failureRate) {
            failed.incrementAndGet();
            respond(ex, 500, color + " failed\n");
        } else {
            ok.incrementAndGet();
            respond(ex, 200, color + "\n");
        }
    }

    private void metrics(HttpExchange ex) throws IOException {
        String body = "# HELP http_requests_total Requests served.\n"
                + "# TYPE http_requests_total counter\n"
                + "http_requests_total{code=\"200\"} " + ok.get() + "\n"
                + "http_requests_total{code=\"500\"} " + failed.get() + "\n";
        respond(ex, 200, body);
    }

    private void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("X-Served-By", color);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
