package dev.rewind.wiring;

import dev.rewind.controller.Fleet;
import dev.rewind.controller.FleetEnvironment;
import dev.rewind.controller.Ownership;
import dev.rewind.controller.Registration;
import dev.rewind.integrations.kubernetes.DeploymentRevisions;
import dev.rewind.model.Change;
import dev.rewind.store.Fence;
import dev.rewind.store.Leases;
import dev.rewind.store.ReleaseRecord;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server mode's third way in for releases: each environment with a {@code release_source:} has its Deployment watched,
 * and a new revision is registered with the fleet like a release posted to the API, by the actor
 * {@code kubernetes:NAMESPACE/DEPLOYMENT}. A return to a version the store already knows is a rollback (Rewind's own,
 * or {@code kubectl rollout undo}), not a new release, and is left alone.
 *
 * <p>With several replicas on one store, each release source is watched by one of them only: the holder of the lease
 * {@code release-source:ENVIRONMENT} (Argo Rollouts' leader election is the model: 15 s, renewed every 10 s). Every
 * {@link #cycle} renews what is held, stops the watches whose lease was lost and starts one for each lease it takes, so
 * when the holder dies another replica's watch starts; its first list catches up with a revision the dead one missed.
 * A registration is fenced by the lease, so a holder that stalled past its lease and was replaced registers nothing.
 */
public final class ReleaseSources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseSources.class);
    public static final String LEASE = "release-source:";

    /** How a watch reaches its cluster (tests hand in the mock server's client). */
    @FunctionalInterface
    public interface Connect {
        DeploymentRevisions connect(FleetEnvironment env, DeploymentRevisions.Listener listener);
    }

    /** The leases release sources are led by, when replicas share the store; null for the only process on it. */
    private record Leading(Leases leases, String replica, Ownership.Timing timing) {
    }

    private final Fleet fleet;
    private final Connect connect;
    private final Leading leading;
    private final List<FleetEnvironment> sources;
    private final Map<String, DeploymentRevisions> watches = new LinkedHashMap<>();
    private final Map<String, Long> held = new LinkedHashMap<>();
    private ScheduledExecutorService renewer;
    private boolean closed;

    private ReleaseSources(Fleet fleet, Connect connect, Leading leading) {
        this.fleet = fleet;
        this.connect = connect;
        this.leading = leading;
        this.sources = fleet.environments().values().stream().filter(e -> e.config().releaseSource() != null)
                .sorted(Comparator.comparing(FleetEnvironment::name)).toList();
    }

    /**
     * Starts what this process should watch: every release source when it is the only server on the store; else those
     * whose lease it takes now, and from then on, every renewal period, those it takes over.
     */
    public static ReleaseSources start(Fleet fleet) {
        Connect connect = (env, listener) -> DeploymentRevisions.connect(env.config().releaseSource(), listener);
        Ownership o = fleet.ownership();
        if (!o.isShared()) return start(fleet, connect);
        ReleaseSources s = leased(fleet, fleet.store().leases(), o.replica(), o.timing(), connect);
        if (!s.sources.isEmpty()) {
            s.renewer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("rewind-release-sources").daemon().factory());
            long every = o.timing().renewEvery().toMillis();
            s.renewer.scheduleWithFixedDelay(s::cycle, every, every, TimeUnit.MILLISECONDS);
        }
        return s;
    }

    /** The only process on the store: watches every release source at once, without leases. */
    public static ReleaseSources start(Fleet fleet, Connect connect) {
        ReleaseSources s = new ReleaseSources(fleet, connect, null);
        try {
            s.sources.forEach(s::watch);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /**
     * One of several replicas: takes the leases it can now, and watches those; {@link #cycle} (which {@link
     * #start(Fleet)} schedules every renewal period, and tests call on a manual lease clock) does the rest.
     */
    public static ReleaseSources leased(Fleet fleet, Leases leases, String replica, Ownership.Timing timing, Connect connect) {
        ReleaseSources s = new ReleaseSources(fleet, connect, new Leading(leases, replica, timing));
        try {
            s.cycle();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    public static String lease(String environment) {
        return LEASE + environment;
    }

    /** How many release sources are configured (each watched here or by another replica). */
    public int size() {
        return sources.size();
    }

    /** The environments whose release source this process watches now. */
    public synchronized List<String> watching() {
        return List.copyOf(watches.keySet());
    }

    /**
     * Renews the leases held, stops the watches of those lost, and takes free ones (never held, given back, or run out)
     * and starts their watches. A store that cannot be reached is logged and tried again next time: the watches go on,
     * and their registrations fail (fenced) if another replica took over meanwhile.
     */
    public synchronized void cycle() {
        if (closed || leading == null || sources.isEmpty()) return;
        try {
            Set<String> kept = held.isEmpty() ? Set.of() : leading.leases().renew(leading.replica(), Map.copyOf(held), leading.timing().lease());
            for (String lost : List.copyOf(held.keySet())) {
                if (kept.contains(lost)) continue;
                held.remove(lost);
                String env = lost.substring(LEASE.length());
                LOG.warn("replica {} lost lease {}: another replica watches the release source of {} now", leading.replica(), lost, env);
                stop(env);
            }
            List<String> free = sources.stream().map(e -> lease(e.name())).filter(l -> !held.containsKey(l)).toList();
            for (Leases.Taken t : leading.leases().acquire(leading.replica(), free, free.size(), leading.timing().lease())) {
                held.put(t.name(), t.token());
                String env = t.name().substring(LEASE.length());
                LOG.info("replica {} took lease {}{}: it watches the release source of {}", leading.replica(), t.name(),
                        t.previousOwner() == null ? "" : " from " + t.previousOwner(), env);
                sources.stream().filter(e -> e.name().equals(env)).findFirst().ifPresent(this::watch);
            }
        } catch (RuntimeException e) {
            LOG.warn("replica {} could not renew or take the leases of release sources: {}", leading.replica(), e.toString());
        }
    }

    private void watch(FleetEnvironment env) {
        Fence fence = leading == null ? null : leading.leases().fence(lease(env.name()), leading.replica(), held.get(lease(env.name())));
        DeploymentRevisions w = connect.connect(env, r -> {
            if (fence != null) fence.check(); // a replaced holder registers nothing (LeaseLostException: logged by the watch)
            registered(fleet, env, r);
        });
        watches.put(env.name(), w);
        w.start();
    }

    private void stop(String env) {
        DeploymentRevisions w = watches.remove(env);
        if (w == null) return;
        try {
            w.close();
        } catch (RuntimeException e) {
            LOG.warn("the release source of {} did not close cleanly: {}", env, e.toString());
        }
    }

    /** What a new revision does: registers it, or says why not. Returns the registration, when there was one. */
    static Optional<Fleet.Registered> registered(Fleet fleet, FleetEnvironment env, DeploymentRevisions.Revision r) {
        String where = env.name() + " (" + r.namespace() + "/" + r.deployment() + ")";
        if (!r.version().matches(Registration.VERSION)) {
            LOG.warn("release source {}: version '{}' is not a version Rewind accepts (letters, digits, . _ : + -); not registered", where,
                    r.version().length() > 60 ? r.version().substring(0, 60) + "..." : r.version());
            return Optional.empty();
        }
        String service = env.config().service();
        Optional<ReleaseRecord> current = fleet.store().releases().current(service, env.name());
        if (current.isPresent() && current.get().version().equals(r.version())) return Optional.empty(); // already known as running
        if (fleet.store().releases().find(service, env.name(), r.version()).isPresent()) {
            LOG.info("release source {}: back to {}, a version already known: a rollback, not a new release", where, r.version());
            return Optional.empty();
        }
        String previous = r.previous();
        if (r.initial()) {
            if (current.isEmpty()) {
                LOG.info("release source {}: runs {}; its next revision is registered as a release", where, r.version());
                return Optional.empty();
            }
            previous = current.get().version(); // deployed while Rewind was not watching
        }
        // the revision annotation is anyone-with-edit-rights text: only a number is shown
        String revision = r.revision() != null && r.revision().matches("[0-9]{1,20}") ? r.revision() : null;
        String summary = "revision " + (revision == null ? "(not yet numbered)" : revision) + " of " + r.kind().word() + " " + r.namespace() + "/" + r.deployment();
        List<Change> changes = r.image() == null ? List.of() : List.of(new Change("image", cut(r.image(), 200), summary, List.of()));
        Fleet.Registered done = fleet.register(new Registration(env.name(), r.version(), previous, null, changes, null, ""), null,
                "kubernetes:" + r.namespace() + "/" + r.deployment());
        LOG.info("release source {}: registered {} (previous {}){}", where, r.version(), previous, done.watched() ? "" : "; " + done.note());
        return Optional.of(done);
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    /** Stops every watch and gives the leases back, so another replica takes the release sources over at once. */
    @Override
    public void close() {
        if (renewer != null) renewer.shutdownNow();
        synchronized (this) {
            closed = true;
            List.copyOf(watches.keySet()).forEach(this::stop);
            if (leading != null) {
                held.forEach((name, token) -> {
                    try {
                        leading.leases().release(leading.replica(), name, token);
                    } catch (RuntimeException e) {
                        LOG.warn("could not give lease {} back: {}", name, e.toString());
                    }
                });
            }
            held.clear();
        }
    }
}
