package dev.rewind.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.testing.RealPostgres;
import dev.rewind.time.ManualTimeSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Leases and fences on both engines, on a manual clock: who holds what, takeover after expiry, and refused stale writers. */
class LeasesTest {
    private static final Instant T0 = Instant.parse("2026-02-24T10:20:00Z");
    private static final AuditKey KEY = AuditKey.of("0123456789abcdef0123456789abcdef".getBytes());
    private static final Duration TTL = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(T0);

    private StoreLocation location(String engine) throws Exception {
        return engine.equals("sqlite") ? new StoreLocation.Sqlite(dir.resolve("r.db"))
                : new StoreLocation.Postgres(RealPostgres.get().newDatabase(), null, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aHeldLeaseIsNotTakenUntilItExpiresAndThenItsTokenGrowsByOne(String engine) throws Exception {
        try (RewindStore store = RewindStore.open(location(engine), KEY, Clock.systemUTC())) {
            Leases leases = store.leases(time.clock());
            Leases.Taken a = leases.acquire("a", "release:shop/production", TTL).orElseThrow();
            assertThat(a.token()).isEqualTo(1);
            assertThat(a.previousOwner()).isNull();

            time.advance(Duration.ofSeconds(10));
            assertThat(leases.acquire("b", "release:shop/production", TTL)).as("a still holds it").isEmpty();
            assertThat(leases.renew("a", Map.of("release:shop/production", 1L), TTL)).containsExactly("release:shop/production");
            time.advance(Duration.ofSeconds(14));
            assertThat(leases.acquire("b", "release:shop/production", TTL)).as("renewed at +10 s: held until +25 s").isEmpty();

            time.advance(Duration.ofSeconds(2));
            Leases.Taken b = leases.acquire("b", "release:shop/production", TTL).orElseThrow();
            assertThat(b.token()).isEqualTo(2);
            assertThat(b.previousOwner()).isEqualTo("a");
            assertThat(b.previousExpiry()).isEqualTo(T0.plusSeconds(25));
            assertThat(leases.renew("a", Map.of("release:shop/production", 1L), TTL)).as("a lost it: nothing to renew").isEmpty();
            time.advance(TTL.plusSeconds(30));
            assertThat(leases.renew("b", Map.of("release:shop/production", 2L), TTL)).as("ran out, but nobody took it: still b's")
                    .containsExactly("release:shop/production");
            assertThat(leases.find("release:shop/production").orElseThrow().owner()).isEqualTo("b");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aFenceRefusesAWriterWhoseLeaseChangedHandsAndTheJournalKeepsNoRowOfIt(String engine) throws Exception {
        try (RewindStore store = RewindStore.open(location(engine), KEY, Clock.systemUTC())) {
            Leases leases = store.leases(time.clock());
            long token = leases.acquire("a", "rollback:rb-1", TTL).orElseThrow().token();
            RollbackJournal asA = store.journal().fenced(leases.fence("rollback:rb-1", "a", token));
            asA.event("rb-1", 1, "ATTEMPT", "started", "attempt 1 of 3", Map.of(), T0);

            time.advance(TTL.plusSeconds(5));
            asA.event("rb-1", 1, "NOTE", "noted", "a stalled past its lease, and nobody took it: a goes on", Map.of(), T0);
            long takeover = leases.acquire("b", "rollback:rb-1", TTL).orElseThrow().token();
            assertThatThrownBy(() -> asA.event("rb-1", 1, "PAUSED", "paused", "x", Map.of(), T0))
                    .isInstanceOf(LeaseLostException.class).hasMessageContaining("b holds it with token " + takeover);
            store.journal().fenced(leases.fence("rollback:rb-1", "b", takeover)).event("rb-1", 1, "RESUMED", "resumed", "b took over", Map.of(), T0);

            assertThat(store.journal().entries("rb-1")).extracting(JournalEntry::action).containsExactly("ATTEMPT", "NOTE", "RESUMED");
            assertThat(store.journal().verify("rb-1").intact()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aReleasedLeaseIsFreeAtOnceAndKeepsItsTokenSoTheNextHolderIsFencedFromTheOld(String engine) throws Exception {
        try (RewindStore store = RewindStore.open(location(engine), KEY, Clock.systemUTC())) {
            Leases leases = store.leases(time.clock());
            leases.acquire("a", "release:shop/production", TTL).orElseThrow();
            leases.release("a", "release:shop/production", 1);
            assertThat(leases.acquire("b", "release:shop/production", TTL).orElseThrow().token()).isEqualTo(2);
            leases.release("a", "release:shop/production", 1);
            assertThat(leases.find("release:shop/production").orElseThrow().owner()).as("a stale release changes nothing").isEqualTo("b");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void replicasAreLiveUntilTheirHeartbeatRunsOutOrTheyLeave(String engine) throws Exception {
        try (RewindStore store = RewindStore.open(location(engine), KEY, Clock.systemUTC())) {
            Leases leases = store.leases(time.clock());
            leases.heartbeat("a", TTL, "http://127.0.0.1:8080");
            time.advance(Duration.ofSeconds(5));
            leases.heartbeat("b", TTL, "http://127.0.0.1:8081");
            leases.heartbeat("c", TTL, null);
            assertThat(leases.live()).extracting(Leases.Replica::id).containsExactly("a", "b", "c");
            leases.leave("c");
            time.advance(Duration.ofSeconds(11));
            assertThat(leases.live()).extracting(Leases.Replica::id).containsExactly("b");
            assertThat(leases.live().getFirst().address()).isEqualTo("http://127.0.0.1:8081");
        }
    }

    @Test
    void onPostgresqlALeaseAnotherTransactionIsTakingIsPassedOverWithoutWaiting() throws Exception {
        String url = RealPostgres.get().newDatabase();
        try (RewindStore store = RewindStore.open(new StoreLocation.Postgres(url, null, null), KEY, Clock.systemUTC())) {
            Leases leases = store.leases(time.clock());
            leases.acquire("setup", List.of("release:a/prod", "release:b/prod"), 2, TTL);
            time.advance(TTL); // both free again (expired)
            try (Connection other = DriverManager.getConnection(url); Statement st = other.createStatement()) {
                other.setAutoCommit(false);
                st.execute("SELECT * FROM leases WHERE name = 'release:a/prod' FOR UPDATE"); // a replica in the middle of taking it

                List<Leases.Taken> taken = leases.acquire("b", List.of("release:a/prod", "release:b/prod"), 2, TTL);

                assertThat(taken).extracting(Leases.Taken::name).containsExactly("release:b/prod");
                other.rollback();
            }
            assertThat(leases.acquire("b", List.of("release:a/prod"), 1, TTL)).extracting(Leases.Taken::name).containsExactly("release:a/prod");
        }
    }

    @Test
    void onPostgresqlTwoReplicasAppendingAtOnceKeepOneUnbrokenAuditChainAndJournalChain() throws Exception {
        StoreLocation where = new StoreLocation.Postgres(RealPostgres.get().newDatabase(), null, null);
        try (RewindStore a = RewindStore.open(where, KEY, Clock.systemUTC()); RewindStore b = RewindStore.open(where, KEY, Clock.systemUTC())) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> all = new ArrayList<>();
                for (RewindStore s : List.of(a, b, a, b)) {
                    all.add(pool.submit(() -> {
                        for (int i = 0; i < 25; i++) {
                            s.audit().append("rewind", "test.append", "x", "n=" + i, T0);
                            s.journal().event("rb-1", 1, "NOTE", "noted", "n=" + i, Map.of(), T0);
                        }
                    }));
                }
                for (Future<?> f : all) f.get(120, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            assertThat(a.audit().entries()).hasSize(100);
            assertThat(a.audit().verify().intact()).isTrue();
            assertThat(b.journal().verify("rb-1")).satisfies(c -> {
                assertThat(c.intact()).as(String.valueOf(c.problem())).isTrue();
                assertThat(c.rows()).isEqualTo(100);
            });
        }
    }
}
