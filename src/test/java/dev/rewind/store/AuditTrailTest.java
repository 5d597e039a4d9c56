package dev.rewind.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTrailTest {
    private static final Instant T0 = Instant.parse("2026-02-24T10:20:00Z");

    @TempDir
    Path dir;

    private AuditTrail trailWithThreeRows(RewindStore store) {
        AuditTrail audit = store.audit();
        audit.append("alice", "rollback.start", "checkout/production", "error rate 5x baseline", T0);
        audit.append("rewind", "flag.disable", "new-checkout", "flag off", T0.plusSeconds(1));
        audit.append("alice", "rollback.finish", "checkout/production", "success", T0.plusSeconds(90));
        return audit;
    }

    @Test
    void anUntouchedChainVerifiesAndEachRowLinksToThePrevious() {
        AuditTrail audit = trailWithThreeRows(RewindStore.open(dir.resolve("r.db")));

        assertThat(audit.verify()).isEqualTo(new AuditCheck(true, 3, null, null));
        var rows = audit.entries();
        assertThat(rows.get(0).prevHash()).isEqualTo(AuditTrail.GENESIS);
        assertThat(rows.get(1).prevHash()).isEqualTo(rows.get(0).hash());
        assertThat(rows.get(2).prevHash()).isEqualTo(rows.get(1).hash());
    }

    @Test
    void theDatabaseRefusesUpdatesAndDeletesOfAuditRows() {
        RewindStore store = RewindStore.open(dir.resolve("r.db"));
        trailWithThreeRows(store);

        assertThatThrownBy(() -> store.jdbi().useHandle(h -> h.execute("UPDATE audit SET actor = 'mallory' WHERE id = 1")))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> store.jdbi().useHandle(h -> h.execute("DELETE FROM audit WHERE id = 2")))
                .hasMessageContaining("append-only");
        assertThat(store.audit().entries()).hasSize(3);
    }

    @Test
    void verifyNamesTheRowWhoseContentWasChangedAroundTheTriggers() {
        RewindStore store = RewindStore.open(dir.resolve("r.db"));
        trailWithThreeRows(store);
        store.jdbi().useHandle(h -> {
            h.execute("DROP TRIGGER audit_no_update");
            h.execute("UPDATE audit SET actor = 'mallory' WHERE id = 2");
        });

        AuditCheck check = store.audit().verify();

        assertThat(check.intact()).isFalse();
        assertThat(check.firstBrokenId()).isEqualTo(2L);
        assertThat(check.problem()).contains("content was changed");
    }

    @Test
    void verifyNoticesARemovedRow() {
        RewindStore store = RewindStore.open(dir.resolve("r.db"));
        trailWithThreeRows(store);
        store.jdbi().useHandle(h -> {
            h.execute("DROP TRIGGER audit_no_delete");
            h.execute("DELETE FROM audit WHERE id = 2");
        });

        AuditCheck check = store.audit().verify();

        assertThat(check.intact()).isFalse();
        assertThat(check.firstBrokenId()).isEqualTo(3L);
    }

    @Test
    void secretsInTheDetailAreScrubbedBeforeTheyAreStored() {
        AuditTrail audit = RewindStore.open(dir.resolve("r.db")).audit();

        AuditEntry e = audit.append("bob", "integration.call", "https://admin:hunter2@unleash.local/api",
                "token=abc123def456 Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x.y password: \"p@ss word\"", T0);

        String stored = audit.entries().get(0).target() + " " + audit.entries().get(0).detail();
        assertThat(stored).doesNotContain("hunter2", "abc123def456", "eyJhbGciOiJIUzI1NiJ9", "p@ss word");
        assertThat(stored).contains("https://***@unleash.local/api", "token=***");
        assertThat(e.detail()).isEqualTo(audit.entries().get(0).detail());
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void newestReadsOnlyTheLastRowsOldestFirst() {
        AuditTrail audit = trailWithThreeRows(RewindStore.open(dir.resolve("r.db")));

        assertThat(audit.newest(2)).extracting(AuditEntry::action).containsExactly("flag.disable", "rollback.finish");
        assertThat(audit.newest(10)).hasSize(3);
    }
}
