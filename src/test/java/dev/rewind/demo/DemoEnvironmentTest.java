package dev.rewind.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.act.FlagSwitch;
import dev.rewind.act.Routes;
import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Sample;
import dev.rewind.observe.MetricScope;
import dev.rewind.time.SystemTimeSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's world is real: separate service processes behind a router, measured from real traffic.
 * Waits are bounded polls for enough traffic to have flowed; nothing asserts on speed.
 */
class DemoEnvironmentTest {

    static final class Flags implements FlagSwitch {
        final Set<String> on = ConcurrentHashMap.newKeySet();
        public boolean isEnabled(String flag) { return on.contains(flag); }
        public void disable(String flag) { on.remove(flag); }
        public void enable(String flag) { on.add(flag); }
    }

    @Test
    void theBadReleaseFailsOnlyOnItsFlaggedPathAndTheRouterMeasuresIt(@TempDir Path dir) throws Exception {
        SystemTimeSource time = new SystemTimeSource();
        Flags flags = new Flags();
        try (DemoEnvironment env = new DemoEnvironment(Fault.ERROR_SPIKE, flags, time, dir)) {
            env.serve(DemoEnvironment.STABLE);
            env.startLoad(80, Duration.ofSeconds(60));
            Instant t0 = time.now();
            awaitCount(() -> count(env, DemoEnvironment.STABLE, t0), 200, DemoEnvironment.STABLE + " requests since " + t0);

            env.supervisor().deploy(DemoEnvironment.SERVICE, DemoEnvironment.CANDIDATE);
            flags.enable(DemoEnvironment.FLAG);
            env.router().setRoutes(Routes.allTo(DemoEnvironment.CANDIDATE, DemoEnvironment.STABLE));
            Instant t1 = time.now();
            awaitCount(() -> count(env, DemoEnvironment.CANDIDATE, t1), 300, DemoEnvironment.CANDIDATE + " requests since " + t1);

            double stableErrors = meanOf(env, DemoEnvironment.STABLE, MetricNames.ERROR_RATE, t0, t1);
            double candidateErrors = meanOf(env, DemoEnvironment.CANDIDATE, MetricNames.ERROR_RATE, t1, time.now());
            assertThat(stableErrors).isLessThan(3.0);
            assertThat(candidateErrors).isBetween(10.0, 35.0);
            assertThat(meanOf(env, DemoEnvironment.CANDIDATE, MetricNames.MEMORY, t1, time.now())).isBetween(40.0, 50.0);
        }
    }

    private static long count(DemoEnvironment env, String version, Instant from) {
        MetricSeries s = env.metrics().range(new MetricScope("shop", "demo", version), DemoMetrics.REQUEST_COUNT, from, Instant.now());
        return (long) s.samples().stream().mapToDouble(Sample::value).sum();
    }

    private static double meanOf(DemoEnvironment env, String version, String metric, Instant from, Instant to) {
        MetricSeries s = env.metrics().range(new MetricScope("shop", "demo", version), metric, from, to);
        assertThat(s.samples()).as(metric + " samples of " + version).isNotEmpty();
        return s.samples().stream().mapToDouble(Sample::value).average().orElseThrow();
    }

    /** Polls until {@code counted} reaches {@code atLeast}; fails saying what was counted and the last count seen. */
    private static void awaitCount(java.util.function.LongSupplier counted, long atLeast, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        long last = counted.getAsLong();
        while (last < atLeast) {
            if (System.nanoTime() >= deadline) {
                throw new AssertionError("waited 45 s for " + atLeast + " " + what + " in the demo's metrics; the last count was " + last);
            }
            Thread.sleep(100); // a poll interval: the loop ends on the count or the deadline
            last = counted.getAsLong();
        }
    }
}
