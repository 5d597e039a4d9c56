package dev.rewind.act;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpReachabilityProbeTest {
    private final TcpReachabilityProbe probe = new TcpReachabilityProbe(Duration.ofSeconds(2));

    @Test
    void aListeningPortIsReachableAsHostPortAndAsUrl() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();

            assertThat(probe.problem("127.0.0.1:" + port)).isNull();
            assertThat(probe.problem("http://127.0.0.1:" + port + "/health")).isNull();
        }
    }

    @Test
    void aClosedPortIsUnreachableWithAddressAndCause() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
        }

        assertThat(probe.problem("127.0.0.1:" + port)).startsWith("127.0.0.1:" + port + " unreachable");
    }

    @Test
    void somethingThatIsNeitherHostPortNorUrlIsNamed() {
        assertThat(probe.problem("the-database")).contains("'the-database'");
    }
}
