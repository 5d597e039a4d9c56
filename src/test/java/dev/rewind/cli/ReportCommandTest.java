package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.Step;
import dev.rewind.model.StepAction;
import dev.rewind.model.StepOutcome;
import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    private static final Instant T0 = Instant.parse("2026-02-24T10:20:00Z");

    @Test
    void printsTheJournalAsOnePlainSentencePerAction(@TempDir Path dir) {
        Path db = dir.resolve("s.db");
        RewindStore store = RewindStore.open(db);
        store.history().record(new RollbackRecord("rb-1", "shop", "demo", "2.4.0", "2.3.1", "running", "errors", "ops", "error_rate",
                T0, null, Map.of(), null));
        store.audit().append("ops", "rollback.started", "shop/demo", "id=rb-1 from=2.4.0 to=2.3.1", T0);
        store.journal().event("rb-1", 1, "ATTEMPT", "started", "attempt 1 of 3", Map.of(), T0);
        Step flip = new Step("switch-traffic", "all traffic 2.4.0 -> 2.3.1", new StepAction.SwitchTraffic("shop", "2.4.0", "2.3.1"),
                Duration.ofMinutes(1), Duration.ofSeconds(10), true);
        long seq = store.journal().begin("rb-1", 1, "Traffic", flip, T0);
        store.journal().finish("rb-1", seq, new StepOutcome.Succeeded("traffic 2.4.0 -> 2.3.1",
                Map.of("routes_before", Map.of("2.4.0", 100, "2.3.1", 0), "routes_after", Map.of("2.3.1", 100, "2.4.0", 0))), T0.plusMillis(13));

        store.finishRollback("rb-1", "ops", "shop/demo", "success", T0.plusSeconds(5), Map.of("status", "success"), null, null, null);

        Cli cli = Cli.run("report", "rb-1", "--store", db.toString());

        assertThat(cli.exit()).as(cli.err()).isZero();
        assertThat(cli.out().lines().filter(l -> l.startsWith("- "))).containsExactly(
                "- 2026-02-24T10:20:00Z  attempt 1 of 3 started",
                "- 2026-02-24T10:20:00.013Z  traffic switched 2.4.0 → 2.3.1 (13 ms)");
    }
}
