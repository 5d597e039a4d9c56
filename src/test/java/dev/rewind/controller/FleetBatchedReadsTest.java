package dev.rewind.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.act.Actuators;
import dev.rewind.act.Strategy;
import dev.rewind.config.ConfigLoader;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.Sample;
import dev.rewind.model.UnreachableException;
import dev.rewind.observe.MetricScope;
import dev.rewind.observe.MetricSource;
import dev.rewind.store.RewindStore;
import dev.rewind.time.ManualTimeSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet reads each metric once for all the checks due at a tick on one metric source, not once per release: on a
 * manual clock, with checks run inline, against a source that records every read.
 */
class FleetBatchedReadsTest {
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(START);
    private final RecordingSource source = new RecordingSource();
    private final List<dev.rewind.model.Alert> alerts = new CopyOnWriteArrayList<>();

    /** Healthy, steady values for every version; records which reads were asked for. */
    private static final class RecordingSource implements MetricSource {
        record Read(String metric, int releases) {
        }

        final List<Read> batches = new CopyOnWriteArrayList<>();
        final List<String> singles = new CopyOnWriteArrayList<>();
        volatile boolean down;
        volatile int batchFailures; // the next batch reads that fail (transiently), the single reads still working

        @Override
        public MetricSeries range(MetricScope scope, String metric, Instant from, Instant to) {
            if (down) throw new UnreachableException("http://metrics", "connection refused", null);
            singles.add(metric + " " + scope.version());
            return series(metric, from, to);
        }

        @Override
        public Map<MetricScope, MetricSeries> rangeAll(String metric, List<MetricScope> scopes, Instant from, Instant to) {
            if (down) throw new UnreachableException("http://metrics", "connection refused", null);
            if (batchFailures > 0) {
                batchFailures--;
                throw new UnreachableException("http://metrics", "connection reset", null);
            }
            batches.add(new Read(metric, scopes.size()));
            Map<MetricScope, MetricSeries> out = new LinkedHashMap<>();
            scopes.forEach(s -> out.put(s, series(metric, from, to)));
            return out;
        }

        private static MetricSeries series(String metric, Instant from, Instant to) {
            List<Sample> samples = new ArrayList<>();
            for (Instant t = from.plusSeconds(15); !t.isAfter(to); t = t.plusSeconds(15)) {
                samples.add(new Sample(t, value(metric)));
            }
            return new MetricSeries(metric, samples);
        }

        /** Healthy: no health check or database failures (absolute triggers), small error rate, flat counters. */
        private static double value(String metric) {
            if (metric.equals("request_rate")) return 100;
            if (metric.contains("latency")) return 200;
            if (metric.equals("error_rate")) return 0.01;
            if (metric.contains("failures") || metric.contains("errors") || metric.equals("error_count")) return 0;
            return 40;
        }

        @Override
        public void checkOnline() {
        }
    }

    private Fleet fleet(int environments, RewindStore store, RollbackPolicy policy) {
        Map<String, FleetEnvironment> envs = new LinkedHashMap<>();
        for (int i = 0; i < environments; i++) {
            EnvironmentConfig cfg = new EnvironmentConfig("env-" + i, "svc-" + i, "blue_green", false, null, null, null, null, null, null,
                    List.of(), List.of(), "rewind.yaml", 1);
            envs.put(cfg.name(), new FleetEnvironment(cfg, Strategy.BLUE_GREEN, Optional.of(source), Actuators.none().withNotifier(alerts::add), policy));
        }
        return new Fleet(store, time, envs, FleetSettings.defaults(dir.resolve("out")), Runnable::run, Runnable::run, FleetListener.NONE);
    }

    private static RollbackPolicy policy() {
        return ConfigLoader.defaults().policy();
    }

    @Test
    void checksDueTogetherReadEachMetricOnceForAllReleases() {
        try (RewindStore store = RewindStore.open(dir.resolve("rewind.db"), time.clock())) {
            Fleet fleet = fleet(20, store, policy());
            for (int i = 0; i < 20; i++) fleet.register(new Registration("env-" + i, "2." + i + ".0", "1." + i + ".0", time.now(), List.of(), null, ""), null, "ci");
            int metrics = new ReleaseWatcher(source, policy(), time).watchedMetrics().size();

            time.advance(policy().checkInterval());
            int started = fleet.tick();

            assertThat(started).isEqualTo(20);
            // a new watch reads its baseline alone (as on main); the 20 checks read each watched metric once for all
            assertThat(source.batches).hasSize(metrics).allSatisfy(r -> assertThat(r.releases()).isEqualTo(20));
            assertThat(fleet.watching()).hasSize(20).allSatisfy(w -> {
                assertThat(w.checks()).isEqualTo(1);
                assertThat(w.lastDecision()).isEqualTo("no_rollback");
                assertThat(w.lastError()).isNull();
            });

            source.batches.clear();
            source.singles.clear();
            time.advance(policy().checkInterval());
            fleet.tick();

            assertThat(source.batches).hasSize(metrics).allSatisfy(r -> assertThat(r.releases()).isEqualTo(20));
            // what is read per release in steady state: only the sequential tests' counts, when the policy has any
            int counts = new ReleaseWatcher(source, policy(), time).countMetrics().size();
            assertThat(source.singles).hasSize(20 * counts);
            assertThat(fleet.watching()).allSatisfy(w -> assertThat(w.checks()).isEqualTo(2));
        }
    }

