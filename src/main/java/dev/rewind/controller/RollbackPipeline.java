package dev.rewind.controller;

import dev.rewind.act.Actuators;
import dev.rewind.act.CodedPlan;
import dev.rewind.act.PlanOptions;
import dev.rewind.act.RegionalRollback;
import dev.rewind.model.Release;
import dev.rewind.plan.PlanRegions;
import dev.rewind.plan.RollbackPlanFile;
import java.util.ArrayList;
import java.util.List;
import dev.rewind.act.RollbackControl;
import dev.rewind.act.RollbackExecutor;
import dev.rewind.act.RollbackListener;
import dev.rewind.act.RollbackPlanner;
import dev.rewind.act.RollbackRequest;
import dev.rewind.model.Alert;
import dev.rewind.model.Observations;
import dev.rewind.model.Plan;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.model.LogLine;
import dev.rewind.model.Severity;
import dev.rewind.report.IncidentFacts;
import dev.rewind.report.PostMortem;
import dev.rewind.report.PostMortemWriter;
import dev.rewind.report.IncidentTimeline;
import dev.rewind.report.ReportBundle;
import dev.rewind.report.RollbackResultWriter;
import dev.rewind.act.RollbackStopped;
import dev.rewind.model.BadInputException;
import dev.rewind.store.AuditAnchor;
import dev.rewind.store.JournalEntry;
import dev.rewind.store.Fence;
import dev.rewind.store.LeaseLostException;
import dev.rewind.store.RollbackJournal;
import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackRecord;
import dev.rewind.time.TimeSource;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * act → verify → report for one rollback, with the bookkeeping around it: the history row, the audit
 * trail, the release registry, and the report files. The executor journals every step itself.
 */
public final class RollbackPipeline {
    /** The journal row that names the plan file a rollback started with, and its SHA-256. */
    public static final String PLAN_FILE = "PLAN_FILE";
    private static final org.slf4j.Logger AUDIT_LOG = org.slf4j.LoggerFactory.getLogger("dev.rewind.audit");
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final RewindStore store;
    private final TimeSource time;
    private final RollbackPolicy policy;
    private final Actuators actuators;
    private final RollbackListener listener;
    /** The actuators of each region's environment, for a plan as code with regions; by environment name. */
    private final Function<String, Actuators> regionActuators;

    public RollbackPipeline(RewindStore store, TimeSource time, RollbackPolicy policy, Actuators actuators, RollbackListener listener) {
        this(store, time, policy, actuators, listener, name -> {
            throw new dev.rewind.model.BadInputException("plan", 0, "regions", "no actuators are known for region environment '" + name + "'");
        });
    }

    private RollbackPipeline(RewindStore store, TimeSource time, RollbackPolicy policy, Actuators actuators, RollbackListener listener,
                             Function<String, Actuators> regionActuators) {
        this.store = store;
        this.time = time;
        this.policy = policy;
        this.actuators = actuators;
        this.listener = listener;
        this.regionActuators = regionActuators;
    }

    /** The same pipeline, with the actuators of the environments a plan's regions name (by environment name). */
    public RollbackPipeline withRegions(Function<String, Actuators> byEnvironment) {
        return new RollbackPipeline(store, time, policy, actuators, listener, byEnvironment);
    }

    /** What a rollback left behind. */
    public record Done(String id, Plan plan, RollbackResult result, ReportBundle.Written report) {
        /** Rolled back and verified. */
        public boolean succeeded() {
            return result.status() == RollbackStatus.SUCCESS;
        }

        /** The exit code a command reports for this rollback (documented in {@code rewind --help}). */
        public int exitCode() {
            return switch (result.status()) {
                case SUCCESS -> 0;
                case SUCCESS_UNVERIFIED -> 4;
                default -> 1;
            };
        }
    }

    public Plan plan(RollbackCase c) {
        return new RollbackPlanner(policy).plan(c.release(), c.strategy(), withRehearsal(c.options()));
    }

