package dev.rewind.cli;

import dev.rewind.console.RehearsalProgress;
import dev.rewind.console.StagePrinter;
import dev.rewind.console.StagePrinter.Mark;
import dev.rewind.controller.RollbackPipeline;
import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Phase;
import dev.rewind.model.Plan;
import dev.rewind.model.RollbackResult;
import dev.rewind.plan.PlanAccuracy;
import dev.rewind.plan.RollbackPlanFile;
import dev.rewind.store.Rehearsals;
import dev.rewind.store.RewindStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a rehearsal measured, compared and kept: each phase against its estimate, the run against its SLA, seed 004's
 * rollback_plan_accuracy, a row in the store's rehearsals, and {@code rehearsal.json} (seed 004's rollback_metrics
 * shape) beside the rollback's report.
 */
record RehearsalRecord(RollbackPlanFile plan, Path file, String environment, String scenario, String actor) {

    int finish(RollbackPipeline.Done done, Plan compiled, RehearsalProgress progress, RewindStore store, StagePrinter out) {
        RollbackResult r = done.result();
        Map<String, Duration> measured = progress.phaseTimes();
        Map<String, Duration> estimates = progress.phaseEstimates();
        List<PlanAccuracy.Timing> timings = new ArrayList<>();
        out.summary("Rehearsal: phase by phase");
        out.out().println(String.format("  %-40s %10s %10s %10s", "phase", "estimate", "measured", "difference"));
        measured.forEach((name, m) -> {
            Duration e = estimates.getOrDefault(name, Duration.ZERO);
            out.out().println(String.format("  %-40s %10s %10s %10s", cut(name), StagePrinter.human(e), StagePrinter.human(m), signed(m.minus(e))));
            timings.add(new PlanAccuracy.Timing(name, e, m));
        });
        if (!plan.regions().any()) {
            for (Phase phase : done.plan().phases()) { // phases a halt kept from running
                if (!measured.containsKey(phase.name())) {
                    out.out().println(String.format("  %-40s %10s %10s", cut(phase.name()), StagePrinter.human(phase.estimate()), "not run"));
                }
            }
        }
        Duration took = Duration.between(r.startedAt(), r.finishedAt());
        Duration estimate = timings.stream().map(PlanAccuracy.Timing::estimate).reduce(Duration.ZERO, Duration::plus);
        Duration sla = compiled.sla() == null ? plan.sla() : compiled.sla();
        int regions = Math.max(1, plan.regions().order().size());
        boolean withinSla = completionSlaMet(r, took.compareTo(sla.multipliedBy(regions)) <= 0);
        boolean passed = r.status().rolledBack() && withinSla;
        double accuracy = PlanAccuracy.of(timings);
        out.out().println(String.format("  %-40s %10s %10s %10s", "total", StagePrinter.human(estimate), StagePrinter.human(took), signed(took.minus(estimate))));
        out.field("SLA", StagePrinter.human(sla) + (regions > 1 ? " per region" : "") + ": " + (withinSla ? "met" : "BREACHED"));
        out.field("rollback_plan_accuracy", accuracy + " (seed 004: 1 - sum|measured - estimate| / sum max(measured, estimate), per phase)");
        out.field("Outcome", r.status().label() + " (" + done.id() + ")");
        Path json = write(done, timings, took, sla, withinSla, accuracy);
        String rehearsalId = "rh-" + done.id().substring(3);
        store.rehearsals().record(new Rehearsals.Rehearsal(rehearsalId, plan.metadata().operationId(), plan.metadata().name(),
                file.toAbsolutePath().toString(), plan.source().digest() != null ? plan.source().digest() : sha256(file), environment, scenario, done.id(), r.startedAt(), r.finishedAt(), r.status().label(),
                passed, took.toMillis(), estimate.toMillis(), sla.toMillis(), accuracy, phases(timings), actor));
        // the keyed entry vouches for the row: only a vouched rehearsal lets a level 3 or 4 plan run (RewindStore.lastPassedRehearsal)
        store.audit().append(actor, RewindStore.REHEARSED, plan.metadata().operationId() + "/" + environment, "rollback=" + done.id() + " status="
                + r.status().label() + " passed=" + passed + " accuracy=" + accuracy + " took_ms=" + took.toMillis()
                + " rehearsal=" + rehearsalId + " row_sha256=" + store.rehearsals().rowDigest(rehearsalId).orElseThrow());
        out.field("Recorded", "rehearsal of " + plan.metadata().operationId() + " in the store" + (passed ? " (passed: it counts as a recent rehearsal)" : " (did not pass)"));
        out.field("Metrics", json.toAbsolutePath());
        out.field("Report", done.report().incidentReport().toAbsolutePath());
        out.verdict(passed, passed ? "Rehearsal passed: rolled back in " + StagePrinter.human(took) + " within the SLA of " + StagePrinter.human(sla) + "."
                : "Rehearsal did not pass: " + (r.status().rolledBack() ? "the SLA was breached" : "the rollback " + r.status().label()) + ".");
        out.line(Mark.INFO, "bin/rewind report " + done.id() + " shows the journal of this rehearsal");
        return passed ? 0 : 1;
    }

