package dev.rewind.controller;

import static dev.rewind.controller.ShopIncident.CANDIDATE;
import static dev.rewind.controller.ShopIncident.DEPLOY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.config.ConfigLoader;
import dev.rewind.model.Decision;
import dev.rewind.replay.ReleaseEvaluation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seed 001's error_rate rule live: roll back at the first check whose 5-minute mean is over twice the baseline. The
 * defaults judge error_rate by a sequential test when request counts are there (as here), so this runs the seed's
 * window rules alone ({@code kind: threshold}); the test's own timing is covered by SequentialDetectionTest.
 */
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
     * Live, the release's own series start at the deploy; the watch keeps the previous release's baseline samples
     * beside them for the noise guards (as a replayed trace holds them), so mild regressions are caught on time too.
     */
    @ParameterizedTest(name = "new code fails {0}% of requests (baseline 0.37%)")
    @ValueSource(doubles = {0.8, 0.9, 1.0, 1.2, 1.5, 2.0, 3.0})
    void decidesOnTimeForMildRegressionsToo(double percent) {
        assertDecisionFollowsTheTwiceBaselineRule(percent);
    }

    private void assertDecisionFollowsTheTwiceBaselineRule(double percent) {
        ShopIncident incident = new ShopIncident(dir, Fault.NONE, ReleaseEvaluation.windowRulesOnly(ConfigLoader.defaults().policy()));
        incident.world.failing(CANDIDATE, percent);
        incident.deploy();
        Instant expected = Expected.firstCheckOver(DEPLOY, Duration.ofSeconds(60), Duration.ofMinutes(5), 2 * ShopMetrics.ERROR_RATE, MAX_WATCH,
                s -> percent);

        ReleaseWatcher.Outcome outcome = incident.watch(MAX_WATCH);

        assertThat(outcome.decision() instanceof Decision.Rollback).isEqualTo(expected != null);
        assertThat(outcome.decision().at()).isEqualTo(expected == null ? DEPLOY.plus(MAX_WATCH) : expected);
    }
}