    /** A plan as code's rehearsal gate reads the newest passing rehearsal the store holds. */
    private PlanOptions withRehearsal(PlanOptions options) {
        CodedPlan coded = options.coded();
        if (coded == null || coded.lastRehearsal() != null || coded.rehearsal()) return options;
        return options.withPlan(coded.withLastRehearsal(store.lastPassedRehearsal(coded.file().metadata().operationId()).orElse(null)));
    }

    /**
     * A plan as code runs region after region (or once, without regions), with seed 004's escalation ladder and seed 003's
     * completion criteria ({@link RegionalRollback}).
     */
    private RollbackResult runCoded(RollbackCase c, String id, RollbackControl control, Plan home, Actuators acting, RollbackJournal journal,
                                    String resumedWhy) {
        PlanOptions options = withRehearsal(c.options());
        RollbackPlanFile file = options.coded().file();
        if (resumedWhy == null) {
            // the plan's identity, so that a resume runs the same plan or none (planFileChanged)
            Map<String, Object> data = new java.util.LinkedHashMap<>();
            data.put("file", file.source().file());
            data.put("operation_id", file.metadata().operationId());
            if (file.source().digest() != null) data.put("sha256", file.source().digest());
            if (options.coded().scenario() != null) data.put("scenario", options.coded().scenario());
            journal.event(id, 0, PLAN_FILE, "recorded", file.title() + " from " + file.source().file()
                    + (file.source().digest() == null ? "" : " (sha256 " + file.source().digest() + ")"), data, time.now());
        }
        List<RegionalRollback.Region> regions = new ArrayList<>();
        var release = c.release();
        if (!file.regions().any()) {
            regions.add(new RegionalRollback.Region(null, acting, release, home));
        } else {
            RollbackPlanner planner = new RollbackPlanner(policy);
            for (PlanRegions.Region r : file.regions().order()) {
                Actuators a = r.environment().equals(release.environment()) ? acting : regionActuators.apply(r.environment());
                if (a == null) throw new dev.rewind.model.BadInputException(file.source().file(), 0, "regions", "no actuators are known for region "
                        + r.name() + "'s environment '" + r.environment() + "'");
                if (acting.notifier().isPresent()) a = a.withNotifier(acting.notifier().get());
                Release inRegion = new Release(release.service(), r.environment(), release.version(), release.previousVersion(), release.deployedAt(),
                        release.changes(), release.featureFlag(), release.trafficPercent(), release.pointOfNoReturn());
                regions.add(new RegionalRollback.Region(r.name(), a, inRegion, planner.codedInRegion(inRegion, c.targetVersion(), options, r.name())));
            }
        }
        // the journal the rollback runs under: fenced by its lease, like a built-in plan's steps
        RegionalRollback run = new RegionalRollback(journal, time, policy.maxRollbackAttempts(), listener, file.escalation(), file.completion(),
                file.regions().continueOnFailure());
        return resumedWhy == null ? run.execute(id, regions, c.targetVersion(), c.baseline(), control)
                : run.resume(id, regions, c.targetVersion(), c.baseline(), control, resumedWhy);
    }

    /**
     * Why rollback {@code id} must not be resumed with the plan {@code c} carries now, or empty when it may: it started
     * with a plan file whose text (SHA-256) differs, or with a plan file where there is none now, or the reverse.
     * Resuming a journal against another plan would skip or repeat the wrong steps; a person decides instead.
     */
    public Optional<String> planFileChanged(RollbackCase c, String id) {
        List<JournalEntry> rows = store.journal().entries(id);
        JournalEntry recorded = rows.stream().filter(r -> r.action().equals(PLAN_FILE)).findFirst().orElse(null);
        CodedPlan now = c.options().coded();
        if (recorded == null) {
            // no record: the built-in plan, or a plan file under a Rewind from before the record (its steps are the file's)
            java.util.Set<String> fileSteps = now == null ? java.util.Set.of()
                    : now.file().steps().stream().map(dev.rewind.plan.PlanStep::id).collect(java.util.stream.Collectors.toSet());
            boolean builtInStepsRan = rows.stream().anyMatch(r -> r.stepId() != null)
                    && rows.stream().noneMatch(r -> r.stepId() != null && fileSteps.contains(r.stepId()));
            return now != null && builtInStepsRan ? Optional.of("it started with the built-in plan, and the environment now has the plan file "
                    + now.file().source().file() + "; restore the config it started with, or finish it by hand") : Optional.empty();
        }
        String file = String.valueOf(recorded.data().get("file"));
        Object then = recorded.data().get("sha256");
        if (now == null) return Optional.of("it started with the plan file " + file + ", and the environment now has none; restore plan: " + file
                + " in the config, or finish it by hand");
        String digest = now.file().source().digest();
        if (then == null || digest == null || then.equals(digest)) return Optional.empty();
        return Optional.of("the plan file changed since it started (" + file + ": sha256 " + shortened(then.toString()) + " then, "
                + shortened(digest) + " in " + now.file().source().file() + " now); resuming its journal against another plan could skip or "
                + "repeat the wrong steps: put back the plan file it started with and resume again, or finish it by hand");
    }

