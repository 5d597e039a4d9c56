package dev.rewind.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.model.Release;
import dev.rewind.testing.RealPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same store on its two engines: the embedded SQLite file, and a real PostgreSQL (teams, replicas). */
class BothEnginesTest {
    private static final Instant T0 = Instant.parse("2026-02-24T10:20:00Z");
    private static final AuditKey KEY = AuditKey.of("0123456789abcdef0123456789abcdef".getBytes());

    @TempDir
    Path dir;

    private StoreLocation location(String engine) throws Exception {
        return engine.equals("sqlite") ? new StoreLocation.Sqlite(dir.resolve("r.db"))
                : new StoreLocation.Postgres(RealPostgres.get().newDatabase(), null, null);
    }

    private static RewindStore open(StoreLocation where) {
        return RewindStore.open(where, KEY, Clock.systemUTC());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void migratesOnceAndReopensWithNothingToRestore(String engine) throws Exception {
        StoreLocation where = location(engine);
        try (RewindStore first = open(where)) {
            first.audit().append("alice", "rollback.started", "shop/production", "id=rb-1", T0);
        }
        try (RewindStore again = open(where)) {
            assertThat(again.warnings()).isEmpty();
            assertThat(again.audit().entries()).hasSize(1);
            List<String> versions = again.jdbi().withHandle(h -> h.createQuery(
                    "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank").mapTo(String.class).list());
            assertThat(versions).containsExactly("1", "2", "3", "4", "5", "6", "7");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void theAuditTrailAndTheJournalRefuseEditsAndVerify(String engine) throws Exception {
        try (RewindStore store = open(location(engine))) {
            store.audit().append("alice", "rollback.started", "shop/production", "id=rb-1", T0);
            store.journal().event("rb-1", 1, "ATTEMPT", "started", "attempt 1 of 3", Map.of("n", 1), T0);

            assertThatThrownBy(() -> store.jdbi().useHandle(h -> h.execute("UPDATE audit SET actor = 'mallory'"))).hasMessageContaining("append-only");
            assertThatThrownBy(() -> store.jdbi().useHandle(h -> h.execute("DELETE FROM journal"))).hasMessageContaining("append-only");
            assertThat(store.audit().verify().intact()).isTrue();
            assertThat(store.journal().verify("rb-1").intact()).isTrue();
            assertThat(store.journal().entries("rb-1")).singleElement().satisfies(e -> assertThat(e.data()).containsEntry("n", 1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aDisabledOrDroppedGuardIsPutBackAtTheNextOpenAndSaidSo(String engine) throws Exception {
        StoreLocation where = location(engine);
        try (RewindStore store = open(where)) {
            store.audit().append("alice", "rollback.started", "shop/production", "id=rb-1", T0);
            store.jdbi().useHandle(h -> {
                if (engine.equals("sqlite")) h.execute("DROP TRIGGER audit_no_update");
                else h.execute("ALTER TABLE audit DISABLE TRIGGER audit_append_only");
            });
        }
        try (RewindStore reopened = open(where)) {
            assertThat(reopened.warnings()).singleElement().satisfies(w -> assertThat(w).contains("append-only guards"));
            assertThatThrownBy(() -> reopened.jdbi().useHandle(h -> h.execute("UPDATE audit SET actor = 'mallory'"))).hasMessageContaining("append-only");
            assertThat(reopened.audit().verify().intact()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void releasesAndRollbacksKeepTheOrderTheyWereRecordedInWhenTheirTimesAreEqual(String engine) throws Exception {
        try (RewindStore store = open(location(engine))) {
            for (String v : List.of("1.0", "1.1", "1.2")) {
                store.releases().register(new Release("shop", "production", v, null, T0, List.of(), null, 100, null));
            }
            store.history().record(new dev.rewind.store.RollbackRecord("rb-a", "shop", "production", "1.2", "1.1", "running", null, "a", "manual", T0, null, Map.of(), null));
            store.history().record(new dev.rewind.store.RollbackRecord("rb-b", "shop", "production", "1.2", "1.1", "running", null, "a", "manual", T0, null, Map.of(), null));

            assertThat(store.releases().list("shop", "production")).extracting(ReleaseRecord::version).containsExactly("1.2", "1.1", "1.0");
            assertThat(store.releases().current("shop", "production")).map(ReleaseRecord::version).contains("1.2");
            assertThat(store.history().list(10)).extracting(RollbackRecord::id).containsExactly("rb-b", "rb-a");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aFinishedRollbackVerifiesAndAnEditOfItsHistoryRowOrAForgedOneIsFound(String engine) throws Exception {
        try (RewindStore store = open(location(engine))) {
            store.history().record(new RollbackRecord("rb-1", "shop", "production", "1.2", "1.1", "running", "errors", "alice", "manual", T0, null, Map.of(), null));
            store.audit().append("alice", "rollback.started", "shop/production", "id=rb-1 from=1.2 to=1.1", T0);
            store.journal().event("rb-1", 1, "ATTEMPT", "started", "attempt 1 of 3", Map.of("n", 1), T0);
            store.finishRollback("rb-1", "alice", "shop/production", "success", T0.plusSeconds(5), Map.of("status", "success"), null, null, null);
            assertThat(Integrity.verify(store, List.of()).problems()).isEmpty();

            store.jdbi().useHandle(h -> {
                h.execute("UPDATE rollbacks SET to_version = '9.9.9', actor = 'mallory' WHERE id = 'rb-1'");
                h.execute("INSERT INTO rollbacks (id, service, environment, status, started_at) VALUES ('rb-2', 'shop', 'production', 'success', '"
                        + "2026-02-24T11:00:00.000Z')");
            });

            Integrity.Report report = Integrity.verify(store, List.of());
            assertThat(report.problems()).extracting(Integrity.Problem::what)
                    .anySatisfy(w -> assertThat(w).contains("history row", "the row was changed"))
                    .anySatisfy(w -> assertThat(w).contains("no keyed audit entry started it"));
        }
    }
}
