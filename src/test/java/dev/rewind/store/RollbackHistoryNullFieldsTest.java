package dev.rewind.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed rollback's result has null fields (normalization_time_sec); listing the history must still work. */
class RollbackHistoryNullFieldsTest {
    @TempDir
    Path dir;

    @Test
    void listsARollbackWhoseResultHasNullFields() {
        RollbackHistory history = RewindStore.open(dir.resolve("r.db")).history();
        Instant t0 = Instant.parse("2026-11-22T00:35:26Z");
        history.record(new RollbackRecord("rb-1", "shop", "production", "green", "blue", "running", "errors", "rewind", "error_rate",
                t0, null, null, null));
        Map<String, Object> result = new HashMap<>();
        result.put("status", "failed");
        result.put("normalization_time_sec", null);
        history.update("rb-1", "failed", t0.plusSeconds(3), result, null);

        RollbackRecord read = history.list(5).getFirst();
        assertThat(read.result()).containsEntry("status", "failed").containsKey("normalization_time_sec");
        assertThat(read.result().get("normalization_time_sec")).isNull();
    }
}
