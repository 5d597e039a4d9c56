package dev.rewind.plan;

import dev.rewind.model.Phase;
import dev.rewind.model.Plan;
import dev.rewind.model.Step;
import dev.rewind.model.StepAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a plan file into the {@link Plan} the executor runs: the safety gates first (nothing has changed when a gate
 * refuses), the state capture, then the procedure's phases, or the scenario's part of them, then the cleanup.
 */
public final class PlanCompiler {
    public static final String CAPTURE_PHASE = "State capture";
    public static final String GATES_PHASE = "Safety gates";
    /** A lookup and a health probe: about a second; a backup's checksum takes longer (it reads the whole file). */
    private static final Duration GATE_ESTIMATE = Duration.ofSeconds(1);
    private static final Duration GATE_TIMEOUT = Duration.ofMinutes(1);

    private PlanCompiler() {
    }

    /**
     * @param scenarioId a scenario of the plan, or null for the whole procedure
     * @throws IllegalArgumentException for a scenario the plan does not have (the loader checks names first)
     */
    public static Plan compile(RollbackPlanFile plan, String scenarioId, RunContext ctx) {
        Scenario scenario = scenarioId == null ? null : plan.scenario(scenarioId)
                .orElseThrow(() -> new IllegalArgumentException("the plan has no scenario '" + scenarioId + "'; it has "
                        + plan.scenarios().stream().map(Scenario::id).toList()));
        List<PlanPhase> procedure = select(plan, scenario);
        List<Phase> phases = new ArrayList<>();
        String prefix = ctx.region() == null ? "" : ctx.region() + " · ";
        // gates first: one that refuses costs nothing (not even a dump); then the capture, right before the first change
        List<Step> gates = gates(plan, procedure, ctx);
        if (!gates.isEmpty()) phases.add(new Phase(prefix + GATES_PHASE, "check that the rollback can work before anything changes", gates));
        List<Step> capture = plan.stateCapture().stream().map(c -> captureStep(c, ctx)).toList();
        if (!capture.isEmpty()) phases.add(new Phase(prefix + CAPTURE_PHASE, "keep what is there before the first change", capture));
        for (PlanPhase p : procedure) {
            phases.add(new Phase(prefix + p.name(), p.objective() == null ? "" : p.objective(),
                    p.steps().stream().map(s -> step(s, ctx)).toList()));
        }
        String name = "rollback plan " + plan.title() + (scenario == null ? "" : ", scenario " + scenario.id())
                + (ctx.region() == null ? "" : ", region " + ctx.region());
        return new Plan(name, plan.operation().deploymentType(), plan.level().number(), plan.sla(), phases);
    }

    /** The phases a scenario keeps, each with only the steps it keeps; phases left empty are dropped. */
    public static List<PlanPhase> select(RollbackPlanFile plan, Scenario scenario) {
        if (scenario == null) return plan.procedure();
        List<PlanPhase> out = new ArrayList<>();
        for (PlanPhase p : plan.procedure()) {
            if (!scenario.phases().isEmpty() && !scenario.phases().contains(p.id())) continue;
            List<PlanStep> steps = p.steps().stream().filter(s -> keeps(scenario, s)).toList();
            if (!steps.isEmpty()) out.add(new PlanPhase(p.id(), p.name(), p.objective(), steps, null, p.path()));
        }
        return out;
    }

    private static boolean keeps(Scenario scenario, PlanStep s) {
        if (scenario.services().isEmpty()) return true;
        if (s.action().equals("notify") || s.manualGate() || s.manual()) return true; // people are told and asked whatever is rolled back
        return StepWords.hasService(s.action()) && s.service() != null && scenario.services().contains(s.service());
    }

    private static Step step(PlanStep s, RunContext ctx) {
        return new Step(s.id(), s.description() == null ? s.id() : s.description(), StepWords.action(s, ctx), s.timeout(), s.estimate(),
                s.haltOnFailure());
    }

    private static Step captureStep(StateCapture c, RunContext ctx) {
        String target = c.target() == null ? ctx.service() : c.target();
        StepAction a = new StepAction.CaptureState(c.kind().word(), target, c.name(), c.tables());
        Duration timeout = c.estimate().multipliedBy(4).compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : c.estimate().multipliedBy(4);
        return new Step("capture-" + c.id(), "capture " + c.kind().word().replace('_', ' ') + " of " + target, a, timeout, c.estimate(), true);
    }

    /** Seed 003's pre-rollback checks for what this run will do: the backups it restores, the versions it goes to, the rehearsal. */
    private static List<Step> gates(RollbackPlanFile plan, List<PlanPhase> procedure, RunContext ctx) {
        List<Step> out = new ArrayList<>();
        List<PlanStep> steps = procedure.stream().flatMap(p -> p.steps().stream()).toList();
        if (plan.gates().backupVerified()) {
            for (PlanStep s : steps) {
                if (!s.action().equals(StepWords.RESTORE_DATABASE) || !s.params().containsKey("backup")) continue;
                String backup = s.params().get("backup");
                out.add(new Step("gate-backup-" + s.id(), "backup " + backup + " exists and matches its checksum",
                        new StepAction.VerifyBackup(s.target(), backup, s.params().get("sha256")), Duration.ofMinutes(5), Duration.ofSeconds(10), true));
            }
        }
        if (plan.gates().targetHealthy()) {
            Set<String> validated = new LinkedHashSet<>();
            for (PlanStep s : steps) {
                if (s.action().equals(StepWords.VALIDATE_TARGET)) validated.add(key(s, ctx));
            }
            for (PlanStep s : steps) {
                if (!StepWords.ROLLS_BACK.contains(s.action()) || !StepWords.hasService(s.action()) || !validated.add(key(s, ctx))) continue;
                StepAction.ValidateTarget v = new StepAction.ValidateTarget(svc(s, ctx), to(s, ctx), List.of());
                out.add(new Step("gate-target-" + s.id(), v.version() + " of " + v.service() + " exists and is healthy", v,
                        GATE_TIMEOUT, GATE_ESTIMATE, true));
            }
        }
        if (plan.gates().rehearsed() && !ctx.rehearsal()) {
            out.add(new Step("gate-rehearsal", "the plan was rehearsed within " + plan.testing().rehearsalMaxAge().toDays() + " days",
                    new StepAction.CheckRehearsal(plan.metadata().operationId(), ctx.lastRehearsal(), plan.testing().rehearsalMaxAge()),
                    GATE_TIMEOUT, GATE_ESTIMATE, true));
        }
        return out;
    }

    private static String key(PlanStep s, RunContext ctx) {
        return svc(s, ctx) + "@" + to(s, ctx);
    }

    private static String svc(PlanStep s, RunContext ctx) {
        return s.service() == null || s.service().equals("$service") ? ctx.service() : s.service();
    }

    private static String to(PlanStep s, RunContext ctx) {
        return s.to() == null || s.to().equals("$to") ? ctx.to() : s.to();
    }
}
