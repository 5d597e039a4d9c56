package dev.rewind.wiring;

import dev.rewind.controller.Fleet;
import dev.rewind.controller.FleetEnvironment;
import dev.rewind.controller.Registration;
import dev.rewind.integrations.kubernetes.DeploymentRevisions;
import dev.rewind.model.Change;
import dev.rewind.store.ReleaseRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server mode's third way in for releases: each environment with a {@code release_source:} has its Deployment watched,
 * and a new revision is registered with the fleet like a release posted to the API, by the actor
 * {@code kubernetes:NAMESPACE/DEPLOYMENT}. A return to a version the store already knows is a rollback (Rewind's own,
 * or {@code kubectl rollout undo}), not a new release, and is left alone.
 */
public final class ReleaseSources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseSources.class);

    private final List<DeploymentRevisions> watches;

    private ReleaseSources(List<DeploymentRevisions> watches) {
        this.watches = watches;
    }

    /** Starts a watch for every environment that has a release source. */
    public static ReleaseSources start(Fleet fleet) {
        return start(fleet, (env, listener) -> DeploymentRevisions.connect(env.config().releaseSource(), listener));
    }

    /** @param connect how a watch reaches its cluster (tests hand in the mock server's client) */
    public static ReleaseSources start(Fleet fleet, BiFunction<FleetEnvironment, DeploymentRevisions.Listener, DeploymentRevisions> connect) {
        List<DeploymentRevisions> watches = new ArrayList<>();
        try {
            for (FleetEnvironment env : fleet.environments().values()) {
                if (env.config().releaseSource() == null) continue;
                watches.add(connect.apply(env, r -> registered(fleet, env, r)).start());
            }
        } catch (RuntimeException e) {
            watches.forEach(DeploymentRevisions::close);
            throw e;
        }
        return new ReleaseSources(watches);
    }

    public int size() {
        return watches.size();
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
        String summary = "revision " + (r.revision() == null ? "(not yet numbered)" : r.revision()) + " of Deployment " + r.namespace() + "/" + r.deployment();
        List<Change> changes = r.image() == null ? List.of() : List.of(new Change("image", cut(r.image(), 200), summary, List.of()));
        Fleet.Registered done = fleet.register(new Registration(env.name(), r.version(), previous, null, changes, null, ""), null,
                "kubernetes:" + r.namespace() + "/" + r.deployment());
        LOG.info("release source {}: registered {} (previous {}){}", where, r.version(), previous, done.watched() ? "" : "; " + done.note());
        return Optional.of(done);
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public void close() {
        watches.forEach(w -> {
            try {
                w.close();
            } catch (RuntimeException e) {
                LOG.warn("a release source did not close cleanly: {}", e.toString());
            }
        });
    }
}
