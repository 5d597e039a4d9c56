package dev.rewind.integrations.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.model.UnreachableException;
import dev.rewind.observe.MetricScope;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** No Prometheus at all, or one that never answers: exit-3 errors with the URL and the cause. */
class PrometheusUnreachableTest {
    private static final MetricScope SCOPE = new MetricScope("checkout", "production", "v2");

    @Test
    void aClosedPortIsUnreachableWithTheUrl() {
        int port = LocalProcess.freePort();
        PrometheusMetricSource source = new PrometheusMetricSource(PrometheusSettings.of(URI.create("http://127.0.0.1:" + port))
                .withAuth(new PrometheusAuth.Bearer("tok-123")));

        assertThatThrownBy(() -> source.instant(SCOPE, "error_rate", Instant.EPOCH))
                .isInstanceOfSatisfying(UnreachableException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(3);
                    assertThat(e.unauthorized()).isFalse();
                    assertThat(e.url()).isEqualTo("http://127.0.0.1:" + port + "/api/v1/query");
                    assertThat(e.getMessage()).contains("connection refused").doesNotContain("tok-123");
                });
        assertThatThrownBy(source::checkOnline).isInstanceOf(UnreachableException.class)
                .hasMessageContaining("127.0.0.1:" + port);
    }

    @Test
    void aServerThatNeverAnswersTimesOutAfterTheConfiguredTimeout() throws Exception {
        // the kernel accepts connections into the backlog, but nobody ever reads the request
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            URI url = URI.create("http://127.0.0.1:" + silent.getLocalPort());
            PrometheusMetricSource source = new PrometheusMetricSource(PrometheusSettings.of(url).withTimeout(Duration.ofMillis(300)));

            assertThatThrownBy(() -> source.range(SCOPE, "error_rate", Instant.EPOCH, Instant.EPOCH.plusSeconds(60)))
                    .isInstanceOfSatisfying(UnreachableException.class, e -> {
                        assertThat(e.url()).endsWith("/api/v1/query_range");
                        assertThat(e.getMessage()).contains("timed out after 0.3s");
                    });
        }
    }
}
