package dev.rewind.controller;

import static dev.rewind.controller.ShopIncident.CANDIDATE;
import static dev.rewind.controller.ShopIncident.DEPLOY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.Decision;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seed 001's error_rate rule live: roll back at the first check whose 5-minute mean is over twice the baseline. */
class ErrorRateTimingTest {
    private static final Duration MAX_WATCH = Duration.ofMinutes(30);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "new code fails {0}% of requests (baseline 0.37%)")
    @ValueSource(doubles = {0.5, 0.7, 5.0, 10.0, 20.0, 50.0})
    void decidesAtTheFirstCheckWhoseFiveMinuteMeanIsOverTwiceTheBaseline(double percent) {
        assertDecisionFollowsTheTwiceBaselineRule(percent);
    }

    /**
     * Fails today: live, ReleaseWatcher's observations hold only the release's own samples, so the detector's
     * event-count floor reads a steady rate as one event per sample and lifts the limit (0.8% never fires in 30 min;
     * 0.9-3% fire 1-3 checks late). A replayed trace, which holds the baseline period too, keeps the limit at 0.74%.
     */
    @Disabled("live detection diverges from replay for mild error rates: EventCountFloor/PerRequestBaseline see no baseline samples")
    @ParameterizedTest(name = "new code fails {0}% of requests (baseline 0.37%)")
    @ValueSource(doubles = {0.8, 0.9, 1.0, 1.2, 1.5, 2.0, 3.0})
    void decidesOnTimeForMildRegressionsToo(double percent) {
        assertDecisionFollowsTheTwiceBaselineRule(percent);
    }

    private void assertDecisionFollowsTheTwiceBaselineRule(double percent) {
        ShopIncident incident = new ShopIncident(dir, Fault.NONE);
        incident.world.failing(CANDIDATE, percent);
        incident.deploy();
        Instant expected = Expected.firstCheckOver(DEPLOY, Duration.ofSeconds(60), Duration.ofMinutes(5), 2 * ShopMetrics.ERROR_RATE, MAX_WATCH,
                s -> percent);

        ReleaseWatcher.Outcome outcome = incident.watch(MAX_WATCH);

        assertThat(outcome.decision() instanceof Decision.Rollback).isEqualTo(expected != null);
        assertThat(outcome.decision().at()).isEqualTo(expected == null ? DEPLOY.plus(MAX_WATCH) : expected);
    }
}