    @Test
    void releasesUnderDifferentPoliciesAreReadApart() {
        try (RewindStore store = RewindStore.open(dir.resolve("rewind.db"), time.clock())) {
            RollbackPolicy other = policy().withTriggers(policy().triggers().subList(0, 1));
            Map<String, FleetEnvironment> envs = new LinkedHashMap<>();
            for (int i = 0; i < 4; i++) {
                EnvironmentConfig cfg = new EnvironmentConfig("env-" + i, "svc-" + i, "blue_green", false, null, null, null, null, null, null,
                        List.of(), List.of(), "rewind.yaml", 1);
                envs.put(cfg.name(), new FleetEnvironment(cfg, Strategy.BLUE_GREEN, Optional.of(source), Actuators.none(), i < 2 ? policy() : other));
            }
            Fleet fleet = new Fleet(store, time, envs, FleetSettings.defaults(dir.resolve("out")), Runnable::run, Runnable::run, FleetListener.NONE);
            for (int i = 0; i < 4; i++) fleet.register(new Registration("env-" + i, "2." + i + ".0", "1." + i + ".0", time.now(), List.of(), null, ""), null, "ci");

            time.advance(policy().checkInterval());
            fleet.tick();

            assertThat(source.batches).isNotEmpty().allSatisfy(r -> assertThat(r.releases()).isEqualTo(2));
            assertThat(fleet.watching()).allSatisfy(w -> assertThat(w.checks()).isEqualTo(1));
        }
    }

    @Test
    void aSourceThatCannotBeReadLeavesEveryReleaseOfTheRoundBlindAndNoneRolledBack() {
        try (RewindStore store = RewindStore.open(dir.resolve("rewind.db"), time.clock())) {
            Fleet fleet = fleet(5, store, policy());
            for (int i = 0; i < 5; i++) fleet.register(new Registration("env-" + i, "2." + i + ".0", "1." + i + ".0", time.now(), List.of(), null, ""), null, "ci");
            time.advance(policy().checkInterval());
            fleet.tick();
            assertThat(fleet.watching()).allSatisfy(w -> assertThat(w.lastError()).isNull());

            source.down = true;
            time.advance(policy().checkInterval());
            fleet.tick();

            assertThat(fleet.watching()).hasSize(5).allSatisfy(w -> {
                assertThat(w.lastError()).startsWith("blind for").contains("connection refused");
                assertThat(w.lastDecision()).isEqualTo("no_rollback");
                assertThat(w.nextCheck()).isAfter(time.now());
            });
            assertThat(store.history().list(10)).isEmpty();
            assertThat(store.audit().entries()).noneMatch(e -> e.action().startsWith("rollback"));
            // people are told, once per environment: nobody is looking while it lasts
            assertThat(alerts).hasSize(5).allSatisfy(a -> {
                assertThat(a.severity()).isEqualTo(dev.rewind.model.Severity.HIGH);
                assertThat(a.title()).startsWith("Rewind is blind: metrics of svc-");
                assertThat(a.body()).contains("connection refused").contains("Missing data never rolls back");
            });
            time.advance(policy().checkInterval());
            fleet.tick();
            assertThat(alerts).as("still blind: not told again").hasSize(5);

            source.down = false;
            time.advance(policy().checkInterval());
            fleet.tick();

            assertThat(fleet.watching()).allSatisfy(w -> {
                assertThat(w.lastError()).isNull();
                assertThat(w.checks()).isEqualTo(4);
            });
            assertThat(alerts.subList(5, alerts.size())).hasSize(5).allSatisfy(a -> {
                assertThat(a.severity()).isEqualTo(dev.rewind.model.Severity.LOW);
                assertThat(a.title()).contains("can read the metrics").contains("again");
            });
        }
    }

    @Test
    void aSharedReadThatFailsOnceIsRetriedForTheWholeRound() {
        try (RewindStore store = RewindStore.open(dir.resolve("rewind.db"), time.clock())) {
            Fleet fleet = fleet(3, store, policy());
            for (int i = 0; i < 3; i++) fleet.register(new Registration("env-" + i, "2." + i + ".0", "1." + i + ".0", time.now(), List.of(), null, ""), null, "ci");
            int metrics = new ReleaseWatcher(source, policy(), time).watchedMetrics().size();
            source.batchFailures = 1;

            time.advance(policy().checkInterval());
            fleet.tick();

            // the first metric's read failed once, then the whole round's read was retried (not each release's)
            assertThat(source.batches).hasSize(metrics).allSatisfy(r -> assertThat(r.releases()).isEqualTo(3));
            assertThat(fleet.watching()).hasSize(3).allSatisfy(w -> {
                assertThat(w.lastError()).isNull();
                assertThat(w.checks()).isEqualTo(1);
            });
        }
    }
}
