package dev.rewind.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An Unleash that refuses every call with HTTP 500 and quotes the Authorization header it got in its error message,
 * as some proxies and badly behaved servers do: the token comes back inside an outside system's error, which
 * Rewind's Unleash client puts in its exception message and the step's detail. Records every token it was sent.
 */
final class EchoingUnleash implements AutoCloseable {
    private final HttpServer server;
    private final List<String> tokens = new CopyOnWriteArrayList<>();

    private EchoingUnleash(HttpServer server) {
        this.server = server;
    }

    static EchoingUnleash start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        EchoingUnleash unleash = new EchoingUnleash(server);
        server.createContext("/", exchange -> {
            String token = exchange.getRequestHeaders().getFirst("Authorization");
            unleash.tokens.add(String.valueOf(token));
            byte[] body = ("{\"message\":\"the token '" + token + "' may not change flags in this project\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(500, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return unleash;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> tokens() {
        return List.copyOf(tokens);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
