package dev.rewind.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreshPortsTest {

    @Test
    void aStartThatFindsItsPortTakenIsTriedOnANewPortAndOtherFailuresAreNot() throws Exception {
        List<Integer> tried = new ArrayList<>();
        int got = FreshPorts.start("server", port -> {
            tried.add(port);
            if (tried.size() < 3) throw new IllegalStateException("did not start; log:\nbind() to 127.0.0.1:" + port + " failed (98: Address already in use)");
            return port;
        });
        assertThat(tried).hasSize(3);
        assertThat(got).isEqualTo(tried.getLast());

        List<Integer> once = new ArrayList<>();
        assertThatThrownBy(() -> FreshPorts.start("server", port -> {
            once.add(port);
            throw new IllegalStateException("permission denied");
        })).hasMessage("permission denied");
        assertThat(once).hasSize(1);
    }

    @Test
    void aPortTakenEveryTimeGivesUpAfterTheBoundedAttemptsNamingTheServer() {
        List<Integer> tried = new ArrayList<>();
        assertThatThrownBy(() -> FreshPorts.start("unleash-server", port -> {
            tried.add(port);
            throw new IllegalStateException("wrapper", new IOException("listen EADDRINUSE: address already in use 127.0.0.1:" + port));
        })).hasMessage("unleash-server found its port taken in each of 5 attempts");
        assertThat(tried).hasSize(FreshPorts.ATTEMPTS);
    }

    @Test
    void theJdksOwnRefusalOfATakenPortCountsAsTaken() throws Exception {
        try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Exception refused = null;
            try (ServerSocket again = new ServerSocket(holder.getLocalPort(), 1, InetAddress.getLoopbackAddress())) {
                again.getLocalPort();
            } catch (IOException e) {
                refused = e;
            }
            assertThat(refused).as("binding a held port fails").isNotNull();
            assertThat(FreshPorts.portTaken(new IllegalStateException("server did not start", refused))).isTrue();
            assertThat(FreshPorts.portTaken(new IllegalStateException("permission denied"))).isFalse();
        }
    }
}
