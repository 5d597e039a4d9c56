package dev.rewind.controller;

import dev.rewind.act.PlanOptions;
import dev.rewind.act.RollbackControl;
import dev.rewind.act.RollbackListener;
import dev.rewind.model.BadInputException;
import dev.rewind.model.VersionName;
import dev.rewind.model.Baseline;
import dev.rewind.model.ConflictException;
import dev.rewind.model.Decision;
import dev.rewind.model.Finding;
import dev.rewind.model.NotFoundException;
import dev.rewind.model.Observations;
import dev.rewind.model.Plan;
import dev.rewind.model.Release;
import dev.rewind.act.RollbackStopped;
import dev.rewind.store.Incidents;
import dev.rewind.store.LeaseLostException;
import dev.rewind.store.Leases;
import dev.rewind.store.ReleaseRecord;
import dev.rewind.store.ReleaseStatus;
import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackRecord;
import dev.rewind.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server mode's engine: every registered release of every configured environment watched at its check interval,
 * the existing decision and rollback path for each, one rollback at a time per service (a second finding joins the
 * running incident), prepared rollbacks that wait for a person, batches rolled back whole, and seed 001's 24-hour
 * watch after which a release becomes the stable baseline.
 *
 * <p>It never waits on its own: {@link #tick()} runs whatever is due at the time source's now, and a driver (the
 * server's scheduler, or a test on a manual clock) calls it. Checks and rollbacks run on the executors it is given.
 *
 * <p>Several servers may share one PostgreSQL store: each service in each environment is then owned by one replica
 * through a lease ({@link Ownership}), and so is each rollback's execution, with every journal row fenced by that lease.
 * The tick renews leases, takes over what a dead replica held, and picks up from the store what other replicas did
 * (releases registered, approvals given, pauses and aborts asked for there): {@link #replicate}.
 */
public final class Fleet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final RewindStore store;
    private final TimeSource time;
    private final Map<String, FleetEnvironment> environments;
    private final FleetSettings settings;
    private final Executor checks;
    private final Executor rollbacks;
    private final FleetListener listener;
    private final Ownership ownership;
    private volatile Instant nextSync;
    /** How often the store is read for what other replicas (or processes) did. */
    static final Duration SYNC_EVERY = Duration.ofSeconds(1);

    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** service/environment keys with a rollback running or waiting for approval: one at a time per service. */
    private final Map<String, String> busy = new ConcurrentHashMap<>();
    /** Environments whose metric source could not be read at their last check, since when (told once per stretch). */
    private final Map<String, Instant> blindSince = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** The only process serving this store: it owns every service; its rollbacks are still leased (see {@link Ownership}). */
    public Fleet(RewindStore store, TimeSource time, Map<String, FleetEnvironment> environments, FleetSettings settings,
                 Executor checks, Executor rollbacks, FleetListener listener) {
        this(store, time, environments, settings, checks, rollbacks, listener,
                Ownership.single(store.leases(), "local-" + ProcessHandle.current().pid(), Ownership.Timing.DEFAULT, time));
    }

    public Fleet(RewindStore store, TimeSource time, Map<String, FleetEnvironment> environments, FleetSettings settings,
                 Executor checks, Executor rollbacks, FleetListener listener, Ownership ownership) {
        this.ownership = ownership;
        this.store = store;
        this.time = time;
        this.environments = Map.copyOf(environments);
        this.settings = settings;
        this.checks = checks;
        this.rollbacks = rollbacks;
        this.listener = listener == null ? FleetListener.NONE : listener;
    }

    // ---- what the API reads ----

    /** A release being watched, as the API and the dashboard show it. */
    public record WatchView(ReleaseRecord release, Instant nextCheck, Instant watchUntil, int checks, String lastDecision, String lastError) {
    }

    public List<WatchView> watching() {
        return watched.values().stream().sorted(Comparator.comparing(w -> w.record.deployedAt()))
                .map(w -> new WatchView(w.record, w.nextCheck, w.record.watchUntil(), w.session == null ? 0 : w.session.checks(),
                        w.lastDecision, w.lastError)).toList();
    }

    public Map<String, FleetEnvironment> environments() {
        return environments;
    }

    public FleetSettings settings() {
        return settings;
    }

    public RewindStore store() {
        return store;
    }

    public Ownership ownership() {
        return ownership;
    }

    /** Rollbacks this process runs or holds for approval, by id, with their status. */
    public Map<String, String> live() {
        Map<String, String> out = new LinkedHashMap<>();
        running.forEach((id, r) -> out.put(id, r.control.state()));
        pending.keySet().forEach(id -> out.put(id, "awaiting_approval"));
        return out;
    }

    // ---- releases ----

    /** What registering returned: the release as stored, and whether Rewind watches it (it needs a metric source). */
    public record Registered(ReleaseRecord release, boolean watched, String note) {
    }

    /**
     * Records a deploy and starts watching it. Checked before anything is stored: the environment is configured, the
     * versions are well formed, a previous version is known, the deploy time is not in the future.
     */
    public Registered register(Registration r, String batchId, String actor) {
        FleetEnvironment env = environment(r.environment(), r.field());
        String service = env.config().service();
        Instant now = time.now();
        Instant deployedAt = r.deployedAt() == null ? now : r.deployedAt();
        String at = r.field().isEmpty() ? "" : r.field() + ".";
        if (deployedAt.isAfter(now.plusSeconds(60))) {
            throw new BadInputException("request", 0, at + "deployed_at", "is in the future (" + deployedAt + "; now " + now + ")");
        }
        if (deployedAt.isBefore(now.minus(settings.watchFor()))) {
            throw new BadInputException("request", 0, at + "deployed_at", "is older than the watch (" + settings.watchFor() + "): nothing left to watch");
        }
        String previous = r.previous() != null ? r.previous() : store.releases().current(service, env.name()).map(ReleaseRecord::version)
                .filter(v -> !v.equals(r.version())).orElse(null);
        if (previous == null) {
            throw new BadInputException("request", 0, at + "previous", "no earlier release of " + service + " in " + env.name()
                    + " is known: give the previous version, whose metrics are the baseline");
        }
        if (store.releases().find(service, env.name(), previous).isEmpty()) {
            // the version that ran before is named but was never registered: record it, so a rollback can make it current again
            store.releases().register(new Release(service, env.name(), previous, null, deployedAt.minusSeconds(1), List.of(), null, 100, null),
                    null, null, actor);
        }
        String flag = r.featureFlag() != null ? r.featureFlag() : env.config().featureFlag();
        Release release = new Release(service, env.name(), r.version(), previous, deployedAt, r.changes(), flag, r.trafficPercent(), null);
        Instant watchUntil = deployedAt.plus(settings.watchFor());
        store.releases().register(release, batchId, watchUntil, actor);
        ReleaseRecord record = store.releases().find(service, env.name(), r.version()).orElseThrow();
        store.audit().append(actor, "release.registered", service + "/" + env.name(), "version=" + r.version() + " previous=" + previous
                + (batchId == null ? "" : " batch=" + batchId) + " watch_until=" + watchUntil
                + (record.canary() ? " traffic_percent=" + record.trafficPercent() : ""));
        safely(() -> listener.registered(record));
        watched.remove(key(service, env.name())); // a newer deploy of the service ends the older watch
        if (env.metrics().isEmpty()) return new Registered(record, false, "no metric source configured for " + env.name() + ": not watched");
        if (!ownership.owns(service, env.name())) {
            return new Registered(record, true, "watched by the replica that owns " + service + " in " + env.name());
        }
        watched.put(key(service, env.name()), new Watched(record, env, new ReleaseWatcher(env.metrics().get(), env.policy(), time),
                later(deployedAt, now).plus(env.policy().checkInterval())));
        return new Registered(record, true, null);
    }

    /** What moving a canary's traffic did: the release as stored now, and the share it served before. */
    public record TrafficMoved(ReleaseRecord release, int from) {
    }

    /**
     * A canary's traffic moved by whoever moves it (a person, a pipeline): the share the current release serves now,
     * 1..100. Below 100 its checks compare it with the previous version over the same time (the control); at 100 (promoted)
     * with the previous version's baseline before the deploy. Stored and audited; the watch takes it up at its next check,
     * here or, with replicas, on the replica that owns the service.
     */
    public TrafficMoved traffic(String service, String environmentName, String version, int percent, String reason, String actor) {
        Registration.requireTraffic(percent, "percent");
        FleetEnvironment env = environments.get(environmentName);
        if (env == null || !env.config().service().equals(service)) throw new NotFoundException("release", service + "/" + environmentName + "/" + version);
        ReleaseRecord before = store.releases().find(service, environmentName, version)
                .orElseThrow(() -> new NotFoundException("release", service + "/" + environmentName + "/" + version));
        if (before.status() != ReleaseStatus.CURRENT) {
            throw new ConflictException(service + " " + version + " in " + environmentName + " is " + before.status().label()
                    + ", not the current release: only the current one serves traffic beside the previous version");
        }
        if (!store.releases().setTraffic(service, environmentName, version, percent)) {
            throw new ConflictException(service + " " + version + " in " + environmentName + " stopped being the current release meanwhile");
        }
        store.audit().append(actor, "release.traffic", service + "/" + environmentName, "version=" + version + " traffic_percent="
                + before.trafficPercent() + "->" + percent + (reason == null ? "" : " reason=" + reason));
        ReleaseRecord after = before.withTraffic(percent);
        Watched w = watched.get(key(service, environmentName));
        if (w != null && w.record.version().equals(version)) moveTraffic(w, percent);
        safely(() -> listener.trafficMoved(after, before.trafficPercent()));
        return new TrafficMoved(after, before.trafficPercent());
    }

    private static void moveTraffic(Watched w, int percent) {
        w.record = w.record.withTraffic(percent);
        ReleaseWatcher.Session s = w.session;
        if (s != null) s.traffic(percent);
    }

    /** A batch: several environments deployed together. A rollback of any of them rolls the whole batch back, last deploy first. */
    public record BatchRegistered(String id, List<Registered> releases) {
    }

    public BatchRegistered registerBatch(List<Registration> members, String actor) {
        if (members.isEmpty()) throw new BadInputException("request", 0, "releases", "a batch needs at least one release");
        if (members.size() > 100) throw new BadInputException("request", 0, "releases", "at most 100 releases per batch");
        for (Registration m : members) environment(m.environment(), m.field());
        if (members.stream().map(Registration::environment).distinct().count() != members.size()) {
            throw new BadInputException("request", 0, "releases", "each environment may appear once in a batch");
        }
        String id = "batch-" + ID_TIME.format(time.now()) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        List<Registered> out = new ArrayList<>();
        for (Registration m : members) out.add(register(m, id, actor));
        store.audit().append(actor, "batch.registered", id, "environments=" + members.stream().map(Registration::environment).toList());
        return new BatchRegistered(id, out);
    }

    // ---- the clock ----

    /**
     * Runs what is due: each watched release's check (on the checks executor; a check still running is not started
     * again), and prepared rollbacks whose approval time ran out. Checks due at the same tick on the same metric source
     * and policy run as one {@link CheckRound}, which reads each metric once for all of them. Returns how many checks
     * were started.
     */
    public int tick() {
        if (closed.get()) return 0;
        Instant now = time.now();
        try {
            replicate(now);
        } catch (RuntimeException e) {
            LOG.warn("replica {} could not renew its leases or read the store: {}", ownership.replica(), e.toString());
        }
        Map<ReadGroup, List<CheckRound.Due>> due = new LinkedHashMap<>();
        for (Watched w : watched.values()) {
            if (w.nextCheck.isAfter(now) || !w.inFlight.compareAndSet(false, true)) continue;
            due.computeIfAbsent(new ReadGroup(w.env.metrics().orElseThrow(), w.env.policy()), g -> new ArrayList<>()).add(new CheckRound.Due(w, w.nextCheck));
        }
        int started = 0;
        for (Map.Entry<ReadGroup, List<CheckRound.Due>> group : due.entrySet()) {
            List<CheckRound.Due> all = group.getValue();
            for (int i = 0; i < all.size(); i += CheckRound.MAX_RELEASES) {
                List<CheckRound.Due> round = List.copyOf(all.subList(i, Math.min(all.size(), i + CheckRound.MAX_RELEASES)));
                try {
                    checks.execute(() -> runRound(round, group.getKey().source()));
                    started += round.size();
                } catch (RuntimeException rejected) {
                    round.forEach(d -> d.watched().inFlight.set(false));
                    LOG.warn("{} checks not started: {}", round.size(), rejected.toString());
                }
            }
        }
        for (Pending p : pending.values()) {
            if (!p.expiresAt.isAfter(now) && p.timedOut.compareAndSet(false, true)) {
                try {
                    approvalTimedOut(p);
                } catch (RuntimeException e) {
                    LOG.warn("approval timeout of {}: {}", p.id, e.getMessage()); // decided elsewhere meanwhile
                }
            }
        }
        return started;
    }

    /** Checks that may share their reads: one metric source, one policy (so the same metrics and windows). */
    private record ReadGroup(dev.rewind.observe.MetricSource source, dev.rewind.model.RollbackPolicy policy) {
    }

    private void runRound(List<CheckRound.Due> round, dev.rewind.observe.MetricSource source) {
        List<CheckRound.Result> results;
        try {
            results = CheckRound.run(round, source, time);
        } catch (RuntimeException e) {
            results = round.stream().map(d -> new CheckRound.Result(d, null, e)).toList();
        }
        RuntimeException shared = null;
        int blind = 0;
        for (CheckRound.Result r : results) {
            if (r.error() != null) {
                blind++;
                shared = r.error();
            }
            finishCheck(r);
        }
        // one line for a source that could not be read for the whole round, not one per release
        if (blind > 1) LOG.warn("{} of {} checks on {} failed, the last with: {}", blind, results.size(), source, shared.toString());
        else if (blind == 1) LOG.warn("a check failed: {}", shared.toString());
    }

    private void finishCheck(CheckRound.Result r) {
        Watched w = r.due().watched();
        Instant due = r.due().at();
        try {
            if (r.error() != null) {
                // a source that cannot be read makes the watch blind for this check, never a rollback
                w.lastError = r.error().getMessage();
                LOG.debug("check of {} {} in {} failed: {}", w.record.service(), w.record.version(), w.record.environment(), r.error().toString());
                return;
            }
            ReleaseWatcher.Check check = r.check();
            // blind (the metrics unreadable even after retries): shown on the release, and nothing decided from it
            w.lastError = check.blind() == null ? null
                    : "blind for " + check.blind().blindFor().toSeconds() + " s: " + check.blind().error();
            tellBlindness(w, check);
            w.lastDecision = check.decision().code();
            long lag = Math.max(0, Duration.between(due, check.at()).toMillis());
            safely(() -> listener.checked(w.record, check, lag));
            decided(w, check);
            if (check.decision() instanceof Decision.KeepWatching && !check.at().isBefore(w.record.watchUntil())) endWatch(w);
        } catch (RuntimeException e) {
            w.lastError = e.getMessage();
            LOG.warn("check of {} {} in {} failed: {}", w.record.service(), w.record.version(), w.record.environment(), e.toString());
        } finally {
            Instant now = time.now();
            Duration interval = w.env.policy().checkInterval();
            Instant next = due.plus(interval);
            while (!next.isAfter(now)) next = next.plus(interval); // a late check does not queue up the ones it missed
            w.nextCheck = next;
            w.inFlight.set(false);
        }
    }

    private void endWatch(Watched w) {
        if (watched.remove(key(w.record.service(), w.record.environment()), w)) {
            store.releases().endWatch(w.record.service(), w.record.environment(), w.record.version());
            store.audit().append("rewind", "release.verified", w.record.service() + "/" + w.record.environment(),
                    "version=" + w.record.version() + " watched until " + w.record.watchUntil() + ": now the stable baseline");
            safely(() -> listener.stable(w.record));
        }
    }

    // ---- decisions ----

    private void decided(Watched w, ReleaseWatcher.Check check) {
        Decision d = check.decision();
        ReleaseRecord r = w.record;
        switch (d) {
            case Decision.KeepWatching k -> { }
            case Decision.FixForward f -> {
                Incidents.Joined j = incident(r, "fix_forward", f.findings());
                if (j.opened()) {
                    store.audit().append("rewind", "release.fix_forward", r.service() + "/" + r.environment(), f.reason());
                    alert(w.env, dev.rewind.model.Severity.HIGH, "Fix forward: " + r.service() + " " + r.version() + " is past its point of no return",
                            f.reason());
                }
            }
            case Decision.Rollback rb when !autoRollbackAllowed(w.env, r.service()) -> {
                Incidents.Joined j = incident(r, "suppressed", rb.findings());
                if (j.opened()) {
                    store.audit().append("rewind", "rollback.suppressed", r.service() + "/" + r.environment(),
                            "auto-rollback is off; would have rolled back: " + rb.reason());
                    alert(w.env, dev.rewind.model.Severity.CRITICAL, "Auto-rollback is OFF: " + r.service() + " " + r.version() + " would be rolled back",
                            rb.reason() + ". Roll it back by hand if needed.");
                }
            }
            case Decision.Rollback rb -> start(w, check, rb.findings(), rb.immediate(), rb.reason(), false);
            case Decision.AwaitApproval a -> start(w, check, a.findings(), false, a.reason(), true);
        }
    }

    private boolean autoRollbackAllowed(FleetEnvironment env, String service) {
        return env.policy().enabled() && store.autoRollback().enabled(service, time.now());
    }

    private Incidents.Joined incident(ReleaseRecord r, String decision, List<Finding> findings) {
        String id = "inc-" + ID_TIME.format(time.now()) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        Incidents.Joined j = store.incidents().openOrJoin(id, r.service(), r.environment(), r.version(), decision,
                findings.stream().map(Fleet::finding).toList(), time.now());
        safely(() -> listener.incident(j.incident(), j.opened()));
        return j;
    }

    static Map<String, Object> finding(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trigger", f.trigger());
        m.put("metric", f.metric());
        m.put("severity", f.severity().label());
        m.put("automation", f.automation().label());
        if (f.baseline() != null) m.put("baseline", f.baseline());
        m.put("current", f.current());
        m.put("threshold", f.threshold());
        m.put("detected_at", f.detectedAt().toString());
        m.put("reason", f.reason());
        m.put("kind", f.kind());
        if (f.evidence() != null) {
            m.put("e_value", f.evidence().eValue());
            m.put("p_value", f.evidence().pValue());
            m.put("alpha", f.evidence().alpha());
        }
        return m;
    }

    /**
     * A finding that acts: opens (or joins) the service's incident, then starts the rollback, or prepares it and waits
     * for a person. When the release belongs to a batch, the whole batch is rolled back.
     */
    private void start(Watched w, ReleaseWatcher.Check check, List<Finding> findings, boolean immediate, String reason, boolean askFirst) {
        ReleaseRecord r = w.record;
        Incidents.Joined j = incident(r, askFirst ? "approval_required" : "rollback", findings);
        String serviceKey = key(r.service(), r.environment());
        RollbackCase c = rollbackCase(w.env, r.toRelease(), r.previousVersion(), immediate, w.session.baseline(), findings, check.at(), reason, "rewind");
        String id = new RollbackPipeline(store, time, w.env.policy(), w.env.actuators(), RollbackListener.NONE).newId(c);
        if (openElsewhere(r.service(), r.environment()).isPresent()) return; // another process rolls it back: the finding joined its incident
        if (busy.putIfAbsent(serviceKey, id) != null) return; // joined the running incident; one rollback at a time per service
        watched.remove(serviceKey, w);
        if (askFirst) {
            prepare(id, w.env, c, j.incident().id(), r.batchId());
        } else if (r.batchId() != null) {
            launchBatch(id, r.batchId(), reason, "rewind", j.incident().id(), findings, check.at());
        } else {
            launch(id, w.env, c, j.incident().id(), null, w.watcher);
        }
    }

    private RollbackCase rollbackCase(FleetEnvironment env, Release release, String target, boolean immediate, Baseline baseline,
                                      List<Finding> findings, Instant detectedAt, String reason, String actor) {
        return new RollbackCase(release, env.strategy(), options(env, target, immediate), baseline, findings, detectedAt, reason, actor, settings.outDir());
    }

    /** The plan options of an environment: the same on every replica, so a resumed rollback's plan is the one it began with. */
    private static PlanOptions options(FleetEnvironment env, String target, boolean immediate) {
        var cfg = env.config();
        PlanOptions options = new PlanOptions(target, immediate, cfg.dependencies(), cfg.smokeTests(), null, null);
        // a gitops: block pauses the sync, reverts in Git and resumes, as 'rollback' and 'watch' do (EnvironmentWiring)
        var g = cfg.gitops();
        if (g != null) options = options.withGitOps(new dev.rewind.act.GitOpsOptions(g.app(), g.git().timeout(), g.convergeTimeout()));
        if (cfg.maintenance() != null) options = options.withMaintenance(cfg.maintenance().forRollback());
        return options.withPlan(cfg.plan() == null ? null : dev.rewind.act.CodedPlan.of(cfg.plan()));
    }

    // ---- running rollbacks ----

    private void launch(String id, FleetEnvironment env, RollbackCase c, String incidentId, String batchId, ReleaseWatcher watcher) {
        RollbackControl control = new RollbackControl();
        String serviceKey = key(c.release().service(), c.release().environment());
        busy.put(serviceKey, id);
        running.put(id, new Running(id, serviceKey, control));
        if (incidentId != null) store.incidents().attachRollback(incidentId, id, "rollback", time.now());
        safely(() -> listener.rollback(id, "running", Map.of("service", c.release().service(), "environment", c.release().environment(),
                "from", c.release().version(), "to", c.targetVersion())));
        try {
            rollbacks.execute(() -> runRollback(id, env, c, control, incidentId, watcher,
                    (p, h, obs) -> p.run(c, new RollbackPipeline.Handle(id, control, incidentId, batchId, h), obs, Map::of)));
        } catch (RuntimeException rejected) {
            running.remove(id);
            busy.remove(serviceKey, id);
            throw new ConflictException("the rollback could not be started: " + rejected.getMessage());
        }
    }

    /** How a rollback is carried out once its lease is held: run fresh, or resumed from its journal. */
    private interface Execution {
        RollbackPipeline.Done on(RollbackPipeline pipeline, dev.rewind.store.Fence fence, java.util.function.Function<Instant, Observations> observations);
    }

    private void runRollback(String id, FleetEnvironment env, RollbackCase c, RollbackControl control, String incidentId,
                             ReleaseWatcher watcher, Execution execution) {
        String serviceKey = key(c.release().service(), c.release().environment());
        try {
            if (ownership.fence(id) == null && ownership.claim(id).isEmpty()) {
                throw new ConflictException("rollback " + id + " is already executed by another process (its lease is held)");
            }
            RollbackPipeline.Done done = execution.on(pipeline(env, id), ownership.fence(id),
                    restoredAt -> env.metrics().map(m -> IncidentObservations.around(m, c.release(), env.policy(),
                            (watcher != null ? watcher : new ReleaseWatcher(m, env.policy(), time)).watchedMetrics(), restoredAt, time.now()))
                            .orElse(new Observations(Map.of())));
            String status = done.result().status().label();
            if (incidentId != null && (done.result().status().rolledBack() || abortedByHand(done.result().status(), incidentId))) {
                store.incidents().close(incidentId, time.now());
            }
            safely(() -> listener.rollback(id, status, Map.of("service", c.release().service(), "environment", c.release().environment())));
        } catch (LeaseLostException | RollbackStopped e) {
            // not an end: the replica that holds the lease now (or this server's next start) resumes it from the journal
            LOG.warn("rollback {} of {} handed over: {}", id, serviceKey, e.getMessage());
            safely(() -> listener.rollback(id, "running", Map.of("handed_over", String.valueOf(e.getMessage()))));
        } catch (RuntimeException e) {
            LOG.error("rollback {} of {} ended without a result: {}", id, serviceKey, e.toString());
            safely(() -> listener.rollback(id, "failed", Map.of("error", String.valueOf(e.getMessage()))));
        } finally {
            running.remove(id);
            busy.remove(serviceKey, id);
            safelyRelease(id);
        }
    }

    /**
     * An operator asked for the rollback and aborted it: nothing was detected, so nothing is left to handle. An incident
     * that also holds a detected finding stays open, since the regression it saw is still there.
     */
    private boolean abortedByHand(dev.rewind.model.RollbackStatus status, String incidentId) {
        if (status != dev.rewind.model.RollbackStatus.ABORTED) return false;
        return store.incidents().find(incidentId).map(i -> !i.findings().isEmpty()
                && i.findings().stream().allMatch(f -> "manual".equals(f.get("trigger")))).orElse(false);
    }

    private void safelyRelease(String rollbackId) {
        try {
            ownership.release(rollbackId);
        } catch (RuntimeException e) {
            LOG.warn("could not give the lease of {} back (it runs out on its own): {}", rollbackId, e.toString());
        }
    }

    private RollbackPipeline pipeline(FleetEnvironment env, String id) {
        // a plan as code with regions rolls back through other configured environments, each with its own actuators
        return new RollbackPipeline(store, time, env.policy(), env.actuators(), listener.progress(id)).withRegions(name -> {
            FleetEnvironment region = environments.get(name);
            if (region == null) throw new NotFoundException("environment", name);
            return region.actuators();
        });
    }

    /** A rollback the operator asks for. */
    public record ManualRollback(String environment, String to, String reason, boolean immediate, boolean dryRun, String actor) {
    }

    /** What starting (or planning) a rollback returned. */
    public record Ticket(String id, String status, String from, String to, Plan plan) {
    }

    public Ticket rollback(ManualRollback m) {
        FleetEnvironment env = environment(m.environment(), "");
        boolean noReason = m.reason() == null || m.reason().isBlank();
        if (env.config().production() && noReason) {
            throw new BadInputException("request", 0, "reason", "a production rollback needs a reason (it goes into the audit trail)");
        }
        if (m.reason() != null && m.reason().length() > 2000) throw new BadInputException("request", 0, "reason", "at most 2000 characters");
        if (m.to() != null) VersionName.require(m.to(), "request", 0, "to");
        String service = env.config().service();
        ReleaseRecord current = store.releases().current(service, env.name()).orElseThrow(() -> new ConflictException(
                "no current release of " + service + " in " + env.name() + " is registered; register it first (POST /api/v1/releases)"));
        String target = m.to() != null ? m.to() : store.releases().list(service, env.name()).stream()
                .filter(x -> x.status() == ReleaseStatus.STABLE && !x.version().equals(current.version())).findFirst()
                .map(ReleaseRecord::version).orElseThrow(() -> new ConflictException("no stable release of " + service + " in " + env.name()
                        + " to roll back to; name the target with 'to'"));
        if (target.equals(current.version())) throw new BadInputException("request", 0, "to", "is the running version");
        if (m.to() != null) requireKnownTarget(env, service, target);
        Release release = new Release(service, env.name(), current.version(), target, current.deployedAt(), current.changes(),
                current.featureFlag(), current.trafficPercent(), current.pointOfNoReturn());
        Baseline baseline = env.metrics().map(ms -> new ReleaseWatcher(ms, env.policy(), time).baseline(release))
                .filter(b -> !b.metrics().isEmpty()).orElse(null);
        RollbackCase c = rollbackCase(env, release, target, m.immediate(), baseline, List.of(Finding.manual(m.reason(), time.now())),
                time.now(), m.reason(), m.actor());
        RollbackPipeline p = pipeline(env, "plan");
        Plan plan = p.plan(c);
        if (m.dryRun()) return new Ticket(null, "dry_run", current.version(), target, plan);
        String serviceKey = key(service, env.name());
        String id = p.newId(c);
        Optional<RollbackRecord> elsewhere = openElsewhere(service, env.name());
        if (elsewhere.isPresent()) {
            throw new ConflictException("a rollback of " + service + " in " + env.name() + " is already " + elsewhere.get().status().replace('_', ' ')
                    + " (" + elsewhere.get().id() + ")");
        }
        String other = busy.putIfAbsent(serviceKey, id);
        if (other != null) throw new ConflictException("a rollback of " + service + " in " + env.name() + " is already " + status(other) + " (" + other + ")");
        store.audit().append(m.actor(), "rollback.requested", service + "/" + env.name(), "id=" + id + " to=" + target + " reason="
                + (m.reason() == null ? "" : m.reason()) + " immediate=" + m.immediate());
        watched.remove(serviceKey);
        Incidents.Joined j = incident(current, "rollback", c.findings());
        launch(id, env, c, j.incident().id(), null, null);
        return new Ticket(id, "running", current.version(), target, plan);
    }

    /**
     * A target the operator names must be a release the store has seen for this environment, or a version the
     * deployer still keeps (a previous revision): an operator must not be able to deploy just any tag.
     */
    private void requireKnownTarget(FleetEnvironment env, String service, String target) {
        boolean seen = store.releases().list(service, env.name()).stream().anyMatch(r -> r.version().equals(target));
        if (seen) return;
        boolean kept;
        try {
            kept = env.actuators().deployer().map(d -> d.versionExists(service, target)).orElse(false);
        } catch (RuntimeException e) {
            throw new ConflictException("'" + target + "' is not a release of " + service + " in " + env.name()
                    + " that Rewind has recorded, and the deployer could not be asked whether it keeps it: " + e.getMessage());
        }
        if (!kept) {
            throw new BadInputException("request", 0, "to", "'" + target + "' is not a release of " + service + " in " + env.name()
                    + " that Rewind has recorded, nor a revision the deployer keeps; name a recorded release (GET /api/v1/releases)");
        }
    }

    private String status(String id) {
        return pending.containsKey(id) ? "awaiting approval" : "running";
    }

    // ---- approvals ----

    private void prepare(String id, FleetEnvironment env, RollbackCase c, String incidentId, String batchId) {
        Instant now = time.now();
        Instant expires = now.plus(settings.approvalTimeout());
        Map<String, Object> approval = new LinkedHashMap<>();
        approval.put("requested_at", now.toString());
        approval.put("expires_at", expires.toString());
        approval.put("on_timeout", settings.onTimeout().label());
        Release rel = c.release();
        store.history().record(new RollbackRecord(id, rel.service(), rel.environment(), rel.version(), c.targetVersion(), "awaiting_approval",
                c.reason(), c.actor(), c.trigger(), now, null, Map.of(), null, incidentId, batchId, approval));
        store.history().saveResumeState(id, CaseRecord.of(c)); // another replica may be the one that gets the approval
        store.incidents().attachRollback(incidentId, id, "approval_required", now);
        pending.put(id, new Pending(id, env, c, incidentId, batchId, expires, new AtomicBoolean()));
        store.audit().append("rewind", "rollback.approval_requested", rel.service() + "/" + rel.environment(),
                "id=" + id + " to=" + c.targetVersion() + " expires_at=" + expires + " reason=" + c.reason());
        alert(env, dev.rewind.model.Severity.HIGH, "Approval required: roll " + rel.service() + " " + rel.version() + " back to " + c.targetVersion() + "?",
                c.reason() + ". Approve or deny rollback " + id + " before " + expires + ".");
        safely(() -> listener.rollback(id, "awaiting_approval", Map.of("service", rel.service(), "environment", rel.environment(),
                "expires_at", expires.toString())));
    }

    public void approve(String id, String actor, String reason) {
        Pending p = pending.remove(id);
        if (p == null) p = fromStore(id);
        if (!record(p, "approved", actor, reason)) {
            busy.remove(key(p.c.release().service(), p.c.release().environment()), id);
            throw missingOrNotWaiting(id);
        }
        store.audit().append(actor, "rollback.approved", p.c.release().service() + "/" + p.c.release().environment(),
                "id=" + id + " reason=" + (reason == null ? "" : reason));
        RollbackCase approved = new RollbackCase(p.c.release(), p.c.strategy(), p.c.options(), p.c.baseline(), p.c.findings(), p.c.detectedAt(),
                p.c.reason() + "; approved by " + actor + " at " + time.now() + (reason == null || reason.isBlank() ? "" : " (" + reason + ")"),
                actor, p.c.outDir());
        if (p.batchId != null) {
            busy.remove(key(p.c.release().service(), p.c.release().environment()), id);
            launchBatch(id, p.batchId, approved.reason(), actor, p.incidentId, p.c.findings(), p.c.detectedAt());
        } else {
            launch(id, p.env, approved, p.incidentId, null, null);
        }
    }

    public void deny(String id, String actor, String reason) {
        Pending p = pending.remove(id);
        if (p == null) p = fromStore(id);
        if (!record(p, "denied", actor, reason)) {
            busy.remove(key(p.c.release().service(), p.c.release().environment()), id);
            throw missingOrNotWaiting(id);
        }
        endPending(p, "denied by " + actor + (reason == null || reason.isBlank() ? "" : ": " + reason), actor, "rollback.denied");
    }

    private void approvalTimedOut(Pending p) {
        switch (settings.onTimeout()) {
            case ESCALATE -> {
                store.audit().append("rewind", "rollback.approval_escalated", p.c.release().service() + "/" + p.c.release().environment(),
                        "id=" + p.id + " nobody decided within " + settings.approvalTimeout());
                alert(p.env, dev.rewind.model.Severity.CRITICAL, "Escalation: nobody approved rollback " + p.id + " of " + p.c.release().service(),
                        "it has waited " + settings.approvalTimeout() + "; it still waits for a decision");
                journalApproval(p.id, "APPROVAL_ESCALATED", "escalated", "nobody decided within " + settings.approvalTimeout()
                        + "; escalated, still waiting", Map.of("timeout_sec", settings.approvalTimeout().toSeconds()));
                safely(() -> listener.rollback(p.id, "awaiting_approval", Map.of("escalated", true)));
            }
            case ROLLBACK -> {
                if (pending.containsKey(p.id)) approve(p.id, "rewind (approval timeout)", "no decision within " + settings.approvalTimeout());
            }
            case DENY -> {
                if (pending.containsKey(p.id)) deny(p.id, "rewind (approval timeout)", "no decision within " + settings.approvalTimeout());
            }
        }
    }

    /** The decision, taken once: false when the rollback no longer waits (another replica decided first). */
    private boolean record(Pending p, String decision, String actor, String reason) {
        Map<String, Object> approval = new LinkedHashMap<>(store.history().find(p.id).map(RollbackRecord::approval).orElse(Map.of()));
        approval.put("decision", decision);
        approval.put("decided_by", actor);
        approval.put("decided_at", time.now().toString());
        if (reason != null && !reason.isBlank()) approval.put("reason", reason);
        boolean taken = store.history().transition(p.id, "awaiting_approval", decision.equals("approved") ? "running" : "aborted", approval);
        // in the journal too, so the result's actions_log, the incident report and the API's journal say who and when
        if (taken) journalApproval(p.id, decision.equals("approved") ? "APPROVED" : "DENIED", decision, "by " + actor
                + (reason == null || reason.isBlank() ? "" : ": " + reason), approval);
        return taken;
    }

    private void journalApproval(String id, String action, String state, String detail, Map<String, Object> data) {
        safely(() -> store.journal().event(id, 0, action, state, detail, data, time.now()));
    }

    /** A rollback waiting for approval that another replica prepared: decided here, from what the store keeps of it. */
    private Pending fromStore(String id) {
        RollbackRecord r = store.history().find(id).orElseThrow(() -> new NotFoundException("rollback", id));
        FleetEnvironment env = environments.get(r.environment());
        if (!r.status().equals("awaiting_approval") || env == null) throw missingOrNotWaiting(id);
        RollbackCase c = CaseRecord.read(store, r, (target, immediate) -> options(env, target, immediate), settings.outDir());
        busy.putIfAbsent(key(r.service(), r.environment()), id);
        return new Pending(id, env, c, r.incidentId(), r.batchId(), expiry(r), new AtomicBoolean());
    }

    private Instant expiry(RollbackRecord r) {
        Object at = r.approval().get("expires_at");
        return at == null ? time.now().plus(settings.approvalTimeout()) : Instant.parse(at.toString());
    }

    private void endPending(Pending p, String why, String actor, String action) {
        Release rel = p.c.release();
        store.finishRollback(p.id, actor, rel.service() + "/" + rel.environment(), "aborted", time.now(), Map.of("status", "aborted", "reason", why),
                null, null, "before any step: " + why);
        busy.remove(key(rel.service(), rel.environment()), p.id);
        store.audit().append(actor, action, rel.service() + "/" + rel.environment(), "id=" + p.id + " " + why);
        safely(() -> listener.rollback(p.id, "aborted", Map.of("reason", why)));
    }

    private RuntimeException missingOrNotWaiting(String id) {
        if (store.history().find(id).isEmpty()) return new NotFoundException("rollback", id);
        return new ConflictException("rollback " + id + " is not waiting for approval (it is " + store.history().find(id).get().status() + ")");
    }

    // ---- manual control ----

    public void pause(String id, String actor) {
        Running r = running.get(id);
        if (r == null) {
            elsewhere(id, "running", "paused", "paused");
        } else {
            r.control.pause();
            store.history().status(id, "paused", null);
        }
        store.audit().append(actor, "rollback.paused", id, "paused between steps");
        String now = r == null ? "paused" : r.control.state(); // "pausing" while the step in flight finishes
        safely(() -> listener.rollback(id, now, Map.of("by", actor)));
    }

    public void resume(String id, String actor) {
        Running r = running.get(id);
        if (r == null) {
            elsewhere(id, "paused", "running", "resumed");
        } else {
            r.control.resume();
            store.history().status(id, "running", null);
        }
        store.audit().append(actor, "rollback.resumed", id, "resumed");
        safely(() -> listener.rollback(id, "running", Map.of("by", actor)));
    }

    /** Aborts between steps (the step in flight finishes and is journaled); a rollback waiting for approval is denied. */
    public void abort(String id, String actor, String reason) {
        if (pending.containsKey(id)) {
            deny(id, actor, reason == null ? "aborted" : reason);
            return;
        }
        String why = (reason == null || reason.isBlank() ? "aborted" : reason) + " (by " + actor + ")";
        Running r = running.get(id);
        if (r != null) {
            r.control.abort(why);
            r.control.resume();
        } else {
            RollbackRecord row = store.history().find(id).orElseThrow(() -> new NotFoundException("rollback", id));
            if (row.status().equals("awaiting_approval")) {
                deny(id, actor, reason == null ? "aborted" : reason);
                return;
            }
            if (!row.status().equals("running") && !row.status().equals("paused")) throw notRunning(id, row.status());
            store.history().requestAbort(id, why); // the replica that runs it aborts it between steps
        }
        store.audit().append(actor, "rollback.abort_requested", id, reason == null ? "" : reason);
    }

    /**
     * A pause or resume of a rollback another replica runs: the store's status changes here, and that replica's
     * control follows it between steps ({@link #replicate}).
     */
    private void elsewhere(String id, String from, String to, String verb) {
        RollbackRecord row = store.history().find(id).orElseThrow(() -> new NotFoundException("rollback", id));
        if (!store.history().transition(id, from, to, null)) throw notRunning(id, row.status());
    }

    private static ConflictException notRunning(String id, String status) {
        return new ConflictException("rollback " + id + " is not " + (status.equals("paused") ? "running" : "running or paused") + " (it is " + status + ")");
    }

    // ---- batches ----

    /** Rolls a batch back whole, last deploy first, each release verified before the next (seed 000 step 4). */
    public Ticket rollbackBatch(String batchId, String reason, String actor) {
        List<ReleaseRecord> members = store.releases().batch(batchId);
        if (members.isEmpty()) throw new NotFoundException("batch", batchId);
        for (ReleaseRecord m : members) {
            FleetEnvironment env = environment(m.environment(), "");
            if (env.config().production() && (reason == null || reason.isBlank())) {
                throw new BadInputException("request", 0, "reason", "a production rollback needs a reason (batch " + batchId + " touches " + m.environment() + ")");
            }
        }
        String id = "rb-" + ID_TIME.format(time.now()) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        for (ReleaseRecord m : members) {
            String other = busy.get(key(m.service(), m.environment()));
            if (other != null) throw new ConflictException("a rollback of " + m.service() + " in " + m.environment() + " is already " + status(other) + " (" + other + ")");
            Optional<RollbackRecord> elsewhere = openElsewhere(m.service(), m.environment());
            if (elsewhere.isPresent()) {
                throw new ConflictException("a rollback of " + m.service() + " in " + m.environment() + " is already " + elsewhere.get().status().replace('_', ' ')
                        + " (" + elsewhere.get().id() + ")");
            }
        }
        store.audit().append(actor, "batch.rollback_requested", batchId, "reason=" + (reason == null ? "" : reason));
        launchBatch(id, batchId, reason, actor, null, List.of(Finding.manual(reason, time.now())), time.now());
        return new Ticket(id, "running", null, null, null);
    }

    /** Last deploy first; a member that is not rolled back stops the batch, and the ones before it are left in place. */
    private void launchBatch(String firstId, String batchId, String reason, String actor, String incidentId, List<Finding> findings, Instant detectedAt) {
        List<ReleaseRecord> members = new ArrayList<>(store.releases().batch(batchId));
        java.util.Collections.reverse(members);
        members.forEach(m -> {
            busy.put(key(m.service(), m.environment()), batchId);
            watched.remove(key(m.service(), m.environment()));
        });
        rollbacks.execute(() -> {
            boolean stopped = false;
            int n = 0;
            try {
                for (ReleaseRecord m : members) {
                    String id = n++ == 0 ? firstId : "rb-" + ID_TIME.format(time.now()) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
                    FleetEnvironment env = environments.get(m.environment());
                    if (stopped || env == null || m.status() != ReleaseStatus.CURRENT) {
                        store.audit().append(actor, "batch.member_skipped", m.service() + "/" + m.environment(), "batch=" + batchId + " version=" + m.version()
                                + (stopped ? " the batch stopped" : " not current"));
                        continue;
                    }
                    Release rel = m.toRelease();
                    Baseline baseline = env.metrics().map(ms -> new ReleaseWatcher(ms, env.policy(), time).baseline(rel)).filter(b -> !b.metrics().isEmpty()).orElse(null);
                    RollbackCase c = rollbackCase(env, rel, m.previousVersion(), false, baseline, findings, detectedAt,
                            "batch " + batchId + (reason == null ? "" : ": " + reason), actor);
                    RollbackControl control = new RollbackControl();
                    running.put(id, new Running(id, key(m.service(), m.environment()), control));
                    safely(() -> listener.rollback(id, "running", Map.of("batch", batchId, "service", m.service())));
                    try {
                        ownership.claim(id).orElseThrow(() -> new ConflictException("rollback " + id + " is held by another process"));
                        RollbackPipeline.Done done = pipeline(env, id).run(c, new RollbackPipeline.Handle(id, control, incidentId, batchId,
                                        ownership.fence(id)), restoredAt -> new Observations(Map.of()), Map::of);
                        safely(() -> listener.rollback(id, done.result().status().label(), Map.of("batch", batchId)));
                        stopped = !done.result().status().rolledBack();
                    } finally {
                        running.remove(id);
                        safelyRelease(id);
                    }
                }
                if (incidentId != null && !stopped) store.incidents().close(incidentId, time.now());
            } catch (LeaseLostException | RollbackStopped e) {
                // the member in progress is resumed by whoever holds it now; members not reached yet are not (README: replicas)
                LOG.warn("batch {} handed over in the middle: {}; members not reached yet are left as they are", batchId, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("batch {} rollback ended early: {}", batchId, e.toString());
            } finally {
                members.forEach(m -> busy.remove(key(m.service(), m.environment())));
            }
        });
    }

    // ---- auto-rollback switch ----

    public dev.rewind.store.AutoRollbackSwitches.Switch autoRollback(String service, boolean enabled, String reason, Instant expiresAt, String actor) {
        if (environments.values().stream().noneMatch(e -> e.config().service().equals(service))) throw new NotFoundException("service", service);
        if (reason == null || reason.isBlank()) throw new BadInputException("request", 0, "reason", "switching auto-rollback needs a reason");
        if (reason.length() > 2000) throw new BadInputException("request", 0, "reason", "at most 2000 characters");
        if (expiresAt != null && !expiresAt.isAfter(time.now())) throw new BadInputException("request", 0, "expires_at", "is not in the future");
        var s = store.autoRollback().set(service, enabled, reason, actor, time.now(), expiresAt);
        store.audit().append(actor, enabled ? "auto_rollback.enabled" : "auto_rollback.disabled", service,
                "reason=" + reason + (expiresAt == null ? "" : " until=" + expiresAt));
        safely(() -> listener.autoRollback(service, enabled, reason));
        return s;
    }

    // ---- lifecycle ----

    /**
     * Takes what this server owns at start: its leases, the releases still being watched, the rollbacks waiting for
     * approval, and the rollbacks a process that died (or stopped) left running, which are resumed from their journals.
     */
    public void resume() {
        replicate(time.now());
    }

    /**
     * Stops cleanly: no new checks, rollbacks waiting for approval stay in the store as they are, and running ones stop
     * between steps without ending (the step in flight finishes and is journaled): another replica, or this server's
     * next start, resumes them from the journal. Give the leases back with {@link #handOver()} once they have stopped.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        running.values().forEach(r -> {
            r.control.stop("server " + ownership.replica() + " stopping (SIGTERM)");
            // said at once, not only when the step in flight ends: a stop that outlasts its bound still leaves this
            safely(() -> store.journal().event(r.id(), 0, "STOPPING", "stopping", "server " + ownership.replica()
                    + " stopping (SIGTERM): the step in flight finishes, nothing after it runs here; the next server on this store"
                    + " resumes it from the journal", Map.of(), time.now()));
        });
    }

    /** After {@link #close()}: every lease given back, so other replicas take over now instead of when the leases run out. */
    public void handOver() {
        ownership.close();
    }

    // ---- replicas ----

    /**
     * Renews leases when due (losing a service stops its watch; losing a rollback stops it between steps), then, every
     * {@link #SYNC_EVERY} with replicas (once, at start, for the only server), reads from the store what other processes did: releases registered and rollbacks left for
     * the services this replica owns, and pauses, resumes and aborts asked for on rollbacks it runs.
     */
    void replicate(Instant now) {
        if (ownership.due()) {
            Ownership.Changes ch = ownership.cycle(environments.values().stream().map(e -> Ownership.releaseKey(e.config().service(), e.name())).toList(),
                    k -> busy.containsKey(k.substring(Ownership.RELEASE.length())));
            ch.lost().forEach(k -> dropService(k.substring(Ownership.RELEASE.length())));
            ch.lostRollbacks().forEach(id -> {
                Running r = running.get(id);
                if (r != null) r.control.stop("replica " + ownership.replica() + " lost the lease of " + id);
            });
            if (!ch.gained().isEmpty()) {
                LOG.info("replica {} took over {}", ownership.replica(), ch.gained());
                nextSync = null;
            }
        }
        // the only server on a store reads it once, at start, for what a process that died left behind: nothing else changes it
        if (nextSync != null && (now.isBefore(nextSync) || !ownership.isShared())) return;
        nextSync = now.plus(SYNC_EVERY);
        adoptWatches(now);
        adoptRollbacks(now);
        followControls();
    }

    private void dropService(String serviceKey) {
        watched.remove(serviceKey);
        pending.values().removeIf(p -> {
            boolean drop = key(p.c.release().service(), p.c.release().environment()).equals(serviceKey);
            if (drop) busy.remove(serviceKey, p.id);
            return drop;
        });
    }

    /** Releases registered on any replica, watched by the one that owns their service; a release no longer current is let go. */
    private void adoptWatches(Instant now) {
        Map<String, ReleaseRecord> current = new LinkedHashMap<>();
        for (ReleaseRecord r : store.releases().watching(now)) current.put(key(r.service(), r.environment()), r);
        current.forEach((k, r) -> {
            FleetEnvironment env = environments.get(r.environment());
            if (env == null || env.metrics().isEmpty() || busy.containsKey(k) || !ownership.owns(r.service(), r.environment())) return;
            Watched w = watched.get(k);
            if (w != null && w.record.version().equals(r.version())) {
                if (w.record.trafficPercent() != r.trafficPercent()) moveTraffic(w, r.trafficPercent()); // moved through another replica
                return;
            }
            if (w != null && w.record.deployedAt().isAfter(r.deployedAt())) return;
            watched.put(k, new Watched(r, env, new ReleaseWatcher(env.metrics().get(), env.policy(), time), later(r.deployedAt(), now).plus(env.policy().checkInterval())));
        });
        for (Watched w : watched.values()) {
            String k = key(w.record.service(), w.record.environment());
            ReleaseRecord r = current.get(k);
            if (r != null && r.version().equals(w.record.version())) continue;
            boolean gone = store.releases().find(w.record.service(), w.record.environment(), w.record.version())
                    .map(x -> x.status() != ReleaseStatus.CURRENT || x.watchUntil() == null).orElse(true);
            if (gone) watched.remove(k, w); // rolled back or replaced through another replica
        }
    }

    /**
     * Rollbacks of the services this replica owns that no process runs: one left waiting for approval is held here
     * again; one left running or paused is taken over (its lease claimed) and resumed from its journal, unless its last
     * step is older than {@code resume_within}, when it is closed as aborted for a person to look at.
     */
    private void adoptRollbacks(Instant now) {
        for (RollbackRecord r : store.history().inState(List.of("running", "paused", "awaiting_approval"))) {
            FleetEnvironment env = environments.get(r.environment());
            if (env == null || running.containsKey(r.id()) || pending.containsKey(r.id()) || !ownership.owns(r.service(), r.environment())) continue;
            String k = key(r.service(), r.environment());
            String local = busy.get(k);
            if (local != null && !local.equals(r.id())) continue;
            try {
                if (r.status().equals("awaiting_approval")) {
                    holdForApproval(r, env);
                } else {
                    ownership.claim(r.id()).ifPresent(taken -> resumeOrClose(r, env, taken, now));
                }
            } catch (RuntimeException e) {
                LOG.error("could not take rollback {} over: {}", r.id(), e.toString());
            }
        }
    }

    private void holdForApproval(RollbackRecord r, FleetEnvironment env) {
        RollbackCase c = CaseRecord.read(store, r, (target, immediate) -> options(env, target, immediate), settings.outDir());
        String k = key(r.service(), r.environment());
        busy.put(k, r.id());
        watched.remove(k);
        pending.put(r.id(), new Pending(r.id(), env, c, r.incidentId(), r.batchId(), expiry(r), new AtomicBoolean()));
        LOG.info("replica {} holds rollback {} for approval (prepared elsewhere)", ownership.replica(), r.id());
    }

    private void resumeOrClose(RollbackRecord r, FleetEnvironment env, Leases.Taken taken, Instant now) {
        var rows = store.journal().entries(r.id());
        Instant last = rows.isEmpty() ? r.startedAt() : rows.getLast().at();
        String from = taken.previousOwner() == null ? "a process that left it without a lease"
                : taken.previousOwner().equals(ownership.replica()) ? "itself (its lease had been lost)" : taken.previousOwner();
        String why = "replica " + ownership.replica() + " took the rollback over from " + from
                + (taken.previousExpiry() == null ? "" : " (lease ran out at " + taken.previousExpiry() + ")") + ", lease token " + taken.token();
        RollbackCase c;
        try {
            c = CaseRecord.read(store, r, (target, immediate) -> options(env, target, immediate), settings.outDir());
        } catch (RuntimeException e) {
            close(r, "not resumed: " + e.getMessage() + "; the journal shows the last step it took");
            return;
        }
        Optional<String> planChanged = pipeline(env, r.id()).planFileChanged(c, r.id());
        if (planChanged.isPresent()) {
            close(r, "not resumed: " + planChanged.get());
            return;
        }
        if (Duration.between(last, now).compareTo(settings.resumeWithin()) > 0) {
            close(r, "not resumed: its last journal row is from " + last + ", longer ago than resume_within (" + settings.resumeWithin()
                    + "); the journal shows the last step it took; finish by hand if needed");
            return;
        }
        RollbackControl control = new RollbackControl();
        if (r.status().equals("paused")) control.pause();
        String k = key(r.service(), r.environment());
        busy.put(k, r.id());
        watched.remove(k);
        running.put(r.id(), new Running(r.id(), k, control));
        safely(() -> listener.rollback(r.id(), r.status(), Map.of("resumed_by", ownership.replica(), "service", r.service())));
        LOG.warn("{}: resuming {}", why, r.id());
        try {
            rollbacks.execute(() -> runRollback(r.id(), env, c, control, r.incidentId(), null,
                    (p, fence, obs) -> p.resume(c, new RollbackPipeline.Handle(r.id(), control, r.incidentId(), r.batchId(), fence), why, obs, Map::of)));
        } catch (RuntimeException rejected) {
            running.remove(r.id());
            busy.remove(k, r.id());
            safelyRelease(r.id());
        }
    }

    private void close(RollbackRecord r, String why) {
        try {
            store.finishRollback(r.id(), "rewind", r.service() + "/" + r.environment(), "aborted", time.now(), Map.of("status", "aborted", "reason", why),
                    null, null, why, ownership.fence(r.id()));
        } finally {
            safelyRelease(r.id());
        }
    }

    /** Pauses, resumes and aborts asked for on another replica reach the rollbacks running here; decisions taken there drop ours. */
    private void followControls() {
        if (!running.isEmpty()) {
            store.history().controls(running.keySet()).forEach((id, ctl) -> {
                Running r = running.get(id);
                if (r == null) return;
                if (ctl.abortRequested() != null && !r.control.aborted()) {
                    r.control.abort(ctl.abortRequested());
                    r.control.resume();
                } else if (ctl.status().equals("paused") && !r.control.paused()) {
                    r.control.pause();
                } else if (ctl.status().equals("running") && r.control.paused()) {
                    r.control.resume();
                }
            });
        }
        if (!pending.isEmpty()) {
            store.history().controls(pending.keySet()).forEach((id, ctl) -> {
                if (ctl.status().equals("awaiting_approval")) return;
                Pending p = pending.remove(id);
                if (p != null) busy.remove(key(p.c.release().service(), p.c.release().environment()), id);
            });
        }
    }

    /** A rollback of the service that another process runs or holds for approval (none of this fleet's own). */
    private Optional<RollbackRecord> openElsewhere(String service, String environment) {
        return store.history().inState(List.of("running", "paused", "awaiting_approval")).stream()
                .filter(r -> r.service().equals(service) && r.environment().equals(environment))
                .filter(r -> !running.containsKey(r.id()) && !pending.containsKey(r.id()) && !r.id().equals(busy.get(key(service, environment))))
                .findFirst();
    }

    /** Whether any rollback still runs (for a shutdown that waits for them to reach a step boundary). */
    public boolean rollbacksRunning() {
        return !running.isEmpty();
    }

    // ---- helpers ----

    // ---- maintenance ----

    /** Whether the environment is in maintenance now, and the rollback that left it held there, if any. */
    public HeldMaintenance.Status maintenance(String environment) {
        return HeldMaintenance.status(store, withMaintenance(environment).config(), withMaintenance(environment).actuators());
    }

    /** An operator ends a held maintenance (see {@link HeldMaintenance#end}); audited, production needs a reason. */
    public HeldMaintenance.Ended endMaintenance(String environment, String to, String reason, String actor) {
        FleetEnvironment env = withMaintenance(environment);
        String running = busy.get(key(env.config().service(), environment));
        if (running != null) {
            throw new ConflictException("rollback " + running + " of " + env.config().service() + " in " + environment + " is " + status(running)
                    + ": it ends maintenance itself once verified; wait for it to end, or abort it first");
        }
        return HeldMaintenance.end(store, env.config(), env.actuators(), to, reason, actor, "request");
    }

    private FleetEnvironment withMaintenance(String name) {
        FleetEnvironment env = environments.get(name);
        if (env == null) throw new NotFoundException("environment", name);
        if (env.config().maintenance() == null) throw new ConflictException(name + " has no maintenance: block in the config: it is never put in maintenance");
        return env;
    }

    private FleetEnvironment environment(String name, String field) {
        FleetEnvironment env = environments.get(name);
        if (env == null) {
            throw new BadInputException("request", 0, (field.isEmpty() ? "" : field + ".") + "environment", "no environment '" + name
                    + "' is configured; known: " + environments.keySet().stream().sorted().toList());
        }
        return env;
    }

    /**
     * People hear once per environment when its metrics cannot be read (one source, often many releases: not one alert
     * each), and once when they can again.
     */
    private void tellBlindness(Watched w, ReleaseWatcher.Check check) {
        String env = w.env.name();
        if (check.blind() != null) {
            if (blindSince.putIfAbsent(env, check.blind().since()) == null) {
                LOG.warn("{}: metrics cannot be read: {}", env, check.blind().error());
                alert(w.env, BlindAlerts.blind(w.record.service(), env, w.record.version(), check.blind().since(), null, check.blind().error(), check.at()));
            }
        } else {
            Instant since = blindSince.remove(env);
            if (since != null) {
                LOG.info("{}: metrics readable again", env);
                alert(w.env, BlindAlerts.readableAgain(w.record.service(), env, w.record.version(), Duration.between(since, check.at()), check.at()));
            }
        }
    }

    private void alert(FleetEnvironment env, dev.rewind.model.Alert alert) {
        env.actuators().notifier().ifPresent(n -> safely(() -> n.notify(alert)));
    }

    private void alert(FleetEnvironment env, dev.rewind.model.Severity severity, String title, String body) {
        env.actuators().notifier().ifPresent(n -> safely(() -> n.notify(new dev.rewind.model.Alert(severity, title, body, time.now(), Map.of()))));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    static String key(String service, String environment) {
        return service + "/" + environment;
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("a fleet listener failed: {}", e.toString());
        }
    }

    /** A release being watched; {@link CheckRound} reads and starts its session. */
    static final class Watched {
        volatile ReleaseRecord record; // replaced when the canary's traffic moves
        final FleetEnvironment env;
        final ReleaseWatcher watcher;
        volatile Instant nextCheck;
        final AtomicBoolean inFlight = new AtomicBoolean();
        volatile ReleaseWatcher.Session session;
        volatile String lastDecision;
        volatile String lastError;

        Watched(ReleaseRecord record, FleetEnvironment env, ReleaseWatcher watcher, Instant nextCheck) {
            this.record = record;
            this.env = env;
            this.watcher = watcher;
            this.nextCheck = nextCheck;
        }
    }

    private record Running(String id, String serviceKey, RollbackControl control) {
    }

    private record Pending(String id, FleetEnvironment env, RollbackCase c, String incidentId, String batchId, Instant expiresAt,
                           AtomicBoolean timedOut) {
    }
}
