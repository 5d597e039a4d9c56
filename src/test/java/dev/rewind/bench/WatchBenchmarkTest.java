package dev.rewind.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench watch} run tiny, to prove its counts, never its speed: 50 releases on the serve runtime, five of them
 * failing at known instants. Busy releases (at least 100 requests/s), so the noise of a quiet service's first
 * minutes is not what this test is about.
 */
class WatchBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void everyFailingReleaseIsDecidedAfterItsBreachAndEveryCheckIsCounted() throws Exception {
        var settings = new WatchBenchmark.Settings(50, Duration.ofSeconds(1), Duration.ofSeconds(6), Duration.ofSeconds(2), 0.1, 100, 7, dir);
        List<String> progress = new ArrayList<>();

        WatchBenchmark.Result r = new WatchBenchmark(settings).run(progress::add);

        assertThat(r.degraded()).isEqualTo(5);
        assertThat(r.decided()).as("failing releases decided after their first breaching sample").isEqualTo(5);
        assertThat(r.delaySeconds().count()).isEqualTo(5);
        assertThat(r.delaySeconds().p50()).isGreaterThanOrEqualTo(0);
        assertThat(r.falseRollbacks()).isEmpty();
        assertThat(r.correct()).isTrue();
        // the checks counted are those the fleet reported, and each read one batch per metric for several releases
        assertThat(r.checks()).isPositive().isEqualTo(r.lagMs().count());
        assertThat(r.reads() - r.singleReads()).isPositive().isLessThan(r.checks() * r.metricsPerCheck());
        assertThat(r.watchingAtEnd()).isEqualTo(45);
        assertThat(r.cpuSeconds()).isPositive();
        assertThat(r.peakHeapBytes()).isPositive();
        assertThat(r.liveHeapBytes()).isPositive().isLessThanOrEqualTo(r.maxHeapBytes());
        assertThat(WatchReport.render(r)).contains("checks:", "CPU:", "heap:", "breach->decide:", "5 of 5 decided", "false rollbacks: 0");
        assertThat(progress).anySatisfy(l -> assertThat(l).contains("registered 50 releases"));
    }
}
