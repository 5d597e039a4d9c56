package dev.rewind.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rewind.act.Actuators;
import dev.rewind.act.PlanOptions;
import dev.rewind.act.Strategy;
import dev.rewind.config.DefaultPolicy;
import dev.rewind.controller.RollbackCase;
import dev.rewind.controller.RollbackPipeline;
import dev.rewind.model.Observations;
import dev.rewind.model.Release;
import dev.rewind.store.JournalEntry;
import dev.rewind.store.LeaseLostException;
import dev.rewind.store.Leases;
import dev.rewind.store.RewindStore;
import dev.rewind.time.ManualTimeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica that loses its rollback's lease after the steps ended (it paused past the lease while it read the metrics
 * for the report, and another replica took the rollback over) writes nothing more about it: no journal row, no report
 * files, no closing of the history row. The new holder resumes from the journal, where the steps are done, and writes
 * only the report.
 */
class LeaseLostAfterStepsTest {
    private static final Duration TTL = Duration.ofSeconds(30);

    @TempDir Path dir;

    @Test
    void aReplicaThatLostTheLeaseWhileReadingTheReportMetricsWritesNothingAfterTheSteps() {
        ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-12-01T10:00:00Z"));
        TwoVersionService shop = new TwoVersionService("v2", "v1");
        try (RewindStore store = RewindStore.open(dir.resolve("rewind.db"), time.clock())) {
            String id = "rb-lease";
            Leases.Taken mine = store.leases().acquire("replica-a", "rollback:" + id, TTL).orElseThrow();
            var handle = new RollbackPipeline.Handle(id, null, null, null, store.leases().fence(mine.name(), "replica-a", mine.token()));
            Release release = new Release("shop", "prod", "v2", "v1", time.now().minusSeconds(600), List.of(), null, 100, null);
            RollbackCase c = new RollbackCase(release, Strategy.BLUE_GREEN, PlanOptions.defaults(), null, List.of(), time.now(), "operator asked",
                    "alice", dir.resolve("out"));
            AtomicInteger rowsAtTakeover = new AtomicInteger(-1);

            Throwable lost = catchThrowable(() -> new RollbackPipeline(store, time, DefaultPolicy.policy(),
                    Actuators.none().withRouter(shop).withDeployer(shop), null).run(c, handle, restoredAt -> {
                        // replica-a stalls past its lease here; replica-b takes the rollback over
                        time.advance(TTL.plusSeconds(1));
                        assertThat(store.leases().acquire("replica-b", mine.name(), TTL)).as("replica-b takes the expired lease").isPresent();
                        rowsAtTakeover.set(store.journal().entries(id).size());
                        return new Observations(Map.of());
                    }, Map::of));

            assertThat(lost).isInstanceOf(LeaseLostException.class);
            assertThat(shop.log).as("the steps ran under the lease").contains("deploy v1");
            List<JournalEntry> rows = store.journal().entries(id);
            assertThat(rowsAtTakeover.get()).isPositive();
            assertThat(rows).as("no journal row after the takeover: %s", rows.subList(rowsAtTakeover.get(), rows.size()))
                    .hasSize(rowsAtTakeover.get());
            assertThat(rows).extracting(JournalEntry::action).doesNotContain("BOOKKEEPING", "REPORT_DATA");
            assertThat(Files.exists(dir.resolve("out").resolve(id))).as("no report written by the replica that lost the lease").isFalse();
            assertThat(store.history().find(id)).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo("running"));
        }
    }
}