    /** A partial scenario the rollback started with ({@code rollback --scenario}) is what it resumes with: the case rebuilt from config has none. */
    private RollbackCase withRecordedScenario(RollbackCase c, String id) {
        CodedPlan coded = c.options().coded();
        if (coded == null || coded.scenario() != null) return c;
        Object scenario = store.journal().entries(id).stream().filter(r -> r.action().equals(PLAN_FILE)).findFirst()
                .map(r -> r.data().get("scenario")).orElse(null);
        if (!(scenario instanceof String s)) return c;
        return new RollbackCase(c.release(), c.strategy(), c.options().withPlan(new CodedPlan(coded.file(), s, coded.lastRehearsal(), coded.rehearsal())),
                c.baseline(), c.findings(), c.detectedAt(), c.reason(), c.actor(), c.outDir());
    }

    private static String shortened(String digest) {
        return digest.length() > 12 ? digest.substring(0, 12) + "..." : digest;
    }

    /**
     * Runs the rollback. {@code observations} is read after it ends, given when traffic was restored (the
     * chart shows the recovery);
     * {@code afterRollback} gives metric values measured after it, for the report's before/after table.
     */
    public Done run(RollbackCase c, Function<Instant, Observations> observations, Supplier<Map<String, Double>> afterRollback) {
        return run(c, Handle.fresh(newId(c)), observations, afterRollback);
    }

    /**
     * How server mode runs a rollback it already knows: under an id it chose (a prepared rollback that waited for
     * approval keeps its id and history row), with a control an operator can pause or abort through, and linked
     * to the incident and batch it belongs to.
     *
     * @param fence the lease the rollback runs under (server mode, {@code rollback --resume}): every journal row and
     *              the closing of the history row check it; null runs unfenced
     */
    public record Handle(String id, RollbackControl control, String incidentId, String batchId, Fence fence) {
        public Handle {
            java.util.Objects.requireNonNull(id, "id");
            control = control == null ? new RollbackControl() : control;
        }

        public Handle(String id, RollbackControl control, String incidentId, String batchId) {
            this(id, control, incidentId, batchId, null);
        }

        public static Handle fresh(String id) {
            return new Handle(id, null, null, null);
        }
    }

    public Done run(RollbackCase c, Handle handle, Function<Instant, Observations> observations, Supplier<Map<String, Double>> afterRollback) {
        String id = handle.id();
        var release = c.release();
        if (store.history().find(id).isPresent()) {
            store.history().status(id, "running", null);
        } else {
            store.history().record(new RollbackRecord(id, release.service(), release.environment(), release.version(), c.targetVersion(),
                    "running", c.reason(), c.actor(), c.trigger(), time.now(), null, Map.of(), null)
                    .withLinks(handle.incidentId(), handle.batchId()));
        }
        store.history().saveResumeState(id, CaseRecord.of(c));
        store.audit().append(c.actor(), "rollback.started", release.service() + "/" + release.environment(),
                "id=" + id + " from=" + release.version() + " to=" + c.targetVersion() + " strategy=" + c.strategy().label()
                        + " reason=" + (c.reason() == null ? "" : c.reason()), time.now());
        return act(c, handle, observations, afterRollback, null, (executor, req) -> executor.execute(req, handle.control()));
    }

