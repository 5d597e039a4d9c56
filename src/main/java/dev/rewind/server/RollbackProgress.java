package dev.rewind.server;

import dev.rewind.act.PlanOptions;
import dev.rewind.act.RollbackPlanner;
import dev.rewind.controller.Fleet;
import dev.rewind.controller.FleetEnvironment;
import dev.rewind.model.Phase;
import dev.rewind.model.Plan;
import dev.rewind.model.Step;
import dev.rewind.store.JournalEntry;
import dev.rewind.store.RollbackRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a rollback is: its plan's phases and steps with each step's state from the journal, and the time it has
 * taken against its SLA (seed 004: "current phase and progress, time elapsed vs SLA"). The plan is rebuilt the way
 * the fleet builds it; steps the journal shows that the plan lacks are added to their phase, and a phase nothing ran
 * in while a later one did was skipped (an immediate rollback skips its validation gates).
 */
final class RollbackProgress {
    /** Step states that end a step without failing the phase. */
    static final java.util.Set<Object> DONE_STATES = java.util.Set.of("success", "skipped", "inconclusive");

    private final Fleet fleet;
    private final HistoryFacts history;

    RollbackProgress(Fleet fleet, HistoryFacts history) {
        this.fleet = fleet;
        this.history = history;
    }

    Map<String, Object> of(RollbackRecord r, Instant now) {
        String status = fleet.live().getOrDefault(r.id(), r.status());
        List<JournalEntry> journal = fleet.store().journal().entries(r.id());
        int attempt = journal.stream().mapToInt(JournalEntry::attempt).max().orElse(0);
        Map<String, String> stepState = new LinkedHashMap<>();
        Map<String, String> stepPhase = new LinkedHashMap<>();
        for (JournalEntry e : journal) {
            if (e.stepId() == null || e.attempt() != attempt) continue;
            stepState.put(e.stepId(), e.state());
            stepPhase.put(e.stepId(), e.phase());
        }
        List<Map<String, Object>> phases = phases(r, stepState, stepPhase);
        markSkipped(phases);

        Instant acting = history.rollback(r).actingFrom();
        Duration sla = history.sla(r.environment());
        Instant end = r.finishedAt() != null ? r.finishedAt() : now;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("status", status);
        m.put("now", now.toString());
        m.put("started_at", Views.time(r.startedAt()));
        m.put("acting_since", status.equals("awaiting_approval") ? null : acting.toString());
        m.put("finished_at", Views.time(r.finishedAt()));
        long elapsed = status.equals("awaiting_approval") ? 0 : Math.max(0, Duration.between(acting, end).toSeconds());
        m.put("elapsed_sec", elapsed);
        m.put("sla_sec", sla.toSeconds());
        m.put("sla_source", history.slaFromPolicy(r.environment()) ? "policy" : "default");
        m.put("sla_breached", elapsed > sla.toSeconds());
        if (!r.approval().isEmpty()) m.put("approval", r.approval());
        m.put("attempt", attempt);
        m.put("steps_total", phases.stream().mapToInt(p -> ((List<?>) p.get("steps")).size()).sum());
        m.put("steps_done", phases.stream().flatMap(p -> ((List<?>) p.get("steps")).stream())
                .filter(s -> DONE_STATES.contains(((Map<?, ?>) s).get("state"))).count());
        m.put("phases", phases);
        return m;
    }

    private List<Map<String, Object>> phases(RollbackRecord r, Map<String, String> stepState, Map<String, String> stepPhase) {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, List<Map<String, Object>>> byPhase = new LinkedHashMap<>();
        for (Phase p : plan(r)) {
            List<Map<String, Object>> steps = new ArrayList<>();
            for (Step s : p.steps()) steps.add(step(s.id(), s.description(), stepState.getOrDefault(s.id(), "pending")));
            byPhase.put(p.name(), steps);
        }
        stepState.forEach((id, state) -> {
            List<Map<String, Object>> steps = byPhase.computeIfAbsent(stepPhase.getOrDefault(id, "Other"), k -> new ArrayList<>());
            if (steps.stream().noneMatch(s -> s.get("id").equals(id))) steps.add(step(id, id, state));
        });
        byPhase.forEach((name, steps) -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", name);
            p.put("state", phaseState(steps));
            p.put("steps", steps);
            out.add(p);
        });
        return out;
    }

    private List<Phase> plan(RollbackRecord r) {
        FleetEnvironment env = fleet.environments().get(r.environment());
        if (env == null || r.fromVersion() == null || r.toVersion() == null) return List.of();
        return fleet.store().releases().find(r.service(), r.environment(), r.fromVersion()).map(rec -> {
            try {
                var cfg = env.config();
                Plan plan = new RollbackPlanner(env.policy()).plan(rec.toRelease(), env.strategy(),
                        new PlanOptions(r.toVersion(), false, cfg.dependencies(), cfg.smokeTests(), null, null)
                                .withMaintenance(cfg.maintenance() == null ? null : cfg.maintenance().forRollback()));
                return plan.phases();
            } catch (RuntimeException e) {
                return List.<Phase>of(); // a release the planner refuses now (its flag gone): the journal alone shows progress
            }
        }).orElse(List.of());
    }

    private static Map<String, Object> step(String id, String description, String state) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("description", description);
        m.put("state", state);
        return m;
    }

    private static String phaseState(List<Map<String, Object>> steps) {
        List<Object> states = steps.stream().map(s -> s.get("state")).toList();
        if (states.contains("failed")) return "failed";
        if (states.contains("started")) return "running";
        if (!states.isEmpty() && states.stream().allMatch(DONE_STATES::contains)) return "done";
        if (states.stream().anyMatch(DONE_STATES::contains)) return "running";
        return "pending";
    }

    /** A pending phase before one that ran was skipped, and so were its steps. */
    private static void markSkipped(List<Map<String, Object>> phases) {
        int lastActive = -1;
        for (int i = 0; i < phases.size(); i++) {
            if (!phases.get(i).get("state").equals("pending")) lastActive = i;
        }
        for (int i = 0; i < lastActive; i++) {
            if (!phases.get(i).get("state").equals("pending")) continue;
            phases.get(i).put("state", "skipped");
            for (Object step : (List<?>) phases.get(i).get("steps")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> st = (Map<String, Object>) step;
                st.put("state", "skipped");
            }
        }
    }
}
