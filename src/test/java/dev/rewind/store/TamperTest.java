package dev.rewind.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Someone who can edit the database file, and tries to hide it: drops the guards, rewrites a row, recomputes the
 * chain without the key, forges a journal step. Each must be found.
 */
class TamperTest {
    private static final Instant T0 = Instant.parse("2026-02-24T10:20:00Z");

    @TempDir
    Path dir;

    private static final AuditKey KEY = AuditKey.of("0123456789abcdef0123456789abcdef".getBytes());

    private RewindStore store() {
        return RewindStore.open(new StoreLocation.Sqlite(dir.resolve("r.db")), KEY, java.time.Clock.systemUTC());
    }

    private static void threeRows(RewindStore store) {
        store.audit().append("alice", "rollback.started", "shop/production", "id=rb-1", T0);
        store.audit().append("rewind", "flag.disable", "new-checkout", "flag off", T0.plusSeconds(1));
        store.audit().append("alice", "rollback.finished", "shop/production", "id=rb-1 status=success", T0.plusSeconds(90));
    }

    @Test
    void aRowRewrittenAndTheWholeChainRecomputedWithoutTheKeyIsFound() {
        RewindStore store = store();
        threeRows(store);
        // the attacker drops the guard, rewrites row 2, and recomputes every link after it with plain SHA-256
        store.jdbi().useHandle(h -> {
            h.execute("DROP TRIGGER audit_no_update");
            h.execute("UPDATE audit SET actor = 'mallory', detail = 'nothing happened' WHERE id = 2");
            String prev = Chain.GENESIS;
            for (var row : h.createQuery("SELECT * FROM audit ORDER BY id").mapToMap().list()) {
                String hash = Chain.legacyLink(prev, (String) row.get("at"), (String) row.get("actor"), (String) row.get("action"),
                        (String) row.get("target"), (String) row.get("detail"));
                h.createUpdate("UPDATE audit SET prev_hash = ?, hash = ?, scheme = 'sha256' WHERE id = ?")
                        .bind(0, prev).bind(1, hash).bind(2, row.get("id")).execute();
                prev = hash;
            }
        });

        AuditCheck check = store().audit().verify();

        assertThat(check.intact()).isFalse();
    }

    @Test
    void rowsRechainedWithAnotherKeyDoNotVerifyWithTheRealOne() {
        RewindStore store = store();
        threeRows(store);
        Chain forger = new Chain(AuditKey.of(new byte[32]));
        store.jdbi().useHandle(h -> {
            h.execute("DROP TRIGGER audit_no_update");
            h.execute("UPDATE audit SET detail = 'id=rb-1 status=failed' WHERE id = 3");
            var row = h.createQuery("SELECT * FROM audit WHERE id = 3").mapToMap().one();
            h.createUpdate("UPDATE audit SET hash = ? WHERE id = 3").bind(0, forger.link((String) row.get("prev_hash"), (String) row.get("at"),
                    (String) row.get("actor"), (String) row.get("action"), (String) row.get("target"), (String) row.get("detail"))).execute();
        });

        AuditCheck check = store.audit().verify();

        assertThat(check.intact()).isFalse();
        assertThat(check.firstBrokenId()).isEqualTo(3L);
        assertThat(check.problem()).contains("another key");
    }

    @Test
    void droppedGuardsArePutBackAtTheNextOpenWhichSaysSoInTheTrailAndToTheCaller() {
        RewindStore store = store();
        threeRows(store);
        store.jdbi().useHandle(h -> {
            h.execute("DROP TRIGGER audit_no_delete");
            h.execute("DROP TRIGGER journal_no_update");
            // a trigger of the right name that does nothing is no guard either
            h.execute("DROP TRIGGER audit_no_update");
            h.execute("CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT 1; END");
        });

        RewindStore reopened = store();

        assertThat(reopened.warnings()).singleElement().satisfies(w -> assertThat(w).contains("audit_no_delete", "journal_no_update",
                "audit_no_update", "rewind audit verify"));
        assertThat(reopened.audit().entries()).last().satisfies(e -> assertThat(e.action()).isEqualTo("store.guards_restored"));
        assertThat(Guards.missing(reopened.jdbi().open(), Dialect.SQLITE)).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reopened.jdbi().useHandle(h -> h.execute("DELETE FROM audit WHERE id = 1")))
                .hasMessageContaining("append-only");
    }

    @Test
    void aForgedJournalStepIsFoundWhereverItIsInserted() {
        RewindStore store = store();
        store.journal().event("rb-1", 1, "ATTEMPT", "started", "attempt 1 of 3", Map.of(), T0);
        store.journal().event("rb-1", 1, "TRAFFIC_SWITCHED", "failed", "router refused", Map.of(), T0.plusSeconds(1));
        store.journal().event("rb-1", 1, "ROLLBACK_FINISHED", "failed", null, Map.of(), T0.plusSeconds(2));
        assertThat(store.journal().verify("rb-1").intact()).isTrue();
        // the seed-000 story a forger wants to tell: the flag went off
        store.jdbi().useHandle(h -> h.execute("INSERT INTO journal (rollback_id, seq, attempt, action, state, detail, at) "
                + "VALUES ('rb-1', 4, 1, 'FLAG_DEACTIVATED', 'success', 'flag new-checkout OFF', '2026-02-24T10:20:03.000Z')"));

        RollbackJournal.Check check = store.journal().verify("rb-1");

        assertThat(check.intact()).isFalse();
        assertThat(check.firstBrokenSeq()).isEqualTo(4L);
        assertThat(check.problem()).contains("forged");
    }

    @Test
    void anEditedJournalRowIsFoundEvenWithItsGuardDropped() {
        RewindStore store = store();
        store.journal().event("rb-1", 1, "TRAFFIC_SWITCHED", "failed", "router refused", Map.of(), T0);
        store.journal().event("rb-1", 1, "ROLLBACK_FINISHED", "failed", null, Map.of(), T0.plusSeconds(2));
        store.jdbi().useHandle(h -> {
            h.execute("DROP TRIGGER journal_no_update");
            h.execute("UPDATE journal SET state = 'success', detail = 'traffic green -> blue' WHERE seq = 1");
        });

        RollbackJournal.Check check = store.journal().verify("rb-1");

        assertThat(check.intact()).isFalse();
        assertThat(check.firstBrokenSeq()).isEqualTo(1L);
    }
}
