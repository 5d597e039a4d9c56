package dev.rewind.act;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Baseline;
import dev.rewind.model.Phase;
import dev.rewind.model.Plan;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.model.Step;
import dev.rewind.model.StepOutcome;
import dev.rewind.plan.CompletionCriteria;
import dev.rewind.plan.EscalationLadder;
import dev.rewind.store.JournalEntry;
import dev.rewind.store.RollbackJournal;
import dev.rewind.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a plan as code (seed 004): region after region under one rollback id and one journal, each region's plan on
 * that region's actuators and within its own SLA. A region that does not roll back stops the ones after it unless the
 * plan says to continue. Failures climb seed 004's escalation ladder as they happen, and the run ends with seed 003's
 * completion criteria checked: every region within its SLA, and more than the plan's share of targets rolled back.
 */
public final class RegionalRollback {
    public static final String REGION = "REGION";
    public static final String COMPLETION = "COMPLETION_CRITERIA";
    /** Actions that put a target back (a version, traffic, a flag, data, configuration): seed 003 counts these. */
    private static final Set<String> ROLLS_BACK = Set.of("REVERT", "TRAFFIC_SWITCHED", "TRAFFIC_SHIFTED", "FLAG_DEACTIVATED",
            "DATABASE_RESTORED", "CONFIG_RESTORED");

    /** @param name the region's name, null for a plan without regions */
    public record Region(String name, Actuators actuators, Release release, Plan plan) {
    }

    private final RollbackJournal journal;
    private final TimeSource time;
    private final int maxAttempts;
    private final RollbackListener listener;
    private final EscalationLadder ladder;
    private final CompletionCriteria completion;
    private final boolean continueOnFailure;

    public RegionalRollback(RollbackJournal journal, TimeSource time, int maxAttempts, RollbackListener listener, EscalationLadder ladder,
                            CompletionCriteria completion, boolean continueOnFailure) {
        this.journal = journal;
        this.time = time;
        this.maxAttempts = maxAttempts;
        this.listener = listener == null ? RollbackListener.NONE : listener;
        this.ladder = ladder;
        this.completion = completion;
        this.continueOnFailure = continueOnFailure;
    }

    public RollbackResult execute(String id, List<Region> regions, String targetVersion, Baseline baseline, RollbackControl control) {
        return run(id, regions, targetVersion, baseline, control, null, null);
    }

    /**
     * Carries on a plan as code from its journal, region by region: a region that had ended keeps its result and runs
     * nothing again; the region the process died in goes on step by step ({@link RollbackExecutor#resume}: ended steps
     * kept, the interrupted one probed before it runs again); the regions not reached run as usual. {@code why} says
     * who resumes it and why.
     */
    public RollbackResult resume(String id, List<Region> regions, String targetVersion, Baseline baseline, RollbackControl control, String why) {
        return run(id, regions, targetVersion, baseline, control, RegionRows.of(journal.entries(id)), why);
    }

    /** A journal cut by region: each region's rows from its REGION started row, which regions ended (and their SLA data). */
    record RegionRows(List<JournalEntry> all, Map<String, List<JournalEntry>> started, Map<String, Map<String, Object>> ended, Set<String> skipped,
                      boolean completed) {
        static RegionRows of(List<JournalEntry> rows) {
            Map<String, List<JournalEntry>> started = new LinkedHashMap<>();
            Map<String, Map<String, Object>> ended = new LinkedHashMap<>();
            Set<String> skipped = new java.util.HashSet<>();
            boolean completed = false;
            List<JournalEntry> current = null;
            for (JournalEntry r : rows) {
                if (r.action().equals(COMPLETION)) completed = true;
                if (r.action().equals(REGION) && r.data().get("region") instanceof String name) {
                    switch (r.state()) {
                        case "started" -> started.put(name, current = new ArrayList<>());
                        case "skipped" -> skipped.add(name);
                        default -> ended.put(name, r.data());
                    }
                    continue;
                }
                if (current != null) current.add(r);
            }
            return new RegionRows(rows, started, ended, skipped, completed);
        }
    }

