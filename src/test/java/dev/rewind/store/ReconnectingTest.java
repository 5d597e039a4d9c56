package dev.rewind.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.model.UnreachableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which store failures are a dropped connection, tried again, and which are not (PostgresFaultsTest has the real restart). */
class ReconnectingTest {

    private static RuntimeException wrapped(SQLException e) {
        return new RuntimeException("statement failed", e); // as Jdbi wraps it
    }

    @Test
    void connectionFailuresAreToldApartFromRefusedWrites() {
        assertThat(Reconnecting.connectionLost(wrapped(new SQLException("An I/O error occurred while sending to the backend", "08006")))).isTrue();
        assertThat(Reconnecting.connectionLost(wrapped(new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(Reconnecting.connectionLost(wrapped(new SQLException("the database system is starting up", "57P03")))).isTrue();
        assertThat(Reconnecting.connectionLost(wrapped(new SQLTransientConnectionException("Connection is not available, request timed out")))).isTrue();
        assertThat(Reconnecting.connectionLost(wrapped(new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
        assertThat(Reconnecting.connectionLost(new IllegalStateException("the journal has no row 3 to finish"))).isFalse();
    }

    @Test
    void aDroppedConnectionIsTriedAgainWithTheTryNumberAndARefusalIsNot() {
        List<Integer> tries = new ArrayList<>();
        String value = Reconnecting.call("a journal write", n -> {
            tries.add(n);
            if (n < 2) throw wrapped(new SQLException("terminating connection", "57P01"));
            return "written";
        });
        assertThat(value).isEqualTo("written");
        assertThat(tries).containsExactly(1, 2);

        List<Integer> refused = new ArrayList<>();
        assertThatThrownBy(() -> Reconnecting.call("a journal write", n -> {
            refused.add(n);
            throw wrapped(new SQLException("duplicate key", "23505"));
        })).hasMessage("statement failed");
        assertThat(refused).containsExactly(1);
    }

    @Test
    void aConnectionThatStaysDownFailsAfterTheLastTrySayingSo() {
        List<Integer> tries = new ArrayList<>();
        assertThatThrownBy(() -> Reconnecting.call("STEP started in the journal of rb-1", n -> {
            tries.add(n);
            throw wrapped(new SQLException("Connection refused", "08001"));
        })).isInstanceOfSatisfying(UnreachableException.class, e -> assertThat(e.getMessage())
                .contains("STEP started in the journal of rb-1 failed 4 times: the database connection was lost (Connection refused)"));
        assertThat(tries).containsExactly(1, 2, 3, 4);
    }
}