    /** With regions, each must be within its own SLA: the completion criteria say so; without them, the whole run. */
    private static boolean completionSlaMet(RollbackResult r, boolean wholeRun) {
        return r.actionsLog().stream().filter(e -> "COMPLETION_CRITERIA".equals(e.action())).reduce((a, b) -> b)
                .map(ActionLogEntry::details).map(d -> !Boolean.FALSE.equals(d.get("sla_met"))).orElse(wholeRun);
    }

    private Path write(RollbackPipeline.Done done, List<PlanAccuracy.Timing> timings, Duration took, Duration sla, boolean withinSla, double accuracy) {
        RollbackResult r = done.result();
        Map<String, Object> execution = new LinkedHashMap<>();
        execution.put("triggered_at", r.startedAt().toString());
        execution.put("trigger_type", "rehearsal");
        execution.put("completed_at", r.finishedAt().toString());
        execution.put("total_duration_seconds", took.toSeconds());
        execution.put("sla_seconds", sla.toSeconds());
        execution.put("sla_met", withinSla);
        execution.put("sla_buffer_seconds", sla.minus(took).toSeconds());
        Map<String, Object> phaseTimings = new LinkedHashMap<>();
        timings.forEach(t -> phaseTimings.put(t.phase(), Math.round(t.measured().toMillis() / 100.0) / 10.0));
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("operation_id", plan.metadata().operationId());
        metrics.put("permit_id", plan.metadata().permitId());
        metrics.put("rollback_execution", execution);
        metrics.put("phase_timings", phaseTimings);
        metrics.put("rollback_success", Map.of("success", r.status().rolledBack(), "attempts", r.attempts(), "status", r.status().label()));
        metrics.put("quality_metrics", Map.of("rollback_tested_before", true, "automated_rollback", plan.steps().stream().noneMatch(s -> s.manual()),
                "rollback_plan_accuracy", accuracy));
        Path json = done.report().resultYaml().resolveSibling("rehearsal.json");
        try {
            Files.writeString(json, JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                    .writeValueAsString(Map.of("rollback_metrics", metrics)) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + json + ": " + e.getMessage(), e);
        }
        return json;
    }

    private static List<Map<String, Object>> phases(List<PlanAccuracy.Timing> timings) {
        return timings.stream().map(t -> Map.<String, Object>of("phase", t.phase(), "estimate_ms", t.estimate().toMillis(),
                "measured_ms", t.measured().toMillis())).toList();
    }

    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signed(Duration d) {
        return (d.isNegative() ? "-" : "+") + StagePrinter.human(d.abs());
    }

    private static String cut(String s) {
        return s.length() <= 40 ? s : s.substring(0, 39) + "…";
    }
}
