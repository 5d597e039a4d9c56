package dev.rewind.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.store.RollbackRecord;
import dev.rewind.testing.RealServers;
import dev.rewind.time.SystemTimeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * One short failover end to end on a real HAProxy and Prometheus, with Rewind's watch as a child JVM:
 * traffic must end on blue, the watch must exit 0 and its store must hold the rollback. No timing is
 * asserted: this machine's speed is not the point here, BENCHMARKS.md is.
 */
class FailoverBenchmarkTest {

    @Test
    void rewindMovesTrafficBackToBlueAndRecordsTheRollback() throws Exception {
        RealServers.requireBinary("haproxy", "haproxy");
        RealServers.requireBinary("prometheus", "prometheus");
        // 18 s of blue, counted from when Prometheus reads blue's full rate (the benchmark waits for that): the
        // example's 15 s baseline window then holds only full-rate samples however slowly Prometheus started, so
        // verification (which compares the restored request_rate with the baseline) sees like with like
        var scenario = new FailoverBenchmark.Scenario(20, 0.5, Duration.ofSeconds(2), Duration.ofSeconds(18), Duration.ofSeconds(7),
                null, Duration.ofSeconds(40));
        var launcher = RewindChild.Launcher.classpath(System.getProperty("java.class.path"));
        String example = Files.readString(Path.of("examples/haproxy-prometheus.yaml"));

        FailoverBenchmark.Outcome o = new FailoverBenchmark(scenario, launcher, example, new SystemTimeSource(), line -> { }).run();
        try {
            assertFailedOver(o);
        } finally {
            deleteTree(o.dir());
        }
    }

    @Test
    void serveMovesTrafficBackToBlueForAReleaseRegisteredThroughItsApi() throws Exception {
        RealServers.requireBinary("haproxy", "haproxy");
        RealServers.requireBinary("prometheus", "prometheus");
        // as above, with a running `rewind serve` told of the deploy through POST /api/v1/releases instead of a watch
        var scenario = new FailoverBenchmark.Scenario(20, 0.5, Duration.ofSeconds(2), Duration.ofSeconds(18), Duration.ofSeconds(7),
                null, Duration.ofSeconds(40), FailoverBenchmark.Mode.SERVE);
        var launcher = RewindChild.Launcher.classpath(System.getProperty("java.class.path"));
        String example = Files.readString(Path.of("examples/haproxy-prometheus.yaml"));

        FailoverBenchmark.Outcome o = new FailoverBenchmark(scenario, launcher, example, new SystemTimeSource(), line -> { }).run();
        try {
            assertThat(o.watchOutput()).as("serve's console").contains("registered shop green in production (previous blue) by bench");
            assertFailedOver(o);
        } finally {
            deleteTree(o.dir());
        }
    }

    private static void assertFailedOver(FailoverBenchmark.Outcome o) {
        assertThat(o.run().endedOnBlue()).as("traffic ended on blue; watch output:%n%s", o.watchOutput()).isTrue();
        assertThat(o.run().watchExit()).as("watch exit (serve: 0 when its rollback ended success); output:%n%s", o.watchOutput()).isZero();
        assertThat(o.rollbacks()).hasSize(1);
        RollbackRecord rollback = o.rollbacks().getFirst();
        assertThat(rollback.fromVersion()).isEqualTo("green");
        assertThat(rollback.toVersion()).isEqualTo("blue");
        assertThat(rollback.status()).isEqualTo("success");
        assertThat(rollback.trigger()).contains("error_rate");
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
