package dev.rewind.replay;

import dev.rewind.bench.NabTraces;
import dev.rewind.config.ConfigLoader;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.testing.RealServers;
import org.hipparchus.distribution.discrete.BinomialDistribution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Healthy releases whose traffic follows the NAB production traces (ELB request counts; EC2 and RDS CPU as load), each
 * release on its own segment of 24 h of history and 90 minutes watched, at 15, 150 and 1,500 requests per minute on
 * average: 1,008 releases with the default rules, rolled back at most alpha of the time. Nothing in the test was
 * tuned on these curves (issue 10: "traces that have not been seen"); {@code bench sequential} prints the same rows.
 */
class NabSequentialTest {
    static final RollbackPolicy DEFAULTS = ConfigLoader.defaults().policy();
    static final int PER_CELL = 112; // 3 traces x 3 traffic levels x 112 = 1,008 healthy releases
    static List<RecordedTraffic> curves;

    @BeforeAll
    static void load() {
        RealServers.requireOrSkip(NabNoise.available(), "NAB data not found at " + NabNoise.DIR.toAbsolutePath().normalize()
                + "; it comes with the project's shared/ folder beside the repo (CI has one)");
        curves = NabTraces.read(NabNoise.DIR);
    }

    @Test
    void healthyReleasesOnNabTrafficAreRolledBackAtMostAlphaOfTheTime() {
        double alpha = DEFAULTS.triggers().stream().filter(t -> t.detection().sequential()).mapToDouble(t -> t.detection().alpha()).max().orElseThrow();
        int total = 0, rolledBack = 0;
        List<String> cells = new ArrayList<>();
        int cellBound = new BinomialDistribution(PER_CELL, alpha).inverseCumulativeProbability(0.999);
        for (RecordedTraffic curve : curves) {
            for (double rpm : new double[] {15, 150, 1500}) {
                ReleaseEvaluation e = ReleaseEvaluation.recorded(curve, rpm, 0.004, 1, PER_CELL, Duration.ofHours(24), Duration.ofMinutes(90),
                        9_000 + (long) rpm + curve.name().hashCode());
                ReleaseEvaluation.Outcome o = e.run(DEFAULTS);
                total += o.releases();
                rolledBack += o.rolledBack();
                cells.add(curve.name() + " at " + rpm + " req/min: " + o.rolledBack() + " " + o.firstBy());
                assertThat(o.rolledBack()).as("%s at %s req/min: healthy releases rolled back of %d (%s)", curve.name(), rpm, PER_CELL, o.firstBy())
                        .isLessThanOrEqualTo(cellBound);
            }
        }
        // conservative is allowed, liberal is not: more than this would happen with chance under 0.1% at a true rate of alpha
        int bound = new BinomialDistribution(total, alpha).inverseCumulativeProbability(0.999);
        assertThat(total).isGreaterThanOrEqualTo(1_000);
        assertThat(rolledBack).as("healthy releases on NAB traffic rolled back of %d: %s", total, cells).isLessThanOrEqualTo(bound);
    }

    @Test
    void eachReleaseReadsItsOwnSegmentOfTheCurve() {
        RecordedTraffic elb = curves.get(0);
        ReleaseEvaluation e = ReleaseEvaluation.recorded(elb, 150, 0.004, 1, 3, Duration.ofHours(24), Duration.ofMinutes(90), 1);
        double[] first = requests(e.release(0)), second = requests(e.release(1));
        assertThat(first).hasSameSizeAs(second).isNotEqualTo(second);
        // the curve's own swings show through: the busiest minute is several times the quietest hour's average
        double max = 0, min = Double.MAX_VALUE;
        for (int i = 0; i + 60 <= first.length; i += 60) {
            double hour = 0;
            for (int j = i; j < i + 60; j++) hour += first[j];
            min = Math.min(min, hour / 60);
            max = Math.max(max, hour / 60);
        }
        assertThat(max).as("hourly traffic on one segment of %s", elb.name()).isGreaterThan(1.5 * min);
    }

    private static double[] requests(ReleaseSimulation sim) {
        return sim.observations().get(dev.rewind.model.MetricNames.REQUEST_RATE).orElseThrow().samples().stream().mapToDouble(s -> s.value()).toArray();
    }
}
