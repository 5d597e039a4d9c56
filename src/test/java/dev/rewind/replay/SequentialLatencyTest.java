package dev.rewind.replay;

import dev.rewind.config.ConfigLoader;
import dev.rewind.model.Finding;
import dev.rewind.model.RollbackPolicy;
import org.hipparchus.distribution.discrete.BinomialDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default latency trigger over simulated histograms (log-normal latencies, buckets 10% apart, 600 req/min, seeded):
 * a slower tail is caught by the sequential test on slow requests, a shift within the 10% tolerance is not, even
 * after many requests, and healthy releases stay within a binomial bound of alpha.
 */
class SequentialLatencyTest {
    static final RollbackPolicy DEFAULTS = ConfigLoader.defaults().policy();

    static ReplayResult replay(double slower, long seed) {
        Instant deploy = Instant.parse("2026-03-02T12:00:00Z").plus(Duration.ofMinutes(seed * 37 % 1440));
        ReleaseSimulation.Latency latency = new ReleaseSimulation.Latency(120, 0.5, slower, ReleaseSimulation.Latency.fine());
        ReleaseSimulation sim = new ReleaseSimulation(ReleaseSimulation.TrafficShape.constant(), 600, 0.0, 1, Duration.ofHours(3),
                Duration.ofMinutes(60), Duration.ofMinutes(1), deploy, seed, latency);
        return new Replayer().replay(DEFAULTS, sim.observations(), sim.release());
    }

    static boolean latencyFired(ReplayResult r) {
        return r.actionable() && r.decision().findings().stream().map(Finding::trigger).anyMatch("latency"::equals);
    }

    @ParameterizedTest(name = "median x{0} slower: latency rolled back in {1} to {2} of {3} releases")
    @CsvSource({"1.0, 0, -1, 60", "1.02, 0, -1, 30", "1.3, 28, 30, 30", "2.0, 30, 30, 30"})
    void slowerTailsAreCaughtAndShiftsWithinTheToleranceAreNot(double slower, int atLeast, int atMost, int releases) {
        int fired = 0;
        for (int seed = 0; seed < releases; seed++) {
            ReplayResult r = replay(slower, 100 + seed);
            if (latencyFired(r)) {
                fired++;
                Finding f = r.decision().findings().stream().filter(x -> x.trigger().equals("latency")).findFirst().orElseThrow();
                assertThat(f.kind()).isEqualTo("sequential");
                assertThat(f.evidence().pValue()).isLessThanOrEqualTo(f.evidence().alpha());
            }
        }
        // healthy or within tolerance: more than this would happen with chance under 0.1% at a true rate of alpha 0.05
        int most = atMost >= 0 ? atMost : new BinomialDistribution(releases, 0.05).inverseCumulativeProbability(0.999);
        assertThat(fired).isBetween(atLeast, most);
    }
}
