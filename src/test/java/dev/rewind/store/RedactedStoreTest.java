package dev.rewind.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.Step;
import dev.rewind.model.StepAction;
import dev.rewind.model.StepOutcome;
import dev.rewind.secrets.SecretRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rewind.secrets.FreshSecrets;
import org.junit.jupiter.api.extension.ExtendWith;

/** The store masks secrets before it writes, so the chain's hashes prove what the rows hold. */
@ExtendWith(FreshSecrets.class) // the secrets registered here do not outlive the class
class RedactedStoreTest {
    private static final String SECRET = "store-secret-8c1e";
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Step FLAG = new Step("disable-flag", "flag OFF", new StepAction.DisableFlag("new-checkout"), Duration.ofMinutes(1), null, true);

    @TempDir
    Path dir;

    @Test
    void journalRowsAreMaskedBeforeTheirHashIsComputed() {
        SecretRegistry.global().register(SECRET);
        RewindStore store = RewindStore.open(dir.resolve("s.db"));
        long seq = store.journal().begin("rb-1", 1, "Stop impact", FLAG, T0);
        store.journal().finish("rb-1", seq, new StepOutcome.Failed("IllegalArgumentException: invalid header value: \"Bearer " + SECRET + "\"",
                Map.of("tests", List.of(Map.of("detail", "sent " + SECRET)))), T0.plusSeconds(1));
        store.journal().event("rb-1", 1, "ALERT", "critical", "failed with " + SECRET, Map.of("body", SECRET), T0.plusSeconds(2));

        List<JournalEntry> rows = store.journal().entries("rb-1");

        assertThat(rows).hasSize(3).allSatisfy(r -> assertThat(r.detail() + r.data()).doesNotContain(SECRET));
        assertThat(rows.get(1).detail()).isEqualTo("IllegalArgumentException: invalid header value: \"Bearer ****\"");
        assertThat(rows.get(1).data().toString()).contains("sent ****");
        assertThat(store.journal().verify("rb-1").intact()).isTrue();
    }

    @Test
    void historyRowsAreMaskedAndTheirAuditHashIsOfWhatIsStored() {
        SecretRegistry.global().register(SECRET);
        RewindStore store = RewindStore.open(dir.resolve("s.db"));
        store.history().record(new RollbackRecord("rb-2", "shop", "prod", "1.1.0", "1.0.0", "running", "token " + SECRET + " leaked",
                "ops", "manual", T0, null, Map.of(), null));
        store.audit().append("ops", "rollback.started", "shop/prod", "id=rb-2 from=1.1.0 to=1.0.0", T0);

        store.finishRollback("rb-2", "ops", "shop/prod", "failed", T0.plusSeconds(5), Map.of("error", "Unleash said " + SECRET), null, null, null);

        RollbackRecord row = store.history().find("rb-2").orElseThrow();
        assertThat(row.reason()).isEqualTo("token **** leaked");
        assertThat(row.result()).containsEntry("error", "Unleash said ****");
        assertThat(Integrity.verifyRollback(store, "rb-2").intact()).as(Integrity.verifyRollback(store, "rb-2").problems().toString()).isTrue();
        assertThat(store.audit().entries()).allSatisfy(e -> assertThat(e.detail()).doesNotContain(SECRET));
    }
}
