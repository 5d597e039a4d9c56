package dev.rewind.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Leases in the store: who owns a service's releases, or a rollback's execution, until when. Taken with {@code SELECT
 * ... FOR UPDATE SKIP LOCKED}, so replicas competing for the same leases never wait on each other; expiry is read on
 * the database's clock (see {@link Dialect#leaseClock}); each change of hands adds one to the lease's token, which
 * {@link Fence fences} check. Argo Rollouts' leader lease (15 s, renewed every 10 s) is the model.
 */
public final class Leases {
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final Dialect.LeaseClock clock;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    Leases(Jdbi jdbi, Dialect dialect, Dialect.LeaseClock clock) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.clock = clock;
    }

    /** A lease as stored; {@code owner} null when nobody holds it. */
    public record Lease(String name, String owner, long token, Instant expiresAt) {
        public boolean heldAt(Instant now) {
            return owner != null && expiresAt != null && expiresAt.isAfter(now);
        }
    }

    /** A lease just taken, with who had it before (null: nobody) and when that ran out: the journal's takeover line. */
    public record Taken(String name, long token, String previousOwner, Instant previousExpiry) {
    }

    /** A replica as it last said it was alive. */
    public record Replica(String id, Instant startedAt, Instant seenAt, Instant expiresAt, String address) {
    }

    /** The lease clock's now (the database's, on PostgreSQL). */
    public Instant now() {
        return jdbi.withHandle(clock::now);
    }

    /**
     * Takes up to {@code max} of the named leases that nobody holds (never held, released, or expired), for {@code
     * ttl}. A lease another transaction is taking at this moment is passed over, not waited for.
     */
    public List<Taken> acquire(String replica, Collection<String> names, int max, Duration ttl) {
        if (names.isEmpty() || max < 1) return List.of();
        ensureRows(names);
        return jdbi.inTransaction(h -> {
            Instant now = clock.now(h);
            List<Lease> free = h.createQuery("SELECT * FROM leases WHERE name IN (<names>) AND (owner IS NULL OR expires_at IS NULL OR expires_at <= :now) "
                            + "ORDER BY name LIMIT :max" + dialect.takeSkippingLocked())
                    .bindList("names", List.copyOf(new LinkedHashSet<>(names))).bind("now", Columns.time(now)).bind("max", max)
                    .map((rs, ctx) -> read(rs)).list();
            List<Taken> taken = new ArrayList<>();
            for (Lease l : free) {
                h.createUpdate("UPDATE leases SET owner = :me, token = :token, acquired_at = :now, expires_at = :until WHERE name = :name")
                        .bind("me", replica).bind("token", l.token() + 1).bind("now", Columns.time(now)).bind("until", Columns.time(now.plus(ttl)))
                        .bind("name", l.name()).execute();
                taken.add(new Taken(l.name(), l.token() + 1, l.owner(), l.expiresAt()));
            }
            return taken;
        });
    }

    public Optional<Taken> acquire(String replica, String name, Duration ttl) {
        return acquire(replica, List.of(name), 1, ttl).stream().findFirst();
    }

    /**
     * Extends the leases {@code replica} holds ({@code held}: name to token) by {@code ttl} from now; returns the names
     * it still holds. A lease that changed hands (its token grew) is lost, and its work must stop. One that ran out
     * while nobody took it is still the holder's: nobody else has acted under it, so going on is safe.
     */
    public Set<String> renew(String replica, Map<String, Long> held, Duration ttl) {
        if (held.isEmpty()) return Set.of();
        return jdbi.inTransaction(h -> {
            Instant now = clock.now(h);
            Set<String> kept = new LinkedHashSet<>();
            held.forEach((name, token) -> {
                int rows = h.createUpdate("UPDATE leases SET expires_at = :until WHERE name = :name AND owner = :me AND token = :token")
                        .bind("until", Columns.time(now.plus(ttl))).bind("name", name).bind("me", replica).bind("token", token)
                        .execute();
                if (rows == 1) kept.add(name);
            });
            return kept;
        });
    }

    /** Gives a lease up at once (a clean stop, or work handed to a replica with less to do); the token stays as it is. */
    public void release(String replica, String name, long token) {
        jdbi.useTransaction(h -> h.createUpdate("UPDATE leases SET owner = NULL, expires_at = NULL WHERE name = ? AND owner = ? AND token = ?")
                .bind(0, name).bind(1, replica).bind(2, token).execute());
    }

    public Optional<Lease> find(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM leases WHERE name = ?").bind(0, name).map((rs, ctx) -> read(rs)).findOne());
    }

    /** Every lease whose name starts with {@code prefix}, by name. */
    public List<Lease> list(String prefix) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM leases WHERE name LIKE :p ORDER BY name").bind("p", prefix.replace("%", "") + "%")
                .map((rs, ctx) -> read(rs)).list());
    }

    /** The fence a writer acting under a lease it holds carries. */
    public Fence fence(String name, String owner, long token) {
        return new Fence(this, name, owner, token);
    }

    void check(Fence fence) {
        jdbi.useTransaction(h -> check(h, fence));
    }

    /**
     * The fencing check: the lease still names this owner and this token. Expiry alone does not fail it: until another
     * replica takes the lease (which grows its token), nobody else acts under it. The row is kept from changing hands
     * until {@code h} commits, so a takeover waits for the fenced write, or the write sees the takeover.
     */
    void check(Handle h, Fence fence) {
        Lease l = h.createQuery("SELECT * FROM leases WHERE name = ?" + dialect.keepUnchanged()).bind(0, fence.lease())
                .map((rs, ctx) -> read(rs)).findOne().orElse(null);
        if (l != null && fence.owner().equals(l.owner()) && l.token() == fence.token()) return;
        String why = l == null ? "no such lease" : l.owner() == null ? "it was given back (token " + l.token() + ")"
                : l.owner() + " holds it with token " + l.token();
        throw new LeaseLostException(fence.lease(), fence.owner() + " no longer holds lease " + fence.lease() + " (token " + fence.token() + "): " + why);
    }

    // ---- replicas ----

    /** A replica says it is alive until {@code now + ttl}; the first call records when it started. */
    public void heartbeat(String replica, Duration ttl, String address) {
        jdbi.useTransaction(h -> {
            Instant now = clock.now(h);
            h.createUpdate("""
                    INSERT INTO replicas (id, started_at, seen_at, expires_at, address) VALUES (:id, :now, :now, :until, :address)
                    ON CONFLICT (id) DO UPDATE SET seen_at = :now, expires_at = :until, address = :address""")
                    .bind("id", replica).bind("now", Columns.time(now)).bind("until", Columns.time(now.plus(ttl))).bind("address", address).execute();
        });
    }

    /** Replicas whose last heartbeat has not run out, oldest first. */
    public List<Replica> live() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM replicas WHERE expires_at > ? ORDER BY started_at, id")
                .bind(0, Columns.time(clock.now(h))).map((rs, ctx) -> new Replica(rs.getString("id"), Columns.instant(rs.getString("started_at")),
                        Columns.instant(rs.getString("seen_at")), Columns.instant(rs.getString("expires_at")), rs.getString("address"))).list());
    }

    /** A replica that stops cleanly leaves at once, so the others count it out without waiting for its heartbeat to run out. */
    public void leave(String replica) {
        jdbi.useTransaction(h -> h.createUpdate("DELETE FROM replicas WHERE id = ?").bind(0, replica).execute());
    }

    private void ensureRows(Collection<String> names) {
        List<String> missing = names.stream().filter(n -> !known.contains(n)).distinct().toList();
        if (missing.isEmpty()) return;
        jdbi.useTransaction(h -> {
            var batch = h.prepareBatch("INSERT INTO leases (name, token) VALUES (:name, 0) ON CONFLICT (name) DO NOTHING");
            missing.forEach(n -> batch.bind("name", n).add());
            batch.execute();
        });
        known.addAll(missing);
    }

    private static Lease read(ResultSet rs) throws SQLException {
        return new Lease(rs.getString("name"), rs.getString("owner"), rs.getLong("token"), Columns.instant(rs.getString("expires_at")));
    }
}
