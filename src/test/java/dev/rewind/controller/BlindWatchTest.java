package dev.rewind.controller;

import static dev.rewind.controller.ShopIncident.DEPLOY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rewind.model.Decision;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.UnreachableException;
import dev.rewind.observe.MetricScope;
import dev.rewind.observe.MetricSource;
import dev.rewind.time.ManualTimeSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A metric source that fails mid-watch, on the manual clock: failed reads are retried with backoff (waits on the
 * clock, not the wall), a source that stays down leaves the watch blind (checks go on, nothing is decided from missing
 * data), and only a blind stretch of the whole blind limit ends the watch. Each test takes milliseconds of wall time.
 */
@Timeout(30)
class BlindWatchTest {
    private static final String QUERY_RANGE = "http://127.0.0.1:9090/api/v1/query_range";

    @TempDir
    Path dir;

    /** The shop's metrics, failing like a Prometheus that closes the connection, whenever {@code down} says so. */
    private static final class FlakySource implements MetricSource {
        private final MetricSource real;
        private final ManualTimeSource time;
        private final Predicate<Integer> downAtCall;
        private final Predicate<Instant> downAtTime;
        final List<Instant> failures = new ArrayList<>();
        int calls;

        FlakySource(MetricSource real, ManualTimeSource time, Predicate<Integer> downAtCall, Predicate<Instant> downAtTime) {
            this.real = real;
            this.time = time;
            this.downAtCall = downAtCall;
            this.downAtTime = downAtTime;
        }

        @Override
        public MetricSeries range(MetricScope scope, String metric, Instant from, Instant to) {
            calls++;
            if (downAtCall.test(calls) || downAtTime.test(time.now())) {
                failures.add(time.now());
                throw new UnreachableException(QUERY_RANGE, "IOException: HTTP/1.1 header parser received no bytes", null);
            }
            return real.range(scope, metric, from, to);
        }

        @Override
        public void checkOnline() {
        }
    }

    private ShopIncident errorSpike() {
        return new ShopIncident(dir, Fault.ERROR_SPIKE).deploy();
    }

    private ReleaseWatcher.Outcome watch(ShopIncident incident, MetricSource source, List<ReleaseWatcher.Check> checks) {
        return new ReleaseWatcher(source, incident.policy, incident.time).watch(incident.release, incident.baseline, Duration.ofMinutes(30), checks::add);
    }

    @Test
    void twoFailedReadsAreRetriedOnTheInjectedClockAndTheWatchRollsBackAsIfNothingHappened() {
        ShopIncident steady = errorSpike();
        Instant expected = steady.watch(Duration.ofMinutes(30)).decision().at();

        ShopIncident incident = new ShopIncident(dir.resolve("flaky"), Fault.ERROR_SPIKE).deploy();
        int firstCall = 10; // the history read takes one call per metric; this is in the first check's reads
        FlakySource flaky = new FlakySource(incident.metrics, incident.time, call -> call == firstCall || call == firstCall + 1, at -> false);
        List<ReleaseWatcher.Check> checks = new ArrayList<>();

        ReleaseWatcher.Outcome outcome = watch(incident, flaky, checks);

        assertThat(outcome.decision()).isInstanceOf(Decision.Rollback.class);
        assertThat(outcome.blind().checks()).isZero();
        assertThat(outcome.blind().retries()).isEqualTo(2);
        assertThat(checks).allSatisfy(c -> assertThat(c.blind()).isNull());
        // Resilience4j's backoff, waited on the manual clock (a sleep would not move it): 0.5 s, then 1 s
        assertThat(Duration.between(flaky.failures.get(0), flaky.failures.get(1))).isEqualTo(Duration.ofMillis(500));
        assertThat(flaky.calls).isGreaterThan(firstCall + 1);
        assertThat(outcome.decision().at()).isBetween(expected, expected.plusSeconds(2));
    }

    @Test
    void whileTheSourceIsDownTheWatchIsBlindDecidesNothingAndRollsBackOnceItSeesAgain() {
        ShopIncident incident = errorSpike();
        Instant backAt = DEPLOY.plus(Duration.ofMinutes(4));
        FlakySource flaky = new FlakySource(incident.metrics, incident.time, call -> false, at -> at.isAfter(DEPLOY) && at.isBefore(backAt));
        List<ReleaseWatcher.Check> checks = new ArrayList<>();

        ReleaseWatcher.Outcome outcome = watch(incident, flaky, checks);

        List<ReleaseWatcher.Check> blind = checks.stream().filter(c -> c.blind() != null).toList();
        assertThat(blind).hasSizeGreaterThanOrEqualTo(3).allSatisfy(c -> {
            assertThat(c.decision()).as("missing data alone never rolls back").isInstanceOf(Decision.KeepWatching.class);
            assertThat(c.evaluations()).isEmpty();
            assertThat(c.blind().error()).contains("header parser received no bytes");
            assertThat(c.blind().limit()).isEqualTo(Duration.ofMinutes(5));
        });
        // blind from the first check (a minute after the deploy, plus the retries) until the source is back
        assertThat(blind.getLast().blind().blindFor()).isGreaterThanOrEqualTo(Duration.ofMinutes(2));
        assertThat(outcome.decision()).isInstanceOf(Decision.Rollback.class);
        assertThat(outcome.decision().at()).isAfterOrEqualTo(backAt);
        assertThat(outcome.blind().any()).isTrue();
        assertThat(outcome.blind().gaveUp()).isFalse();
        assertThat(outcome.blind().endedBlind()).isFalse();
        assertThat(outcome.blind().total()).isBetween(Duration.ofMinutes(2), Duration.ofMinutes(4));
    }

