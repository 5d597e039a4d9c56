package dev.rewind.integrations.routing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tiny real HTTP backends on 127.0.0.1, each answering its own name ("blue", "green"), so traffic can be counted by body. */
public final class ColourBackends implements AutoCloseable {
    private final Map<String, HttpServer> servers = new LinkedHashMap<>();

    public ColourBackends(String... colours) throws IOException {
        for (String colour : colours) {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            byte[] body = colour.getBytes(StandardCharsets.UTF_8);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            servers.put(colour, server);
        }
    }

    public int port(String colour) {
        return servers.get(colour).getAddress().getPort();
    }

    public String address(String colour) {
        return "127.0.0.1:" + port(colour);
    }

    @Override
    public void close() {
        servers.values().forEach(s -> s.stop(0));
    }
}
