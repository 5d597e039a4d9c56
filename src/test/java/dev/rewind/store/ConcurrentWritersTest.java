package dev.rewind.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.Release;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads of one process writing to one SQLite store: each waits its turn and none fails with SQLITE_BUSY,
 * however long the writers ahead of it take. SQLite's busy timeout is cut to 50 ms here, so a writer that relied on
 * SQLite's busy handler to wait for another thread of this process would fail at once (the 50,000-release bench
 * did, after 10 s of its writers losing the race for the lock).
 */
class ConcurrentWritersTest {
    private static final AuditKey KEY = AuditKey.of("0123456789abcdef0123456789abcdef".getBytes());
    private static final Instant T0 = Instant.parse("2026-12-02T06:00:00Z");

    @TempDir
    Path dir;

    private RewindStore open() {
        StoreLocation location = new StoreLocation.Sqlite(dir.resolve("rewind.db"));
        return RewindStore.open(location, KEY, AuditFiles.of(location, name -> null, dir), Clock.systemUTC(), Duration.ofMillis(50));
    }

    @Test
    void writersQueueBehindALongTransactionInsteadOfFailingBusy() throws Exception {
        try (RewindStore store = open()) {
            int writers = 6;
            Map<Integer, Throwable> failed = new ConcurrentHashMap<>();
            AtomicBoolean[] calling = new AtomicBoolean[writers];
            List<Thread> threads = new ArrayList<>();
            List<Thread.State> seen = new ArrayList<>();
            // one transaction holds SQLite's write lock for 40 times the busy timeout, and until every other writer is
            // waiting for it; it lets go early only when one has failed
            store.jdbi().useTransaction(h -> {
                h.execute("INSERT INTO releases (service, environment, version, status, deployed_at, changes) VALUES ('held', 'prod', '1', 'current', ?, '[]')",
                        Columns.time(T0));
                for (int i = 0; i < writers; i++) {
                    int n = i;
                    calling[n] = new AtomicBoolean();
                    threads.add(Thread.ofPlatform().name("writer-" + n).start(() -> {
                        calling[n].set(true);
                        try {
                            write(store, n, 0);
                        } catch (Throwable t) {
                            failed.put(n, t);
                        }
                    }));
                }
                long start = System.nanoTime(), held = start + Duration.ofSeconds(2).toNanos(), deadline = start + Duration.ofSeconds(30).toNanos();
                while (failed.isEmpty() && (System.nanoTime() < held || !allWaiting(threads, calling))) {
                    if (System.nanoTime() > deadline) {
                        threads.forEach(t -> seen.add(t.getState()));
                        throw new AssertionError("writers neither all waiting nor failed within 30 s; states " + seen);
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L); // a poll, not a spin: CI has two cores
                }
            });
            for (Thread t : threads) t.join(Duration.ofSeconds(30));

            assertThat(failed).as("writers that failed while another transaction held the lock past SQLite's busy timeout").isEmpty();
            assertThat(threads).noneMatch(Thread::isAlive);
            assertThat(count(store, "releases WHERE service LIKE 'svc-%'")).isEqualTo(writers);
            assertThat(count(store, "audit")).isEqualTo(writers);
        }
    }

    @Test
    void manyConcurrentWritersAllSucceed() throws Exception {
        try (RewindStore store = open()) {
            int writers = 8, each = 40;
            Map<Integer, Throwable> failed = new ConcurrentHashMap<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int n = i;
                threads.add(Thread.ofPlatform().name("writer-" + n).start(() -> {
                    try {
                        for (int k = 0; k < each; k++) write(store, n, k);
                    } catch (Throwable t) {
                        failed.put(n, t);
                    }
                }));
            }
            for (Thread t : threads) t.join(Duration.ofMinutes(2));

            assertThat(failed).as("writers that failed").isEmpty();
            assertThat(count(store, "releases WHERE service LIKE 'svc-%'")).isEqualTo(writers * each);
            assertThat(count(store, "audit")).isEqualTo(writers * each);
            assertThat(store.releases().list("svc-3", "prod")).first().extracting(ReleaseRecord::watchUntil)
                    .as("the last write of each, which was once sent without a transaction").isNull();
        }
    }

    /** What a registration writes: the release (a transaction), its audit row (another), and a single-row update. */
    private static void write(RewindStore store, int writer, int k) {
        String service = "svc-" + writer, version = "1." + k;
        store.releases().register(new Release(service, "prod", version, null, T0.plusSeconds(k), List.of(), null, 100, null), null,
                T0.plusSeconds(3600), "test");
        store.audit().append("test", "release.registered", service + "/prod", "version=" + version);
        store.releases().endWatch(service, "prod", version);
    }

    /** Every writer has called the store and is parked (on a queue for the store, or for a pooled connection). */
    private static boolean allWaiting(List<Thread> threads, AtomicBoolean[] calling) {
        for (int i = 0; i < threads.size(); i++) {
            Thread.State s = threads.get(i).getState();
            if (!calling[i].get() || (s != Thread.State.WAITING && s != Thread.State.TIMED_WAITING && s != Thread.State.BLOCKED)) return false;
        }
        return true;
    }

    private static long count(RewindStore store, String from) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + from).mapTo(Long.class).one());
    }
}
