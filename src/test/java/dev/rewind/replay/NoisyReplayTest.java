package dev.rewind.replay;

import dev.rewind.config.ConfigLoader;
import dev.rewind.model.Decision;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.testing.RealServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import dev.rewind.model.Finding;
import dev.rewind.model.MetricNames;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Replays on real production noise (NAB): healthy releases stay, regressions roll back by the right trigger. */
class NoisyReplayTest {
    static NabNoise noise;
    static final RollbackPolicy POLICY = ConfigLoader.defaults().policy();
    static final int BEFORE = 12, AFTER = 24;
    static final int STRIDE = Integer.getInteger("rewind.noise.stride", 24); // -Drewind.noise.stride=1 tries every sample // one hour before the deploy, two hours of watching

    @BeforeAll
    static void loadNoise() {
        RealServers.requireOrSkip(NabNoise.available(), "NAB data not found at " + NabNoise.DIR.toAbsolutePath().normalize()
                + "; it comes with the project's shared/ folder beside the repo (CI has one)");
        noise = new NabNoise();
    }

    static Release release(Instant deployedAt) {
        return new Release("api", "production", "v2", "v1", deployedAt, List.of(), null, 100, null);
    }

    /** Deploys land between samples, so the first sample after the deploy is the new release's. */
    static Instant deployAt(int sample) {
        return noise.times.get(sample).minusSeconds(150);
    }

    @Test
    void healthyReleasesOnNoisyProductionDataAreNotRolledBack() {
        List<String> falseAlarms = new ArrayList<>();
        int deploys = 0;
        for (int i = BEFORE + 1; i + AFTER < noise.size(); i += STRIDE) {
            deploys++;
            ReplayResult r = new Replayer().replay(POLICY, noise.observations(i, i - BEFORE, i + AFTER, Map.of()), release(deployAt(i)));
            if (r.actionable()) falseAlarms.add(deployAt(i) + " " + r.decision().code() + ": " + r.decision().findings());
        }
        assertThat(deploys).isGreaterThan(150 * 24 / STRIDE);
        assertThat(falseAlarms).as("false alarms in %d healthy deploys", deploys).isEmpty();
    }

    record Regression(String name, String trigger, String metric, BiFunction<Integer, Double, Double> change, int withinMinutes) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> regressions() {
        List<Regression> kinds = new ArrayList<>();
        // at night a tripled trickle of errors (one per 5 minutes) needs a few samples to stand out from Poisson noise
        for (double k : new double[] {3, 5, 10}) kinds.add(new Regression("error rate x" + (int) k, "error_rate", MetricNames.ERROR_RATE, (i, v) -> v * k + 0.2 * k, k < 5 ? 60 : 15));
        kinds.add(new Regression("p95 x2", "latency", MetricNames.P95_LATENCY, (i, v) -> v * 2, 15));
        kinds.add(new Regression("memory leak", "memory", MetricNames.MEMORY, null, 120));
        kinds.add(new Regression("db connection errors", "database", MetricNames.DB_CONNECTION_ERRORS, (i, v) -> v + 15, 15));
        kinds.add(new Regression("failing health checks", "health_check", MetricNames.HEALTH_CHECK_FAILURES, (i, v) -> v + 5, 15));
        List<Arguments> out = new ArrayList<>();
        for (Regression kind : kinds) {
            for (int deploy = BEFORE + 7; deploy + AFTER < 4032; deploy += 24 * 7 + 11) out.add(Arguments.of(kind, deploy));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} deployed at sample {1}")
    @MethodSource("regressions")
    void rollsBackAnInjectedRegressionByTheRightTrigger(Regression kind, int deploy) {
        BiFunction<Integer, Double, Double> change = kind.change() != null ? kind.change()
                // a leak: +4 points of memory per 5 minutes from the deploy, capped at 99
                : (i, v) -> Math.min(99, v + 4.0 * (i - deploy + 1));
        BiFunction<Integer, Double, Double> afterDeploy = (i, v) -> i >= deploy ? change.apply(i, v) : v;
        ReplayResult r = new Replayer().replay(POLICY, noise.observations(deploy, deploy - BEFORE, deploy + AFTER, Map.of(kind.metric(), afterDeploy)),
                release(deployAt(deploy)));
        assertThat(r.decision().code()).as(r.decision().reason()).isEqualTo("rollback");
        assertThat(r.decision().findings()).as("%s", r.decision().findings()).extracting(Finding::trigger).contains(kind.trigger());
        assertThat(Duration.between(deployAt(deploy), r.decision().at())).isLessThanOrEqualTo(Duration.ofMinutes(kind.withinMinutes()));
    }
}
