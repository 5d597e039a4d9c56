package dev.rewind.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HealthWaiterTest {
    private static final Instant T0 = Instant.parse("2026-02-24T10:20:00Z");

    @Test
    void pollsUntilTheVersionTurnsHealthyAndSaysHowLongItTook() {
        ManualTimeSource time = new ManualTimeSource(T0);
        HealthProbe probe = (s, v) -> time.now().isBefore(T0.plusSeconds(25))
                ? new HealthProbe.Health(false, "1/3 pods ready") : new HealthProbe.Health(true, "3/3 pods ready");

        HealthWaiter.Result r = new HealthWaiter(probe, time, Duration.ofSeconds(10)).await("checkout", "2.3.1", Duration.ofSeconds(120));

        assertThat(r.healthy()).isTrue();
        assertThat(r.waited()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.polls()).isEqualTo(4);
        assertThat(r.lastDetail()).isEqualTo("3/3 pods ready");
    }

    @Test
    void timesOutOnTheTimeSourceWithTheLastDetailSeen() {
        ManualTimeSource time = new ManualTimeSource(T0);
        HealthProbe probe = (s, v) -> new HealthProbe.Health(false, "0/3 pods ready: CrashLoopBackOff");

        HealthWaiter.Result r = new HealthWaiter(probe, time, Duration.ofSeconds(10)).await("checkout", "2.3.1", Duration.ofSeconds(120));

        assertThat(r.healthy()).isFalse();
        assertThat(time.now()).isEqualTo(T0.plusSeconds(120));
        assertThat(r.lastDetail()).contains("CrashLoopBackOff");
    }

    @Test
    void aProbeThatThrowsCountsAsUnhealthyForThatPoll() {
        ManualTimeSource time = new ManualTimeSource(T0);
        HealthProbe probe = (s, v) -> {
            if (time.now().isBefore(T0.plusSeconds(10))) throw new IllegalStateException("connection refused");
            return new HealthProbe.Health(true, "ok");
        };

        HealthWaiter.Result r = new HealthWaiter(probe, time, Duration.ofSeconds(10)).await("checkout", "2.3.1", Duration.ofSeconds(60));

        assertThat(r.healthy()).isTrue();
        assertThat(r.polls()).isEqualTo(2);
    }
}