    /**
     * Carries on a rollback another process started and could not finish (it died, or its replica lost the lease):
     * from its journal, under the caller's lease, to the same report and the same single closing entry in the audit
     * trail. {@code why} names who resumes it and why, in the journal, the alert and the audit trail.
     */
    public Done resume(RollbackCase c, Handle handle, String why, Function<Instant, Observations> observations,
                       Supplier<Map<String, Double>> afterRollback) {
        var release = c.release();
        Optional<String> changed = planFileChanged(c, handle.id());
        if (changed.isPresent()) {
            String file = c.options().coded() != null ? c.options().coded().file().source().file() : "plan";
            throw new BadInputException(file, 0, "plan", "rollback " + handle.id() + " is not resumed: " + changed.get());
        }
        c = withRecordedScenario(c, handle.id());
        store.audit().append(c.actor(), "rollback.resumed", release.service() + "/" + release.environment(), "id=" + handle.id() + " " + why, time.now());
        return act(c, handle, observations, afterRollback, why, (executor, req) -> executor.resume(req, handle.control(), why));
    }

    /** @param resumedWhy who resumes it and why; null for a fresh run */
    private Done act(RollbackCase c, Handle handle, Function<Instant, Observations> observations, Supplier<Map<String, Double>> afterRollback,
                     String resumedWhy,
                     java.util.function.BiFunction<RollbackExecutor, RollbackRequest, RollbackResult> how) {
        String id = handle.id();
        Plan plan = plan(c);
        var release = c.release();
        RollbackJournal journal = handle.fence() == null ? store.journal() : store.journal().fenced(handle.fence());
        IncidentNotifier notifier = actuators.notifier().map(n -> new IncidentNotifier(n, id, c)).orElse(null);
        Actuators acting = notifier == null ? actuators : actuators.withNotifier(notifier);
        RollbackExecutor executor = new RollbackExecutor(acting, journal, time, policy.maxRollbackAttempts(), listener);
        RollbackResult result;
        try {
            // a plan written as code runs its own way (regions, gates, escalation), and is resumed region by region
            result = c.options().coded() != null ? runCoded(c, id, handle.control(), plan, acting, journal, resumedWhy)
                    : how.apply(executor, new RollbackRequest(id, release, c.targetVersion(), plan, c.baseline()));
        } catch (LeaseLostException | RollbackStopped e) {
            throw e; // not the end of the rollback: another replica (or the next start) carries it on from the journal
        } catch (RuntimeException e) {
            // the journal holds every step taken; the history row and the audit trail must not stay "running"
            endWithoutReport(c, handle, "failed", e);
            throw e;
        }

        // The world has changed. Bookkeeping below may fail, but never takes the result (the report, the history row) with it.
        // It is fenced like the steps were: a replica that lost the rollback meanwhile writes none of it, and whoever
        // holds the lease now finds the steps ended in the journal and writes only the report.
        stillHeld(handle);
        bookRelease(journal, c, id, result);
        ReportBundle.Written written;
        try {
            IncidentTimeline timeline = IncidentTimeline.fromActions(release.deployedAt(), c.detectedAt(), result.actionsLog());
            IncidentFacts facts = new IncidentFacts(release, c.findings(), c.baseline(), result, timeline,
                    orNothing(journal, id, "metrics for the incident chart", () -> observations.apply(timeline.trafficRestoredAt()), new Observations(Map.of())),
                    orNothing(journal, id, "metrics after the rollback", afterRollback, Map.of()));
            stillHeld(handle); // the reads above may have taken long enough for the lease to pass to another replica
            written = new ReportBundle().write(c.outDir().resolve(id), facts);
            postMortem(journal, id, c, facts.withResult(written.result()), written);
            copyToOutDir(written, c);
        } catch (LeaseLostException e) {
            throw e;
        } catch (RuntimeException e) {
            endWithoutReport(c, handle, result.status().label(), e);
            throw e;
        }

        if (notifier != null) tellPostMortem(notifier, journal, id, written);
        AuditAnchor anchor;
        try {
            anchor = store.finishRollback(id, c.actor(), release.service() + "/" + release.environment(), result.status().label(),
                    time.now(), withoutNulls(new RollbackResultWriter().tree(written.result(), Map.of(), Map.of())),
                    written.incidentReport().toAbsolutePath().toString(), readQuietly(written.incidentReport()),
                    "reverted_to=" + result.revertedTo(), handle.fence());
        } catch (LeaseLostException e) {
            throw e; // the new holder closes the history row; this replica must not say anything more about the rollback
        } catch (RuntimeException e) {
            bookkeepingFailed(journal, id, "the history row and the audit trail could not be closed (the report files are written)", e);
            return new Done(id, plan, written.result(), written);
        }
        anchorOutside(anchor, written, c);
        return new Done(id, plan, written.result(), written);
    }

