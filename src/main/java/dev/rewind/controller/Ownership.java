package dev.rewind.controller;

import dev.rewind.store.Fence;
import dev.rewind.store.Leases;
import dev.rewind.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this process owns, through leases in the store: each service in each environment (its releases are watched,
 * and rolled back, by exactly one replica), and each rollback it executes. Leases are renewed every {@code
 * renewEvery} and run out {@code lease} after their last renewal, so a replica that dies loses them and a live one takes
 * them over. With {@code shared} replicas the services are spread: each takes up to its fair share (services divided
 * by live replicas, rounded up) and gives back, when it holds more, those it is not busy with.
 *
 * <p>A single process (the embedded SQLite store) owns every service without asking; its rollbacks are still leased,
 * so a {@code rewind rollback --resume} never runs a rollback that another process still runs.
 */
public final class Ownership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ownership.class);
    public static final String RELEASE = "release:";
    public static final String ROLLBACK = "rollback:";

    /**
     * @param lease      how long a lease lasts without renewal (Argo Rollouts: 15 s)
     * @param renewEvery how often leases are renewed (Argo Rollouts: 10 s); shorter than the lease
     */
    public record Timing(Duration lease, Duration renewEvery) {
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(15), Duration.ofSeconds(10));

        public Timing {
            if (lease.isNegative() || lease.isZero() || renewEvery.isNegative() || renewEvery.isZero()) {
                throw new IllegalArgumentException("lease and renewal must be positive, found " + lease + " and " + renewEvery);
            }
            if (renewEvery.compareTo(lease) >= 0) {
                throw new IllegalArgumentException("leases must be renewed before they run out: renewal every " + renewEvery + " is not shorter than the lease " + lease);
            }
        }
    }

    /** What one renewal cycle changed: services taken and lost, rollbacks whose lease was lost. */
    public record Changes(Set<String> gained, Set<String> lost, Set<String> lostRollbacks) {
        static final Changes NONE = new Changes(Set.of(), Set.of(), Set.of());
    }

    private final Leases leases;
    private final String replica;
    private final Timing timing;
    private final TimeSource time;
    private final boolean shared;
    private volatile String address;
    private final Map<String, Long> held = new ConcurrentHashMap<>();
    private volatile Instant nextCycle;

    private Ownership(Leases leases, String replica, Timing timing, TimeSource time, boolean shared, String address) {
        this.leases = leases;
        this.replica = replica;
        this.timing = timing;
        this.time = time;
        this.shared = shared;
        this.address = address;
    }

    /** One of several replicas on one store: services are leased and spread. */
    public static Ownership shared(Leases leases, String replica, Timing timing, TimeSource time, String address) {
        return new Ownership(leases, replica, timing, time, true, address);
    }

    /** The only process serving this store: it owns every service; only rollbacks are leased. */
    public static Ownership single(Leases leases, String replica, Timing timing, TimeSource time) {
        return new Ownership(leases, replica, timing, time, false, null);
    }

    /** A replica id that differs between processes and hosts: host, process id, and a random suffix. */
    public static String newReplicaId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "");
        } catch (java.io.IOException e) {
            host = "host";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    }

    public String replica() {
        return replica;
    }

    /** Where this replica's API listens, once it does: other replicas and operators read it from the replica table. */
    public void advertise(String url) {
        this.address = url;
    }

    public boolean isShared() {
        return shared;
    }

    public Timing timing() {
        return timing;
    }

    public static String releaseKey(String service, String environment) {
        return RELEASE + service + "/" + environment;
    }

    /** Whether this replica watches and rolls back {@code service} in {@code environment}. */
    public boolean owns(String service, String environment) {
        return !shared || held.containsKey(releaseKey(service, environment));
    }

    /** The services (release keys) held now, for the health endpoint. */
    public List<String> services() {
        return held.keySet().stream().filter(k -> k.startsWith(RELEASE)).map(k -> k.substring(RELEASE.length())).sorted().toList();
    }

    public boolean due() {
        Instant next = nextCycle;
        return next == null || !time.now().isBefore(next);
    }

    /**
     * Renews what is held, and (shared) says this replica is alive, takes services up to its fair share and gives back
     * idle ones above it. {@code services} are the release keys of the configured environments; {@code busy} says
     * whether one has a rollback running or waiting here (those are never given back).
     */
    public Changes cycle(Collection<String> services, Predicate<String> busy) {
        nextCycle = time.now().plus(timing.renewEvery());
        Set<String> kept = held.isEmpty() ? Set.of() : leases.renew(replica, Map.copyOf(held), timing.lease());
        Set<String> lost = new HashSet<>(held.keySet());
        lost.removeAll(kept);
        lost.forEach(held::remove);
        Set<String> lostServices = new LinkedHashSet<>();
        Set<String> lostRollbacks = new LinkedHashSet<>();
        for (String l : lost) {
            if (l.startsWith(RELEASE)) lostServices.add(l);
            else lostRollbacks.add(l.substring(ROLLBACK.length()));
            LOG.warn("replica {} lost lease {}: another replica carries its work on", replica, l);
        }
        if (!shared) return new Changes(Set.of(), lostServices, lostRollbacks);
        leases.heartbeat(replica, timing.lease(), address);
        int live = Math.max(1, leases.live().size());
        int fair = (services.size() + live - 1) / live;
        List<String> mine = held.keySet().stream().filter(k -> k.startsWith(RELEASE)).sorted().toList();
        Set<String> gained = new LinkedHashSet<>();
        if (mine.size() < fair) {
            List<String> wanted = services.stream().filter(k -> !held.containsKey(k)).sorted().toList();
            for (Leases.Taken t : leases.acquire(replica, wanted, fair - mine.size(), timing.lease())) {
                held.put(t.name(), t.token());
                gained.add(t.name());
            }
        } else if (mine.size() > fair) {
            int extra = mine.size() - fair;
            for (String k : mine.reversed()) {
                if (extra == 0) break;
                if (busy.test(k)) continue;
                leases.release(replica, k, held.remove(k));
                lostServices.add(k);
                extra--;
            }
        }
        return new Changes(gained, lostServices, lostRollbacks);
    }

    /** Takes the lease of a rollback's execution; empty when another process holds it (it runs the rollback). */
    public Optional<Leases.Taken> claim(String rollbackId) {
        Optional<Leases.Taken> t = leases.acquire(replica, ROLLBACK + rollbackId, timing.lease());
        t.ifPresent(x -> held.put(x.name(), x.token()));
        return t;
    }

    /** The fence of a rollback this replica holds; null when it does not hold it. */
    public Fence fence(String rollbackId) {
        Long token = held.get(ROLLBACK + rollbackId);
        return token == null ? null : leases.fence(ROLLBACK + rollbackId, replica, token);
    }

    /** Gives a rollback's lease back (it ended, or was handed over), so another process may take it at once. */
    public void release(String rollbackId) {
        Long token = held.remove(ROLLBACK + rollbackId);
        if (token != null) leases.release(replica, ROLLBACK + rollbackId, token);
    }

    /** Gives everything back and leaves, so the other replicas take over without waiting for the leases to run out. */
    @Override
    public void close() {
        held.forEach((name, token) -> {
            try {
                leases.release(replica, name, token);
            } catch (RuntimeException e) {
                LOG.warn("could not give lease {} back: {}", name, e.toString());
            }
        });
        held.clear();
        if (shared) {
            try {
                leases.leave(replica);
            } catch (RuntimeException e) {
                LOG.warn("could not leave the replica table: {}", e.toString());
            }
        }
    }
}
