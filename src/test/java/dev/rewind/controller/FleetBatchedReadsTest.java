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

    /** Healthy, steady values for every version; records which reads were asked for. */
    private static final class RecordingSource implements MetricSource {
        record Read(String metric, int releases) {
        }

        final List<Read> batches = new CopyOnWriteArrayList<>();
        final List<String> singles = new CopyOnWriteArrayList<>();
        volatile boolean down;

        @Override
        public MetricSeries range(MetricScope scope, String metric, Instant from, Instant to) {
            singles.add(metric + " " + scope.version());
            return series(metric, from, to);
        }

        @Override
        public Map<MetricScope, MetricSeries> rangeAll(String metric, List<MetricScope> scopes, Instant from, Instant to) {
            if (down) throw new UnreachableException("http://metrics", "connection refused", null);
            batches.add(new Read(metric, scopes.size()));
            Map<MetricScope, MetricSeries> out = new LinkedHashMap<>();
            scopes.forEach(s -> out.put(s, series(metric, from, to)));
            return out;
        }

        private static MetricSeries series(String metric, Instant from, Instant to) {
            List<Sample> samples = new ArrayList<>();
            for (Instant t = from.plusSeconds(15); !t.isAfter(to); t = t.plusSeconds(15)) {
                samples.add(new Sample(t, metric.equals("request_rate") ? 100 : metric.contains("latency") ? 200 : metric.contains("error") ? 0.01 : 40));
            }
            return new MetricSeries(metric, samples);
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
            envs.put(cfg.name(), new FleetEnvironment(cfg, Strategy.BLUE_GREEN, Optional.of(source), Actuators.none(), policy));
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
            // the baselines of the 20 previous versions, then the 20 checks: each metric read once for each
            assertThat(source.batches).hasSize(2 * metrics).allSatisfy(r -> assertThat(r.releases()).isEqualTo(20));
            assertThat(source.singles).isEmpty();
            assertThat(fleet.watching()).hasSize(20).allSatisfy(w -> {
                assertThat(w.checks()).isEqualTo(1);
                assertThat(w.lastDecision()).isEqualTo("no_rollback");
                assertThat(w.lastError()).isNull();
            });

            source.batches.clear();
            time.advance(policy().checkInterval());
            fleet.tick();

            assertThat(source.batches).hasSize(metrics).allSatisfy(r -> assertThat(r.releases()).isEqualTo(20));
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
            source.down = true;

            time.advance(policy().checkInterval());
            fleet.tick();

            assertThat(fleet.watching()).hasSize(5).allSatisfy(w -> {
                assertThat(w.lastError()).contains("connection refused");
                assertThat(w.nextCheck()).isAfter(time.now());
            });
            assertThat(store.history().list(10)).isEmpty();

            source.down = false;
            time.advance(policy().checkInterval());
            fleet.tick();

            assertThat(fleet.watching()).allSatisfy(w -> {
                assertThat(w.lastError()).isNull();
                assertThat(w.checks()).isEqualTo(1);
            });
        }
    }

    @Test
    void deploysAWindowApartReadTheirBaselinesApart() {
        try (RewindStore store = RewindStore.open(dir.resolve("rewind.db"), time.clock())) {
            Fleet fleet = fleet(2, store, policy());
            fleet.register(new Registration("env-0", "2.0.0", "1.0.0", time.now().minus(Duration.ofMinutes(30)), List.of(), null, ""), null, "ci");
            fleet.register(new Registration("env-1", "2.1.0", "1.1.0", time.now(), List.of(), null, ""), null, "ci");
            int metrics = new ReleaseWatcher(source, policy(), time).watchedMetrics().size();

            time.advance(policy().checkInterval());
            fleet.tick();

            // two baseline spans (each one release), then one read per metric for both checks
            assertThat(source.batches).hasSize(3 * metrics);
            assertThat(source.batches.stream().filter(r -> r.releases() == 2).count()).isEqualTo(metrics);
            assertThat(fleet.watching()).allSatisfy(w -> assertThat(w.checks()).isEqualTo(1));
        }
    }
}
