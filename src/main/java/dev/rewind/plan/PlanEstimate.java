package dev.rewind.plan;

import dev.rewind.model.Phase;
import dev.rewind.model.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 004's "Rollback Time Estimate": the step estimates summed per phase and per scenario, compared with the SLA
 * and its buffer, with seed 003's complexity score and risk level beside them.
 *
 * @param beforeProcedure the state capture and safety gates, which run before phase 1 (not in seed 004's phase total)
 * @param regions         how many regions run the procedure one after another (1 without regions); the SLA is per region
 */
public record PlanEstimate(RollbackPlanFile plan, List<PhaseLine> phases, Duration total, Duration sla, Duration beforeProcedure,
                           List<ScenarioLine> scenarios, int regions, ComplexityScore complexity) {

    /** @param stated the phase's own estimate, or null */
    public record PhaseLine(String id, String name, int steps, Duration estimate, Duration stated) {
        public boolean differs() {
            return stated != null && !stated.equals(estimate);
        }
    }

    /** @param expected the time the plan states for the scenario, or null */
    public record ScenarioLine(String id, String name, List<String> phases, List<String> services, int steps, Duration estimate,
                               Duration expected, boolean withinSla) {
        public boolean differs() {
            return expected != null && !expected.equals(estimate);
        }
    }

    public static PlanEstimate of(RollbackPlanFile plan) {
        List<PhaseLine> phases = plan.procedure().stream()
                .map(p -> new PhaseLine(p.id(), p.name(), p.steps().size(), p.estimate(), p.stated())).toList();
        Duration total = sum(plan.procedure());
        List<ScenarioLine> scenarios = new ArrayList<>();
        for (Scenario s : plan.scenarios()) {
            List<PlanPhase> kept = PlanCompiler.select(plan, s);
            Duration e = sum(kept);
            scenarios.add(new ScenarioLine(s.id(), s.name(), kept.stream().map(PlanPhase::id).toList(), s.services(),
                    kept.stream().mapToInt(p -> p.steps().size()).sum(), e, s.expected(), e.compareTo(plan.sla()) <= 0));
        }
        Plan compiled = PlanCompiler.compile(plan, null, new RunContext("the service", "the failing version", "the target version",
                null, null, null, null, false));
        Duration before = compiled.phases().stream()
                .filter(p -> p.name().equals(PlanCompiler.CAPTURE_PHASE) || p.name().equals(PlanCompiler.GATES_PHASE))
                .map(Phase::estimate).reduce(Duration.ZERO, Duration::plus);
        return new PlanEstimate(plan, phases, total, plan.sla(), before, scenarios, Math.max(1, plan.regions().order().size()),
                ComplexityScore.of(plan));
    }

    /** SLA minus the total: negative when the plan is over its SLA. */
    public Duration buffer() {
        return sla.minus(total);
    }

    public boolean withinSla() {
        return total.compareTo(sla) <= 0;
    }

    private static Duration sum(List<PlanPhase> phases) {
        return phases.stream().map(PlanPhase::estimate).reduce(Duration.ZERO, Duration::plus);
    }

    /** "14m", "2m30s", "45s", "1.5s", "-1m": short, exact to the second (to the tenth under a minute). */
    public static String human(Duration d) {
        long ms = Math.abs(d.toMillis());
        if (ms < 60_000 && ms % 1000 != 0) return (d.isNegative() ? "-" : "") + (ms / 100) / 10.0 + "s";
        long s = d.toSeconds();
        String sign = s < 0 ? "-" : "";
        s = Math.abs(s);
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        StringBuilder out = new StringBuilder(sign);
        if (h > 0) out.append(h).append('h');
        if (m > 0) out.append(m).append('m');
        if (sec > 0 || out.length() == sign.length()) out.append(sec).append('s');
        return out.toString();
    }
}
