package dev.rewind.integrations.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.model.ActionFailedException;
import org.junit.jupiter.api.Test;

/** Parses answers captured from HAProxy 2.6.12's {@code show servers state be_app}. */
class ServerStateTest {
    private static final String HEADER = "1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight"
            + " srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state"
            + " srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port"
            + " srv_check_addr srv_agent_addr srv_agent_port\n";

    @Test
    void drainedServerKeepsItsWeightButTakesNoNewTraffic() {
        String answer = HEADER
                + "3 be_app 1 blue 127.0.0.1 2 0 100 100 3 1 0 2 0 0 0 0 - 19001 - 0 0 - - 0\n"
                + "3 be_app 2 green 127.0.0.1 2 8 50 0 0 1 0 2 0 0 0 0 - 19002 - 0 0 - - 0\n\n";

        var servers = ServerState.parse(answer, "be_app", "/run/admin.sock");

        assertThat(servers).extracting(ServerState::name).containsExactly("blue", "green");
        assertThat(servers.get(0).effectiveWeight()).isEqualTo(100);
        assertThat(servers.get(1).userWeight()).isEqualTo(50);
        assertThat(servers.get(1).draining()).isTrue();
        assertThat(servers.get(1).effectiveWeight()).isZero();
    }

    @Test
    void serverInMaintenanceTakesNoTraffic() {
        var servers = ServerState.parse(HEADER + "3 be_app 1 blue 127.0.0.1 2 1 100 100 3 1 0 2 0 0 0 0 - 19001 - 0 0 - - 0\n",
                "be_app", "/run/admin.sock");

        assertThat(servers.getFirst().inMaintenance()).isTrue();
        assertThat(servers.getFirst().effectiveWeight()).isZero();
    }

    @Test
    void serverWhoseHealthCheckFailedTakesNoTrafficThoughItIsReady() {
        var servers = ServerState.parse(HEADER + "3 be_app 2 green 127.0.0.1 0 0 100 100 3 1 0 2 0 0 0 0 - 19002 - 0 0 - - 0\n",
                "be_app", "/run/admin.sock");

        assertThat(servers.getFirst().stopped()).isTrue();
        assertThat(servers.getFirst().effectiveWeight()).isZero();
    }

    @Test
    void answerWithoutHeaderIsQuotedInTheError() {
        assertThatThrownBy(() -> ServerState.parse("Unknown command.\n", "be_app", "/run/admin.sock"))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("/run/admin.sock").hasMessageContaining("'Unknown command.'");
    }
}