    /**
     * Bookkeeping that failed after the rollback acted: said on the console and in the log, and journaled when the
     * journal can still be written. It never stops the rollback's result from being written and returned.
     */
    private void bookkeepingFailed(RollbackJournal journal, String id, String what, RuntimeException e) {
        String why = e.getClass().getSimpleName() + ": " + e.getMessage();
        AUDIT_LOG.error("rollback {}: {}: {}", id, what, why);
        try {
            journal.event(id, 0, "BOOKKEEPING", "failed", what + ": " + why, Map.of(), time.now());
        } catch (RuntimeException journalDown) {
            e.addSuppressed(journalDown);
        }
        try {
            listener.alerted(new Alert(Severity.MEDIUM, what + ": " + why, why, time.now(), Map.of("rollback_id", id)));
        } catch (RuntimeException consoleDown) {
            e.addSuppressed(consoleDown);
        }
    }

    /**
     * Seed 001's post-mortem: metrics, log excerpt and changes collected into the report. The log lines are the
     * journal's (every step, alert and delivery of this rollback). Trouble here is journaled and costs the rollback
     * nothing: the report stands without the extra section.
     */
    private void postMortem(RollbackJournal journal, String id, RollbackCase c, IncidentFacts facts, ReportBundle.Written written) {
        try {
            List<LogLine> logs = PostMortemLogs.fromJournal(journal.entries(id));
            new PostMortemWriter().write(c.outDir().resolve(id), written.incidentReport(), PostMortem.of(facts, logs, time.now()));
        } catch (LeaseLostException e) {
            throw e;
        } catch (RuntimeException e) {
            journal.event(id, 0, "REPORT_DATA", "missing", "post-mortem could not be written: " + e.getMessage(), Map.of(), time.now());
        }
    }

    /** A notifier's trouble is journaled and never costs the rollback its history row. */
    private void tellPostMortem(IncidentNotifier notifier, RollbackJournal journal, String id, ReportBundle.Written written) {
        try {
            notifier.notify(notifier.postMortem(written.result(), written.incidentReport(), time.now()));
        } catch (RuntimeException e) {
            journal.event(id, 0, "ALERT", "failed", "post-mortem notification failed: " + e.getMessage(), Map.of(), time.now());
        }
    }

