package dev.rewind.integrations.prometheus;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny service exposing /metrics in Prometheus text format. Each (version, code) counter grows at a
 * rate the test sets, computed at scrape time, so rate() ratios are exact whatever the scrape timing.
 */
public final class FakeService implements AutoCloseable {
    private final HttpServer server;
    private final long startNanos = System.nanoTime();
    private final Map<String, Double> perSecond = new ConcurrentHashMap<>();

    public FakeService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = render().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Requests per second for this version answering with this status code. */
    public void serve(String version, int code, double requestsPerSecond) {
        perSecond.put("version=\"" + version + "\",code=\"" + code + "\"", requestsPerSecond);
    }

    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private String render() {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        StringBuilder sb = new StringBuilder("# TYPE http_requests_total counter\n");
        perSecond.forEach((labels, rate) -> sb.append("http_requests_total{").append(labels).append("} ")
                .append(rate * elapsed).append('\n'));
        return sb.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
