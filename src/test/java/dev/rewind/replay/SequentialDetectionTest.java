package dev.rewind.replay;

import dev.rewind.config.ConfigLoader;
import dev.rewind.model.RollbackPolicy;
import org.hipparchus.distribution.discrete.BinomialDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default rules over simulated releases (ReleaseEvaluation, seeded: the same figures every run), 0.4% of requests
 * failing before the deploy, 90 minutes watched: healthy releases are rolled back at most alpha of the time whatever
 * the traffic does, and the regressions issue 10 names are caught. {@code bin/rewind bench sequential} prints the same
 * figures at full size (BENCHMARKS.md).
 */
class SequentialDetectionTest {
    static final RollbackPolicy DEFAULTS = ConfigLoader.defaults().policy();

    static ReleaseEvaluation evaluation(String shape, double rpm, double effect, int releases, int historyHours, long seed) {
        return new ReleaseEvaluation(shape, rpm, 0.004, effect, releases, Duration.ofHours(historyHours), Duration.ofMinutes(90), Duration.ofMinutes(1), seed);
    }

    @ParameterizedTest(name = "{1} traffic at {0} req/min, alpha {2}: false rollbacks within a binomial bound")
    @CsvSource({"15, constant, 0.05", "15, daily, 0.05", "150, growth, 0.05", "150, daily, 0.2", "1500, constant, 0.2", "1500, growth, 0.05"})
    void healthyReleasesAreRolledBackAtMostAlphaOfTheTime(double rpm, String shape, double alpha) {
        int n = 120;
        ReleaseEvaluation.Outcome o = evaluation(shape, rpm, 1, n, 6, 17).run(ReleaseEvaluation.sequentialAt(DEFAULTS, alpha));
        // conservative is allowed, liberal is not: more than this would happen with chance under 0.1% at a true rate of alpha
        int bound = new BinomialDistribution(n, alpha).inverseCumulativeProbability(0.999);
        assertThat(o.rolledBack()).as("healthy releases rolled back of %d (%s)", n, o.firstBy()).isLessThanOrEqualTo(bound);
    }

    @ParameterizedTest(name = "x{1} errors at {0} req/min: caught in at least {2} of 30 within 90 minutes")
    @CsvSource({"150, 2, 30", "1500, 2, 30", "1500, 1.5, 30", "15, 5, 29", "150, 5, 29", "1500, 5, 29"})
    void regressionsAreCaught(double rpm, double effect, int atLeast) {
        ReleaseEvaluation.Outcome o = evaluation("constant", rpm, effect, 30, 24, 5).run(DEFAULTS);
        assertThat(o.rolledBack()).as("caught of 30 (first by %s)", o.firstBy()).isGreaterThanOrEqualTo(atLeast);
        assertThat(o.firstBy().keySet()).allMatch(k -> k.contains("sequential"));
    }
}
