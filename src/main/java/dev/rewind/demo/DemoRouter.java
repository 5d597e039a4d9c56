package dev.rewind.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rewind.act.FlagSwitch;
import dev.rewind.act.Routes;
import dev.rewind.act.TrafficRouter;
import dev.rewind.model.ActionFailedException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The demo's front door: a reverse proxy on loopback that splits traffic between versions by weight
 * and passes the release's feature flag to the new code path. Every proxied request is measured here,
 * where users would see it, and reported to the {@link RequestRecorder}.
 */
public final class DemoRouter implements TrafficRouter, AutoCloseable {
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final Map<String, URI> backends = new ConcurrentHashMap<>();
    private final Set<String> drained = ConcurrentHashMap.newKeySet();
    private final FlagSwitch flags;
    private final String flag;
    private final RequestRecorder recorder;
    private volatile Routes routes = new Routes(Map.of());

    public DemoRouter(FlagSwitch flags, String flag, RequestRecorder recorder) throws IOException {
        this.flags = flags;
        this.flag = flag;
        this.recorder = recorder;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::proxy);
        server.start();
    }

    public URI address() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void backend(String version, URI address) {
        backends.put(version, address);
    }

    @Override
    public Routes routes() {
        Map<String, Integer> w = new LinkedHashMap<>(routes.weights());
        drained.forEach(v -> w.put(v, 0));
        return new Routes(w);
    }

    @Override
    public void setRoutes(Routes next) {
        for (String target : next.weights().keySet()) {
            if (next.weight(target) > 0 && !backends.containsKey(target)) {
                throw new ActionFailedException("router has no backend for " + target + " (known: " + backends.keySet() + ")");
            }
        }
        next.weights().forEach((target, w) -> {
            if (w > 0) drained.remove(target);
        });
        routes = next;
    }

    @Override
    public void drain(String target) {
        drained.add(target);
    }

    private String pick() {
        Routes r = routes;
        int total = 0;
        for (var e : r.weights().entrySet()) {
            if (!drained.contains(e.getKey()) && backends.containsKey(e.getKey())) total += e.getValue();
        }
        if (total == 0) return null;
        int roll = ThreadLocalRandom.current().nextInt(total);
        for (var e : r.weights().entrySet()) {
            if (drained.contains(e.getKey()) || !backends.containsKey(e.getKey())) continue;
            roll -= e.getValue();
            if (roll < 0) return e.getKey();
        }
        return null;
    }

    private void proxy(HttpExchange ex) throws IOException {
        long start = System.nanoTime();
        String target = pick();
        if (target == null) {
            reply(ex, 503, "{\"error\":\"maintenance: no backend is taking traffic\"}");
            recorder.record(null, 503, System.nanoTime() - start);
            return;
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(backends.get(target).resolve(ex.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(2)).GET();
        if (flags.isEnabled(flag)) req.header(DemoService.FLAG_HEADER, "on");
        int status;
        byte[] body;
        try {
            HttpResponse<byte[]> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            status = resp.statusCode();
            body = resp.body();
        } catch (IOException e) {
            status = 502;
            body = ("{\"error\":\"bad gateway: " + e.getClass().getSimpleName() + "\"}").getBytes(StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 502;
            body = "{\"error\":\"interrupted\"}".getBytes(StandardCharsets.UTF_8);
        }
        ex.getResponseHeaders().set("X-Served-By", target);
        reply(ex, status, body);
        recorder.record(target, status, System.nanoTime() - start);
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        reply(ex, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        client.close();
    }

    /** Receives each proxied request: the version that served it (null: nobody could), its status and latency. */
    @FunctionalInterface
    public interface RequestRecorder {
        void record(String version, int status, long latencyNanos);
    }
}
