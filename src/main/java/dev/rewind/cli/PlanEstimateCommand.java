package dev.rewind.cli;

import dev.rewind.config.PlanLoader;
import dev.rewind.plan.PlanEstimate;
import dev.rewind.plan.PlanEstimate.PhaseLine;
import dev.rewind.plan.PlanEstimate.ScenarioLine;
import dev.rewind.plan.RollbackPlanFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code rewind plan estimate FILE}: seed 004's "Rollback Time Estimate" (the step estimates summed per phase and per
 * scenario, against the SLA and its buffer) with seed 003's complexity score and risk level, as a table or JSON.
 */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = {"Sum a rollback plan's step estimates per phase and per scenario, compare them with the SLA and its buffer,",
                "and add seed 003's complexity score and risk level. Exit 0 within the SLA, 1 over it, 2 for a plan that cannot be read."})
public final class PlanEstimateCommand implements Callable<Integer> {
    enum Format { table, json }

    @Parameters(index = "0", paramLabel = "FILE", description = "the plan (YAML or JSON)")
    Path file;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Mixin
    StoreOption storeOption = new StoreOption();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        RollbackPlanFile plan = PlanLoader.load(file);
        PlanEstimate e = PlanEstimate.of(plan);
        Instant now = Instant.now();
        List<String> notes = PlanNotes.of(plan, e, PlanValidateCommand.lastRehearsal(storeOption, plan, spec.commandLine().getErr()),
                storeOption.toString(), now);
        PrintWriter out = spec.commandLine().getOut();
        out.println(format == Format.json ? json(e, notes) : table(e, notes));
        out.flush();
        return e.withinSla() ? 0 : 1;
    }

    static String table(PlanEstimate e, List<String> notes) {
        RollbackPlanFile plan = e.plan();
        StringBuilder t = new StringBuilder();
        t.append("Rollback plan: ").append(plan.title()).append(", level ").append(plan.level().number()).append(" (").append(plan.level().title())
                .append(")\n\n");
        t.append(String.format("  %-3s %-34s %5s %9s %9s%n", "#", "phase", "steps", "estimate", "stated"));
        int n = 0;
        for (PhaseLine p : e.phases()) {
            String number = p.id().equals("cleanup") ? "" : Integer.toString(++n);
            t.append(String.format("  %-3s %-34s %5d %9s %9s%s%n", number, cut(p.name(), 34), p.steps(), PlanEstimate.human(p.estimate()),
                    p.stated() == null ? "-" : PlanEstimate.human(p.stated()), p.differs() ? "  (differs)" : ""));
        }
        int steps = e.phases().stream().mapToInt(PhaseLine::steps).sum();
        t.append(String.format("  %-3s %-34s %5d %9s%n", "", "total" + (e.regions() > 1 ? " per region" : ""), steps, PlanEstimate.human(e.total())));
        t.append(String.format("  %-3s %-34s %5s %9s%n", "", "SLA (level " + plan.level().number() + (e.regions() > 1 ? ", per region" : "") + ")", "",
                PlanEstimate.human(e.sla())));
        t.append(String.format("  %-3s %-34s %5s %9s  %s%n", "", "buffer", "", PlanEstimate.human(e.buffer()),
                e.withinSla() ? "✔ within the SLA" : "✘ OVER the SLA"));
        if (!e.beforeProcedure().isZero()) {
            t.append(String.format("  %-3s %-34s %5s %9s  (with them: %s)%n", "", "before phase 1: gates, state capture", "",
                    PlanEstimate.human(e.beforeProcedure()), PlanEstimate.human(e.total().plus(e.beforeProcedure()))));
        }
        if (e.regions() > 1) {
            t.append(String.format("  %-3s %-34s %5s %9s  (%d regions one after another)%n", "", "all regions", "",
                    PlanEstimate.human(e.total().multipliedBy(e.regions())), e.regions()));
        }
        if (!e.scenarios().isEmpty()) {
            t.append(String.format("%n  %-20s %-44s %5s %9s %9s  %s%n", "scenario", "phases / services", "steps", "estimate", "stated", "SLA"));
            for (ScenarioLine s : e.scenarios()) {
                String what = s.services().isEmpty() ? String.join(", ", s.phases()) : "services: " + String.join(", ", s.services());
                t.append(String.format("  %-20s %-44s %5d %9s %9s  %s%s%n", cut(s.id(), 20), cut(what, 44), s.steps(), PlanEstimate.human(s.estimate()),
                        s.expected() == null ? "-" : PlanEstimate.human(s.expected()), s.withinSla() ? "✔" : "✘", s.differs() ? "  (differs)" : ""));
            }
        }
        var c = e.complexity();
        t.append("\n  complexity (seed 003): ").append(c.score()).append(", risk ").append(c.riskLevel()).append(" (expected duration ")
                .append(c.estimatedDuration()).append(")\n");
        c.factors().forEach(f -> t.append("    ").append(f).append('\n'));
        if (plan.operation().riskLevel() != null) t.append("  stated risk: ").append(plan.operation().riskLevel())
                .append(plan.operation().riskReason() == null ? "" : " (" + plan.operation().riskReason() + ")").append('\n');
        if (!notes.isEmpty()) {
            t.append('\n');
            notes.forEach(note -> t.append("  note: ").append(note).append('\n'));
        }
        return t.toString().stripTrailing();
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }

    static String json(PlanEstimate e, List<String> notes) {
        RollbackPlanFile plan = e.plan();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("operation_id", plan.metadata().operationId());
        out.put("name", plan.metadata().name());
        out.put("certification_level", plan.level().number());
        out.put("phases", e.phases().stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("name", p.name());
            m.put("steps", p.steps());
            m.put("estimate_seconds", seconds(p.estimate()));
            m.put("stated_seconds", p.stated() == null ? null : seconds(p.stated()));
            return m;
        }).toList());
        out.put("total_seconds", seconds(e.total()));
        out.put("sla_seconds", seconds(e.sla()));
        out.put("buffer_seconds", seconds(e.buffer()));
        out.put("within_sla", e.withinSla());
        out.put("sla_per_region", e.regions() > 1);
        out.put("regions", e.regions());
        out.put("before_procedure_seconds", seconds(e.beforeProcedure()));
        out.put("scenarios", e.scenarios().stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("name", s.name());
            m.put("phases", s.phases());
            m.put("services", s.services());
            m.put("steps", s.steps());
            m.put("estimate_seconds", seconds(s.estimate()));
            m.put("expected_seconds", s.expected() == null ? null : seconds(s.expected()));
            m.put("within_sla", s.withinSla());
            return m;
        }).toList());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("score", e.complexity().score());
        c.put("risk_level", e.complexity().riskLevel());
        c.put("estimated_duration", e.complexity().estimatedDuration());
        c.put("factors", e.complexity().factors());
        out.put("complexity", c);
        out.put("stated_risk", plan.operation().riskLevel());
        out.put("notes", notes);
        return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(out);
    }

    /** Whole seconds as a whole number; a step on loopback (100ms) is not rounded away to 0. */
    private static Number seconds(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? (Number) d.toSeconds() : (Number) (d.toMillis() / 1000.0);
    }
}
