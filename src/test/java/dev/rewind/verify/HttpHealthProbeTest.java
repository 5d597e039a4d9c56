package dev.rewind.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Finding 2: the health probe's detail (journal, report, log, console) never holds a URL's credentials. */
class HttpHealthProbeTest {

    @Test
    void theDetailNamesTheUrlWithoutItsUserInfoOrQuery() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", ex -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        int port = server.getAddress().getPort();
        String base = "http://127.0.0.1:" + port + "/health";
        HttpHealthProbe probe = new HttpHealthProbe(v -> URI.create(base + "?access_token=tok-hunter2&v=" + v));
        HttpHealthProbe withUser = new HttpHealthProbe(v -> URI.create("http://admin:hunter2@127.0.0.1:" + port + "/health"));
        try {
            HealthProbe.Health healthy = probe.check("shop", "1.0.0");
            HealthProbe.Health other = withUser.check("shop", "1.0.0");

            assertThat(healthy.healthy()).isTrue();
            assertThat(healthy.detail()).startsWith("GET " + base + " -> 200").doesNotContain("hunter2");
            assertThat(other.detail()).contains("127.0.0.1:" + port + "/health").doesNotContain("hunter2").doesNotContain("admin");
        } finally {
            server.stop(0);
        }
        HealthProbe.Health down = probe.check("shop", "1.0.0");
        assertThat(down.healthy()).isFalse();
        assertThat(down.detail()).startsWith("GET " + base + " failed").doesNotContain("hunter2");
    }
}
