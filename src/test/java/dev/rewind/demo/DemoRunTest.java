package dev.rewind.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoRunTest {

    @Test
    void usersStayOnTheStableVersionLongEnoughForTwelveWholeOneSecondSamplesWhenTheWindowHoldsFewer() {
        assertThat(DemoRun.baselineWait(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(14));
    }

    @Test
    void aBaselineWindowLongerThanTwelveSamplesIsWaitedOutWithTwoSecondsToSpare() {
        assertThat(DemoRun.baselineWait(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(32));
    }
}
