package dev.rewind.act;

import static dev.rewind.act.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.model.UnreachableException;
import dev.rewind.observe.MetricScope;
import dev.rewind.observe.MetricSource;
import dev.rewind.store.RewindStore;
import dev.rewind.time.ManualTimeSource;
import dev.rewind.verify.MetricVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three outcomes a pipeline must tell apart: recovery verified, recovery not verifiable (blind), rollback failed. */
class UnverifiedRecoveryTest {
    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(T0);
    private final FakeWorld world = new FakeWorld().running("checkout", "2.4.0", "2.3.1");

    private RollbackResult rollBack(Actuators actuators) {
        world.routes = Routes.allTo("2.4.0", "2.3.1");
        Release release = Fixtures.release(null);
        var plan = new RollbackPlanner(Fixtures.POLICY).plan(release, Strategy.BLUE_GREEN, PlanOptions.defaults());
        RewindStore store = RewindStore.open(dir.resolve("rewind.db"));
        return new RollbackExecutor(actuators, store.journal(), time, 3)
                .execute(new RollbackRequest("rb-1", release, null, plan, Fixtures.baseline("2.3.1")));
    }

    private Actuators world() {
        return Actuators.none().withRouter(world).withDeployer(world).withHealth(world).withNotifier(world);
    }

    @Test
    void aMetricSourceDownAfterTheSwitchLeavesTheRollbackDoneButUnverified() {
        MetricSource down = new MetricSource() {
            public MetricSeries range(MetricScope scope, String metric, Instant from, Instant to) {
                throw new UnreachableException("http://prometheus:9090/api/v1/query_range", "connection refused or failed", null);
            }

            public void checkOnline() {
            }
        };

        RollbackResult r = rollBack(world().withMetrics(new MetricVerifier(down, time, Duration.ofSeconds(30))));

        assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS_UNVERIFIED);
        assertThat(r.status().rolledBack()).isTrue();
        assertThat(r.metricsNormalized()).isFalse();
        assertThat(r.verificationNote()).contains("blind", "connection refused");
        assertThat(world.routes.percent("2.3.1")).isEqualTo(100.0);
        assertThat(r.actionsLog()).filteredOn(a -> a.action().equals("METRICS_VERIFIED")).singleElement()
                .extracting(ActionLogEntry::status).isEqualTo("inconclusive");
        assertThat(world.alerts).anySatisfy(a -> assertThat(a.title()).startsWith("Rolled back, recovery not verified"));
        assertThat(world.alerts).noneSatisfy(a -> assertThat(a.title()).startsWith("Rollback failed"));
    }

    @Test
    void noMetricSourceAtAllIsUnverifiedTooAndSaysSo() {
        RollbackResult r = rollBack(world());

        assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS_UNVERIFIED);
        assertThat(r.verificationNote()).contains("metrics were not compared", "no metric source");
    }

    @Test
    void metricsSeenBackAtBaselineAreAVerifiedSuccess() {
        RollbackResult r = rollBack(world().withMetrics(new MetricVerifier(Fixtures.metricsFollowing(world, world.log), time, Duration.ofSeconds(30))));

        assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS);
        assertThat(r.verificationNote()).isNull();
        assertThat(r.metricsNormalized()).isTrue();
    }

    @Test
    void metricsSeenStillOffAreAFailureNotUnverified() {
        // the restored version is bad too as far as the metrics can tell
        var stillBad = new dev.rewind.verify.CurveMetricSource(T0.minusSeconds(7200)).with("error_rate", (v, t) -> 5.0);

        RollbackResult r = rollBack(world().withMetrics(new MetricVerifier(stillBad, time, Duration.ofSeconds(30))));

        assertThat(r.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(r.verificationNote()).isNull();
    }
}