    @Test
    void aSourceDownWhenTheWatchStartsIsReadOnceItIsBackAndTheWatchStillRollsBack() {
        ShopIncident incident = errorSpike();
        Instant backAt = DEPLOY.plus(Duration.ofMinutes(3));
        FlakySource flaky = new FlakySource(incident.metrics, incident.time, call -> false, at -> at.isBefore(backAt));
        List<ReleaseWatcher.Check> checks = new ArrayList<>();

        ReleaseWatcher.Outcome outcome = watch(incident, flaky, checks);

        assertThat(checks.getFirst().blind()).as("the previous release's samples could not be read either").isNotNull();
        assertThat(outcome.decision()).isInstanceOf(Decision.Rollback.class);
        assertThat(outcome.decision().at()).isAfterOrEqualTo(backAt);
        assertThat(outcome.blind().checks()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aSourceDownForTheWholeBlindLimitEndsTheWatchWithoutDecidingAnything() {
        ShopIncident incident = errorSpike();
        FlakySource flaky = new FlakySource(incident.metrics, incident.time, call -> false, at -> at.isAfter(DEPLOY));
        List<ReleaseWatcher.Check> checks = new ArrayList<>();

        ReleaseWatcher.Outcome outcome = watch(incident, flaky, checks);

        assertThat(outcome.blind().gaveUp()).isTrue();
        assertThat(outcome.blind().endedBlind()).isTrue();
        assertThat(outcome.decision()).isInstanceOf(Decision.KeepWatching.class);
        assertThat(outcome.decision().reason()).contains(QUERY_RANGE).contains("could not be read for 5 min")
                .contains("monitoring.blind_limit_seconds: 300").contains("nothing was rolled back").contains("header parser received no bytes");
        assertThat(checks).allSatisfy(c -> assertThat(c.decision()).isInstanceOf(Decision.KeepWatching.class));
        // it gave up at the first check past the limit, long before the 30 minutes it was asked to watch
        assertThat(incident.time.now()).isBetween(DEPLOY.plus(Duration.ofMinutes(5)), DEPLOY.plus(Duration.ofMinutes(7)));
    }

    @Test
    void refusedCredentialsAreNotRetriedAndEndTheWatchAtOnce() {
        ShopIncident incident = errorSpike();
        MetricSource refusing = new MetricSource() {
            int calls;

            @Override
            public MetricSeries range(MetricScope scope, String metric, Instant from, Instant to) {
                if (++calls > 1) throw new AssertionError("a refused login was retried");
                throw UnreachableException.unauthorized("http://127.0.0.1:9090/api/v1/query_range", "HTTP 401");
            }

            @Override
            public void checkOnline() {
            }
        };

        UnreachableException e = catchThrowableOfType(UnreachableException.class, () -> watch(incident, refusing, new ArrayList<>()));

        assertThat(e.unauthorized()).isTrue();
        assertThat(e.exitCode()).isEqualTo(3);
    }

    @Test
    void theBaselineWaitsOutAShortOutageAndGivesUpOnALongOne() {
        ShopIncident incident = errorSpike();
        Instant start = incident.time.now();
        FlakySource shortOutage = new FlakySource(incident.metrics, incident.time, call -> false, at -> at.isBefore(start.plus(Duration.ofMinutes(2))));
        List<ReleaseWatcher.Blind> blind = new ArrayList<>();

        var baseline = new ReleaseWatcher(shortOutage, incident.policy, incident.time).awaitBaseline(incident.release, blind::add);

        assertThat(baseline.means()).isEqualTo(incident.baseline.means());
        assertThat(blind).isNotEmpty().allSatisfy(b -> assertThat(b.blindFor()).isLessThan(Duration.ofMinutes(2)));

        FlakySource longOutage = new FlakySource(incident.metrics, incident.time, call -> false, at -> true);
        UnreachableException e = catchThrowableOfType(UnreachableException.class,
                () -> new ReleaseWatcher(longOutage, incident.policy, incident.time).awaitBaseline(incident.release, b -> { }));
        assertThat(e.getMessage()).contains("could not be read for 5 min").contains("the baseline of 2.3.1").contains("gave up");
    }
}
