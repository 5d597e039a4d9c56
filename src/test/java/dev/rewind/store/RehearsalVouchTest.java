package dev.rewind.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A passing rehearsal lets a level 3 or 4 plan run. Someone who can write the database must not be able to buy that
 * with a row: only a rehearsal that a keyed audit entry vouches for, with the digest of its row as it is now, counts.
 */
class RehearsalVouchTest {
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final String PLAN = "ab".repeat(32);
    private static final AuditKey KEY = AuditKey.of("0123456789abcdef0123456789abcdef".getBytes());

    @TempDir
    Path dir;

    private RewindStore store() {
        return RewindStore.open(new StoreLocation.Sqlite(dir.resolve("r.db")), KEY, Clock.systemUTC());
    }

    private static Rehearsals.Rehearsal passing(String id, Instant finished) {
        return rehearsal(id, finished, true);
    }

    private static Rehearsals.Rehearsal rehearsal(String id, Instant finished, boolean passed) {
        return new Rehearsals.Rehearsal(id, "op-shop", "shop v2", "/plans/shop.yaml", PLAN, "staging", null, "rb-" + id,
                finished.minusSeconds(40), finished, passed ? "success" : "failed", passed, 40_000, 45_000, 60_000, 0.9,
                List.of(Map.of("phase", "Traffic", "estimate_ms", 5000, "measured_ms", 4000)), "alice");
    }

    /** What {@code plan rehearse} writes beside the row. */
    private static void vouch(RewindStore store, String id) {
        store.audit().append("alice", RewindStore.REHEARSED, "op-shop/staging", "rollback=rb-" + id + " status=success passed=true"
                + " rehearsal=" + id + " row_sha256=" + store.rehearsals().rowDigest(id).orElseThrow(), T0);
    }

    @Test
    void aRehearsalRecordedWithItsKeyedEntryCountsAndOneInsertedByHandDoesNot() {
        try (RewindStore store = store()) {
            store.rehearsals().record(passing("rh-1", T0));
            vouch(store, "rh-1");
            store.rehearsals().record(passing("rh-forged", T0.plusSeconds(3600))); // newer, and nobody vouched for it

            assertThat(store.lastPassedRehearsal("op-shop", PLAN)).as("the forged newer row is passed over").contains(T0);
            assertThat(store.unvouchedRehearsals()).containsExactly("rh-forged");
            assertThat(Integrity.verify(store, List.of()).problems()).extracting(Integrity.Problem::where).contains("rehearsal rh-forged");
        }
    }

    @Test
    void aVouchedRowEditedAfterwardsNoLongerCounts() {
        try (RewindStore store = store()) {
            store.rehearsals().record(rehearsal("rh-1", T0, false));
            vouch(store, "rh-1");
            assertThat(store.lastPassedRehearsal("op-shop", PLAN)).as("a failed rehearsal never counts").isEmpty();

            store.jdbi().useHandle(h -> h.execute("UPDATE rehearsals SET passed = 1 WHERE id = 'rh-1'"));

            assertThat(store.lastPassedRehearsal("op-shop", PLAN)).as("flipped to passed by hand").isEmpty();
            assertThat(store.unvouchedRehearsals()).containsExactly("rh-1");
        }
    }

    @Test
    void anAuditRowInsertedWithoutTheKeyVouchesForNothing() {
        try (RewindStore store = store()) {
            store.rehearsals().record(passing("rh-1", T0));
            String digest = store.rehearsals().rowDigest("rh-1").orElseThrow();
            String head = store.audit().head().map(AuditEntry::hash).orElse(Chain.GENESIS);
            store.jdbi().useHandle(h -> h.createUpdate("INSERT INTO audit (at, actor, action, target, detail, prev_hash, hash, scheme) "
                            + "VALUES (?, 'mallory', ?, 'op-shop/staging', ?, ?, ?, ?)")
                    .bind(0, Columns.time(T0)).bind(1, RewindStore.REHEARSED).bind(2, "rehearsal=rh-1 row_sha256=" + digest).bind(3, head)
                    .bind(4, Chain.sha256(head + "forged")).bind(5, Chain.KEYED).execute());

            assertThat(store.lastPassedRehearsal("op-shop", PLAN)).isEmpty();
            assertThat(store.unvouchedRehearsals()).containsExactly("rh-1");
        }
    }

    @Test
    void aRehearsalCountsOnlyForThePlanTextItRehearsedAndOnlyWhenItRehearsedTheWholePlan() {
        try (RewindStore store = store()) {
            store.rehearsals().record(passing("rh-1", T0));
            vouch(store, "rh-1");
            Rehearsals.Rehearsal p = passing("rh-partial", T0.plusSeconds(60));
            store.rehearsals().record(new Rehearsals.Rehearsal(p.id(), p.operationId(), p.planName(), p.planFile(), p.planSha256(), p.environment(),
                    "db_only", p.rollbackId(), p.startedAt(), p.finishedAt(), p.status(), true, p.tookMs(), p.estimateMs(), p.slaMs(), p.accuracy(),
                    p.phases(), p.actor()));
            vouch(store, "rh-partial");

            assertThat(store.lastPassedRehearsal("op-shop", PLAN)).as("the partial scenario is newer but does not count").contains(T0);
            assertThat(store.lastPassedRehearsal("op-shop", "cd".repeat(32))).as("the plan was edited since").isEmpty();
        }
    }
}
