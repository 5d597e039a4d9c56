package dev.rewind.controller;

import static dev.rewind.controller.ShopIncident.CANDIDATE;
import static dev.rewind.controller.ShopIncident.DEPLOY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.Decision;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Leaks of many shapes: the watcher decides at the first check whose 10-minute mean is over 90%, or never. */
class MemoryLeakTimingTest {
    private static final Duration MAX_WATCH = Duration.ofMinutes(45);

    @TempDir
    Path dir;

    static Stream<Arguments> leaks() {
        return Stream.of(40.0, 55.0, 68.0, 80.0, 89.5, 95.0)
                .flatMap(start -> Stream.of(0.25, 0.7, 1.0, 2.5).map(rate -> Arguments.of(start, rate)));
    }

    @ParameterizedTest(name = "starts at {0}%, grows {1} points a minute")
    @MethodSource("leaks")
    void decidesAtTheFirstCheckWhoseTenMinuteMeanIsOverNinetyPercent(double start, double perMinute) {
        ShopIncident incident = new ShopIncident(dir, Fault.NONE);
        incident.world.leak(CANDIDATE, start, perMinute);
        incident.deploy();
        Instant expected = Expected.firstCheckOver(DEPLOY, Duration.ofSeconds(60), Duration.ofMinutes(10), 90, MAX_WATCH,
                s -> start + perMinute * s / 60.0);

        ReleaseWatcher.Outcome outcome = incident.watch(MAX_WATCH);

        if (expected == null) {
            assertThat(outcome.decision()).isInstanceOf(Decision.KeepWatching.class);
            assertThat(outcome.decision().at()).isEqualTo(DEPLOY.plus(MAX_WATCH));
        } else {
            assertThat(outcome.decision()).isInstanceOf(Decision.Rollback.class);
            assertThat(outcome.decision().at()).isEqualTo(expected);
            assertThat(outcome.findings()).extracting(f -> f.trigger()).containsExactly("memory");
        }
    }
}