    private RollbackResult run(String id, List<Region> regions, String targetVersion, Baseline baseline, RollbackControl control, RegionRows resumed,
                               String why) {
        Region home = regions.getFirst();
        Instant started = resumed != null && !resumed.all().isEmpty() ? resumed.all().getFirst().at() : time.now();
        Alerts alerts = new Alerts(home.actuators().notifier(), journal, listener, time, Map.of("service", home.release().service(),
                "environment", home.release().environment()));
        Escalation escalation = new Escalation(ladder, started, journal, time, alerts);
        Outcomes outcomes = new Outcomes(listener);
        List<RollbackResult> results = new ArrayList<>();
        List<Region> skipped = new ArrayList<>();
        List<Map<String, Object>> slas = new ArrayList<>();
        RollbackResult failed = null;
        Region failedRegion = null;
        if (resumed != null && home.name() != null) {
            journal.event(id, 0, "RESUMED_FROM_JOURNAL", "resumed", why + "; regions ended: "
                    + (resumed.ended().isEmpty() ? "none" : String.join(", ", resumed.ended().keySet())), Map.of("regions_ended",
                    List.copyOf(resumed.ended().keySet())), time.now());
        }
        for (Region r : regions) {
            if (failed != null && !continueOnFailure) {
                skipped.add(r);
                if (resumed == null || !resumed.skipped().contains(r.name())) {
                    journal.event(id, 0, REGION, "skipped", r.name() + " not rolled back: region " + failedRegion.name() + " (" + failed.environment() + ")"
                            + " did not roll back, and the plan stops at a failed region", Map.of("region", r.name()), time.now());
                }
                continue;
            }
            outcomes.region = r.name();
            RollbackExecutor executor = new RollbackExecutor(r.actuators(), journal, time, maxAttempts, outcomes, escalation);
            RollbackRequest req = new RollbackRequest(id, r.release(), targetVersion, r.plan(), baseline);
            // without regions, the whole journal is the one region's; with them, the rows from its REGION started row
            List<JournalEntry> rows = resumed == null ? null : r.name() == null ? resumed.all() : resumed.started().get(r.name());
            Map<String, Object> endedSla = resumed == null || r.name() == null ? null : resumed.ended().get(r.name());
            RollbackResult result;
            if (rows == null) {
                if (r.name() != null) journal.event(id, 0, REGION, "started", r.name() + " (" + r.release().environment() + ")",
                        Map.of("region", r.name(), "environment", r.release().environment()), time.now());
                result = executor.execute(req, control);
            } else {
                JournalProgress progress = JournalProgress.of(rows);
                result = executor.resume(req, control, endedSla != null ? null : why, progress);
                progress.done().forEach((step, o) -> outcomes.last.putIfAbsent(r.name() + "/" + step, o));
            }
            results.add(result);
            Map<String, Object> sla;
            if (endedSla != null) {
                sla = endedSla; // it ended before the process died: as it was journaled then
            } else {
                Duration took = Duration.between(result.startedAt(), result.finishedAt());
                sla = slaData(r, took);
                if (r.name() != null) journal.event(id, 0, REGION, result.status().label(), r.name() + " " + result.status().label() + " in "
                        + took.toSeconds() + "s" + (r.plan().sla() == null ? "" : " (SLA " + r.plan().sla().toSeconds() + "s)"), sla, time.now());
            }
            slas.add(sla);
            if (!result.status().rolledBack()) {
                if (failed == null) {
                    failed = result;
                    failedRegion = r;
                }
                if (endedSla == null && r.name() != null && result.status() != RollbackStatus.ABORTED) escalation.failed(id, 0, "region " + r.name()
                        + " did not roll back (" + result.status().label() + ")" + (continueOnFailure ? "; the plan goes on to the next region"
                        : "; the regions after it are not rolled back"));
            }
        }
        if (resumed == null || !resumed.completed()) checkCompletion(id, regions, skipped, slas, outcomes);
        RollbackStatus status = status(results, failed, skipped);
        if (!status.rolledBack() && status != RollbackStatus.ABORTED) escalation.unresolved(id, 0);
        return merged(id, home, targetVersion, status, results, started);
    }

    private static Map<String, Object> slaData(Region r, Duration took) {
        Map<String, Object> sla = new LinkedHashMap<>();
        if (r.name() != null) sla.put("region", r.name());
        sla.put("took_sec", took.toSeconds());
        if (r.plan().sla() != null) {
            sla.put("sla_sec", r.plan().sla().toSeconds());
            sla.put("sla_met", took.compareTo(r.plan().sla()) <= 0);
        }
        return sla;
    }

