package dev.rewind.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.Alert;
import dev.rewind.model.Decision;
import dev.rewind.model.Release;
import dev.rewind.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A watch that cannot read its metrics never rolls back on that alone, so people must hear that nobody is looking. */
class BlindAlertsTest {
    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
    private static final Release RELEASE = new Release("shop", "production", "2.4.0", "2.3.1", T0, List.of(), null, 100, null);

    private static ReleaseWatcher.Check check(int second, boolean blind, Instant since) {
        Instant at = T0.plusSeconds(second);
        return new ReleaseWatcher.Check(at, List.of(), new Decision.KeepWatching(at, List.of(), "no trigger fired"),
                blind ? new ReleaseWatcher.Blind(since, Duration.between(since, at), Duration.ofMinutes(5), "connection refused") : null);
    }

    @Test
    void oneAlertWhenABlindStretchBeginsNoneWhileItLastsAndOneWhenItEnds() {
        List<Alert> told = new ArrayList<>();
        BlindAlerts.Teller teller = new BlindAlerts.Teller(RELEASE, told::add);
        Instant since = T0.plusSeconds(20);

        teller.onCheck(check(10, false, null));
        assertThat(told).as("readable: nothing to tell").isEmpty();
        teller.onCheck(check(20, true, since));
        teller.onCheck(check(30, true, since));
        teller.onCheck(check(40, true, since));
        assertThat(told).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.title()).isEqualTo("Rewind is blind: metrics of shop in production cannot be read");
            assertThat(a.body()).contains("shop 2.4.0", "connection refused", "gives up after 300 s blind");
            assertThat(a.at()).isEqualTo(T0.plusSeconds(20));
        });

        teller.onCheck(check(50, false, null));
        assertThat(told).hasSize(2);
        assertThat(told.get(1).severity()).isEqualTo(Severity.LOW);
        assertThat(told.get(1).body()).contains("after 30 s blind");

        teller.onCheck(check(60, true, T0.plusSeconds(60)));
        assertThat(told).as("a new stretch is told again").hasSize(3);
        assertThat(told.get(2).severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void givingUpIsCriticalAndSaysNothingWasRolledBack() {
        Alert a = BlindAlerts.gaveUp("shop", "production", "2.4.0", "blind for 5m 0s in all", "connection refused", T0);
        assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(a.body()).contains("Nothing was rolled back", "connection refused", "blind for 5m 0s");
    }
}
