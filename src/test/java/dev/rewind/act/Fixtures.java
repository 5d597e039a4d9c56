package dev.rewind.act;

import dev.rewind.model.Baseline;
import dev.rewind.model.MetricSummary;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.SmokeTest;
import dev.rewind.model.VerificationPolicy;
import dev.rewind.observe.MetricScope;
import dev.rewind.verify.CurveMetricSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Shared values for the act tests: a checkout service whose 2.4.0 went bad and whose 2.3.1 was good. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-02-24T10:20:00Z");
    static final RollbackPolicy POLICY = new RollbackPolicy(true, Duration.ofSeconds(60), Duration.ofMinutes(5), List.of(), 3,
            Duration.ofSeconds(120), Duration.ofMinutes(15), VerificationPolicy.SEED_000);
    static final SmokeTest LOGIN = new SmokeTest("login", "GET", "http://127.0.0.1:1/login", null, null, 200, null, null);

    private Fixtures() {
    }

    static Release release(String flag) {
        return new Release("checkout", "production", "2.4.0", "2.3.1", T0.minusSeconds(900), List.of(), flag, 100, null);
    }

    static Baseline baseline(String version) {
        return new Baseline(version, T0.minusSeconds(1800), T0.minusSeconds(900), Map.of(
                "error_rate", new MetricSummary(30, 0.5, 15, 0.4, 0.6, 0.05, 0.5),
                "p95_latency_ms", new MetricSummary(30, 120, 3600, 110, 130, 5, 120)));
    }

    /** Metrics that follow what runs: the bad version's are high, any other version's are at baseline. */
    static CurveMetricSource metricsFollowing(FakeWorld world, List<String> log) {
        return new CurveMetricSource(T0.minusSeconds(7200)) {
            @Override
            public dev.rewind.model.MetricSeries range(MetricScope scope, String metric, Instant from, Instant to) {
                if (!metric.equals("request_count")) log.add("metrics " + scope.service() + " " + scope.version() + " " + metric);
                return super.range(scope, metric, from, to);
            }
        }.with("error_rate", (v, t) -> isBad(v) ? 5.0 : 0.5).with("p95_latency_ms", (v, t) -> isBad(v) ? 340.0 : 118.0);
    }

    private static boolean isBad(String version) {
        return version.equals("2.4.0");
    }
}
