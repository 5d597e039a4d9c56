package dev.rewind.integrations.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.rewind.model.BadInputException;
import dev.rewind.model.UnreachableException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Answers a real Prometheus gives only under load or behind a proxy (server-side timeout, execution
 * error, a proxy's HTML 502), replayed by a stub in Prometheus' documented error format.
 */
class PrometheusErrorAnswersTest {
    private HttpServer stub;

    private PrometheusMetricSource answering(int status, String contentType, String body) throws Exception {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        stub.start();
        return new PrometheusMetricSource(PrometheusSettings.of(URI.create("http://127.0.0.1:" + stub.getAddress().getPort())));
    }

    @AfterEach
    void stop() {
        if (stub != null) stub.stop(0);
    }

    @Test
    void aServerSideTimeoutIsUnreachableSayingItTimedOut() throws Exception {
        PrometheusMetricSource source = answering(503, "application/json",
                "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in expression evaluation\"}");

        assertThatThrownBy(() -> source.instantQuery("up", Instant.EPOCH))
                .isInstanceOfSatisfying(UnreachableException.class, e -> {
                    assertThat(e.unauthorized()).isFalse();
                    assertThat(e.getMessage()).contains("timed out after 10s").contains("query timed out in expression evaluation");
                });
    }

    @Test
    void anExecutionErrorIsBadInputNamingTheQuery() throws Exception {
        PrometheusMetricSource source = answering(422, "application/json",
                "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"found duplicate series for the match group\"}");

        assertThatThrownBy(() -> source.instantQuery("a / on(x) b", Instant.EPOCH))
                .isInstanceOfSatisfying(BadInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("metrics.query");
                    assertThat(e.getMessage()).contains("a / on(x) b").contains("duplicate series");
                });
    }

    @Test
    void aProxyPageInsteadOfPrometheusJsonIsUnreachableWithTheStatus() throws Exception {
        PrometheusMetricSource source = answering(502, "text/html", "<html>Bad Gateway</html>");

        assertThatThrownBy(() -> source.instantQuery("up", Instant.EPOCH))
                .isInstanceOfSatisfying(UnreachableException.class,
                        e -> assertThat(e.getMessage()).contains("HTTP 502").contains("without Prometheus JSON"));
    }

    @Test
    void aForbiddenAnswerFromAnAuthProxyIsRefusedCredentialsNotNoData() throws Exception {
        PrometheusMetricSource source = answering(403, "text/plain", "Forbidden");

        assertThatThrownBy(() -> source.instantQuery("up", Instant.EPOCH))
                .isInstanceOfSatisfying(UnreachableException.class, e -> {
                    assertThat(e.unauthorized()).isTrue();
                    assertThat(e.getMessage()).contains("HTTP 403");
                });
    }

    @Test
    void checkOnlineReportsAnUnhealthyStatus() throws Exception {
        PrometheusMetricSource source = answering(503, "text/plain", "Service Unavailable");

        assertThatThrownBy(source::checkOnline).isInstanceOfSatisfying(UnreachableException.class, e -> {
            assertThat(e.unauthorized()).isFalse();
            assertThat(e.getMessage()).contains("/api/v1/status/buildinfo").contains("HTTP 503");
        });
    }
}
