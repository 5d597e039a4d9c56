package dev.rewind.cli;

import dev.rewind.act.PlanStepParams;
import dev.rewind.config.PlanLoader;
import dev.rewind.model.BadInputException;
import dev.rewind.plan.PlanEstimate;
import dev.rewind.plan.PlanRules;
import dev.rewind.plan.RollbackPlanFile;
import dev.rewind.plan.Violation;
import dev.rewind.store.RewindStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
 * {@code rewind plan validate FILE}: the plan is read (every key known, every value typed), its data steps' parameters
 * are read by the parsers that run them, and its certification level's rules are checked (seed 004). Every problem is
 * printed with its file, line, field and rule; any problem is exit 2.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a rollback plan against its certification level's rules (seed 004). Exit 0 valid, 2 not valid:",
                "every problem names the file, the line, the field and the rule it breaks."})
public final class PlanValidateCommand implements Callable<Integer> {
    enum Format { text, json }

    @Parameters(index = "0", paramLabel = "FILE", description = "the plan (YAML or JSON)")
    Path file;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Mixin
    StoreOption storeOption = new StoreOption();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Instant now = Instant.now();
        RollbackPlanFile plan = PlanLoader.load(file);
        Instant lastRehearsal = lastRehearsal(storeOption, plan, spec.commandLine().getErr());
        List<Problem> problems = new ArrayList<>();
        PlanStepParams.problems(plan).forEach(e -> problems.add(new Problem(e, null)));
        for (Violation v : PlanRules.check(plan, now, lastRehearsal)) problems.add(new Problem(v.toError(plan.source()), v));
        PlanEstimate estimate = PlanEstimate.of(plan);
        List<String> notes = PlanNotes.of(plan, estimate, lastRehearsal, storeOption.toString(), now);
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(json(plan, estimate, problems, notes));
        } else if (problems.isEmpty()) {
            out.println("✔ " + file + ": a valid level " + plan.level().number() + " rollback plan (" + plan.level().title() + "): "
                    + plan.procedure().size() + " phases, " + plan.steps().size() + " steps, " + plan.scenarios().size() + (plan.scenarios().size() == 1 ? " scenario" : " scenarios") + "; estimate "
                    + PlanEstimate.human(estimate.total()) + " against an SLA of " + PlanEstimate.human(estimate.sla())
                    + (estimate.regions() > 1 ? " per region" : ""));
            notes.forEach(n -> out.println("  note: " + n));
        } else {
            PrintWriter err = spec.commandLine().getErr();
            problems.forEach(p -> err.println("rewind: " + p.error().getMessage()));
            err.println("rewind: " + file + " is not a valid level " + plan.level().number() + " rollback plan: " + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s"));
            err.flush();
        }
        out.flush();
        return problems.isEmpty() ? 0 : 2;
    }

    /** The newest passing rehearsal the store holds, without creating a store that is not there. */
    static Instant lastRehearsal(StoreOption store, RollbackPlanFile plan, PrintWriter err) {
        if (!store.exists()) return null;
        try (RewindStore s = store.open(err)) {
            return s.lastPassedRehearsal(plan.metadata().operationId(), plan.source().digest()).orElse(null);
        }
    }

    private record Problem(BadInputException error, Violation violation) {
    }

    private String json(RollbackPlanFile plan, PlanEstimate estimate, List<Problem> problems, List<String> notes) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", file.toString());
        out.put("valid", problems.isEmpty());
        out.put("certification_level", plan.level().number());
        out.put("estimate_seconds", estimate.total().toSeconds());
        out.put("sla_seconds", estimate.sla().toSeconds());
        List<Map<String, Object>> list = new ArrayList<>();
        for (Problem p : problems) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", p.error().line());
            m.put("field", p.error().field());
            if (p.violation() != null) {
                m.put("level", p.violation().level());
                m.put("rule", p.violation().rule());
            }
            m.put("message", p.error().problem());
            list.add(m);
        }
        out.put("problems", list);
        out.put("notes", notes);
        return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(out);
    }
}