    /** Seed 003's completion criteria, journaled whatever they find: time within the SLA, and the share of targets rolled back. */
    private void checkCompletion(String id, List<Region> regions, List<Region> skipped, List<Map<String, Object>> slas, Outcomes outcomes) {
        int targets = 0;
        int rolledBack = 0;
        for (Region r : regions) {
            for (Step s : r.plan().steps()) {
                if (!ROLLS_BACK.contains(s.action().journalName())) continue;
                targets++;
                StepOutcome o = skipped.contains(r) ? null : outcomes.last.get(r.name() + "/" + s.id());
                if (o instanceof StepOutcome.Succeeded || o instanceof StepOutcome.Skipped) rolledBack++;
            }
        }
        boolean slaMet = skipped.isEmpty() && slas.stream().allMatch(s -> !Boolean.FALSE.equals(s.get("sla_met")));
        boolean shareMet = completion.met(rolledBack, targets);
        double percent = targets == 0 ? 100 : Math.round(1000.0 * rolledBack / targets) / 10.0;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sla_met", slaMet);
        data.put("regions", slas);
        data.put("targets", targets);
        data.put("targets_rolled_back", rolledBack);
        data.put("rolled_back_percent", percent);
        data.put("min_rolled_back_percent", completion.minRolledBackPercent());
        data.put("share_met", shareMet);
        String detail = (slaMet ? "within the SLA" : "NOT within the SLA" + (skipped.isEmpty() ? "" : " (regions not reached)")) + "; "
                + rolledBack + " of " + targets + " targets rolled back (" + percent + "%, needs more than " + completion.minRolledBackPercent() + "%)";
        journal.event(id, 0, COMPLETION, slaMet && shareMet ? "met" : "not_met", detail, data, time.now());
    }

    private static RollbackStatus status(List<RollbackResult> results, RollbackResult failed, List<Region> skipped) {
        if (failed != null) return failed.status();
        if (!skipped.isEmpty()) return RollbackStatus.FAILED;
        return results.stream().anyMatch(r -> r.status() == RollbackStatus.SUCCESS_UNVERIFIED) ? RollbackStatus.SUCCESS_UNVERIFIED : RollbackStatus.SUCCESS;
    }

    private RollbackResult merged(String id, Region home, String target, RollbackStatus status, List<RollbackResult> results, Instant started) {
        boolean flagOff = results.stream().anyMatch(RollbackResult::flagDeactivated);
        boolean normalized = !results.isEmpty() && results.stream().allMatch(RollbackResult::metricsNormalized);
        Long normalization = results.stream().map(RollbackResult::normalizationTimeSec).filter(java.util.Objects::nonNull).max(Long::compare).orElse(null);
        int attempts = results.stream().mapToInt(RollbackResult::attempts).sum();
        String note = results.stream().map(RollbackResult::verificationNote).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        List<ActionLogEntry> log = journal.actionsLog(id);
        Release rel = home.release();
        return new RollbackResult(id, status, rel.service(), rel.environment(), rel.version(), target, flagOff, normalized,
                normalization, attempts, started, time.now(), log, null, status == RollbackStatus.SUCCESS_UNVERIFIED ? note : null);
    }

    /** Passes progress on, and keeps each step's last outcome per region for the completion criteria. */
    private static final class Outcomes implements RollbackListener {
        private final RollbackListener next;
        private final Map<String, StepOutcome> last = new HashMap<>();
        private String region;

        Outcomes(RollbackListener next) {
            this.next = next;
        }

        @Override
        public void attemptStarted(String rollbackId, int attempt, int maxAttempts) {
            next.attemptStarted(rollbackId, attempt, maxAttempts);
        }

        @Override
        public void phaseStarted(Phase phase) {
            next.phaseStarted(phase);
        }

        @Override
        public void stepStarted(Phase phase, Step step) {
            next.stepStarted(phase, step);
        }

        @Override
        public void stepFinished(Phase phase, Step step, StepOutcome outcome, Duration took) {
            last.put(region + "/" + step.id(), outcome);
            next.stepFinished(phase, step, outcome, took);
        }

        @Override
        public void phaseFinished(Phase phase, Duration took, boolean ok) {
            next.phaseFinished(phase, took, ok);
        }

        @Override
        public void alerted(dev.rewind.model.Alert alert) {
            next.alerted(alert);
        }

        @Override
        public void awaitingOperator(Phase phase, Step step, String message) {
            next.awaitingOperator(phase, step, message);
        }
    }
}