    /**
     * What the report reads after the rollback (the chart's series, the after-values) may be gone with the metric
     * source that made the verification blind. The rollback happened all the same: its report is written without them,
     * and the journal says what was missing and why.
     */
    private <T> T orNothing(RollbackJournal journal, String id, String what, Supplier<T> read, T nothing) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            journal.event(id, 0, "REPORT_DATA", "missing", what + " could not be read: " + e.getMessage(), Map.of(), time.now());
            return nothing;
        }
    }

    /** Closes the history row and the audit trail; a store that fails here too is kept with the first error, not in its place. */
    private void endWithoutReport(RollbackCase c, Handle handle, String status, RuntimeException e) {
        String id = handle.id();
        var release = c.release();
        String why = e.getClass().getSimpleName() + ": " + e.getMessage();
        try {
            AuditAnchor anchor = store.finishRollback(id, c.actor(), release.service() + "/" + release.environment(), status, time.now(),
                    Map.of("error", why), null, null, "without a report", handle.fence());
            anchorOutside(anchor, null, c);
        } catch (RuntimeException storeDown) {
            AUDIT_LOG.error("rollback {}: the history row could not be closed as {}: {}", id, status, storeDown.getMessage());
            e.addSuppressed(storeDown);
        }
    }

    /**
     * The audit chain's head leaves the database three ways (the log, the anchor file, the result file), so that a
     * trail cut back to an earlier row no longer verifies. A failed anchor write is logged and changes nothing else.
     */
    private void anchorOutside(AuditAnchor anchor, ReportBundle.Written written, RollbackCase c) {
        AUDIT_LOG.info(anchor.line());
        try {
            anchor.appendTo(store.anchorFile());
            if (written != null) {
                java.nio.file.Files.writeString(written.resultYaml(), anchor.yaml(), java.nio.file.StandardOpenOption.APPEND);
                java.nio.file.Path top = c.outDir().resolve("rollback_result.yaml");
                if (java.nio.file.Files.exists(top)) java.nio.file.Files.writeString(top, anchor.yaml(), java.nio.file.StandardOpenOption.APPEND);
            }
        } catch (java.io.IOException | RuntimeException e) {
            AUDIT_LOG.warn("could not write the audit anchor outside the database: {}", e.getMessage());
        }
    }

    private static String readQuietly(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * A history row is read back through {@code Map.copyOf}, which rejects null values: an unverified rollback
     * (normalization_time_sec null) made its own row unreadable. An absent key says the same as a null one.
     */
    private static Map<String, Object> withoutNulls(Map<String, Object> tree) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        tree.forEach((k, v) -> {
            if (v != null) out.put(k, v);
        });
        return out;
    }

    /**
     * The release registry after the rollback. A manual rollback may start from a version the store never recorded
     * (the operator knows what runs: {@code --to} without a current release): the target is recorded as current on the
     * fly, and nothing is marked for the unknown version. Never throws: the rollback has acted already.
     */
    /** Throws {@link LeaseLostException} when the rollback runs under a lease that is no longer this replica's. */
    private static void stillHeld(Handle handle) {
        if (handle.fence() != null) handle.fence().check();
    }

    private void bookRelease(RollbackJournal journal, RollbackCase c, String id, RollbackResult result) {
        var r = c.release();
        try {
            if (result.status().rolledBack()) {
                store.releases().recordRollback(r.service(), r.environment(), r.version(), c.targetVersion(), time.now());
            } else if (result.status() == RollbackStatus.FAILED || result.status() == RollbackStatus.ESCALATED || result.status() == RollbackStatus.ABORTED) {
                store.releases().markFailedIfRecorded(r.service(), r.environment(), r.version());
            }
        } catch (RuntimeException e) {
            bookkeepingFailed(journal, id, "the release registry could not record the rollback", e);
        }
    }

    /** The newest run's files also sit at the top of the output folder, where DESIGN.md §3.1 promises them. */
    private static void copyToOutDir(ReportBundle.Written w, RollbackCase c) {
        copyOver(List.of(w.resultYaml(), w.incidentReport(), w.chart()), c.outDir());
    }

    /**
     * Each file copied beside its name in {@code dir} and moved over it in one step: server mode ends rollbacks of
     * several services at once, and two plain copies onto one name collided (the second found the file the first had
     * just made, and the rollback ended without its result).
     */
    static void copyOver(List<java.nio.file.Path> files, java.nio.file.Path dir) {
        for (var file : files) {
            java.nio.file.Path tmp = null;
            try {
                tmp = java.nio.file.Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
                java.nio.file.Files.copy(file, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                java.nio.file.Files.move(tmp, dir.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.io.IOException e) {
                try {
                    if (tmp != null) java.nio.file.Files.deleteIfExists(tmp);
                } catch (java.io.IOException ignored) {
                    // the copy's own error below says what went wrong
                }
                throw new java.io.UncheckedIOException("cannot copy the report into " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    public String newId(RollbackCase c) {
        return "rb-" + ID_TIME.format(time.now()) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    }
}
