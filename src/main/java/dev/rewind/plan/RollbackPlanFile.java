package dev.rewind.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A rollback plan as code: seed 004's template, read from a YAML file ({@code config.PlanLoader}). Everything here is
 * what the file says; {@link PlanRules} checks it against its certification level, {@link PlanEstimate} sums it, and
 * {@link PlanCompiler} turns it into the {@link dev.rewind.model.Plan} the executor runs.
 *
 * @param sla     the plan's own SLA when it gives one (never looser than its level's), else the level's; per region
 * @param cleanup seed 004's Phase 8, run last; null when the plan has none
 */
public record RollbackPlanFile(PlanSource source, PlanMetadata metadata, PlanOperation operation, Duration sla,
                               List<StateCapture> stateCapture, DecisionCriteria decision, SafetyGates gates,
                               List<PlanPhase> phases, PlanPhase cleanup, List<Scenario> scenarios,
                               List<String> verificationChecklist, DataConsistency dataConsistency, PlanTesting testing,
                               PlanRegions regions, CommunicationPlan communication, EscalationLadder escalation,
                               CompletionCriteria completion) {

    public RollbackPlanFile {
        stateCapture = List.copyOf(stateCapture);
        phases = List.copyOf(phases);
        scenarios = List.copyOf(scenarios);
        verificationChecklist = List.copyOf(verificationChecklist);
        decision = decision == null ? DecisionCriteria.none() : decision;
        gates = gates == null ? SafetyGates.none() : gates;
        testing = testing == null ? PlanTesting.none() : testing;
        regions = regions == null ? PlanRegions.none() : regions;
        escalation = escalation == null ? EscalationLadder.SEED_004 : escalation;
        completion = completion == null ? CompletionCriteria.SEED_003 : completion;
        sla = sla == null ? metadata.level().sla() : sla;
    }

    public CertificationLevel level() {
        return metadata.level();
    }

    /** The procedure in order: the phases, then the cleanup. */
    public List<PlanPhase> procedure() {
        List<PlanPhase> all = new ArrayList<>(phases);
        if (cleanup != null) all.add(cleanup);
        return List.copyOf(all);
    }

    public List<PlanStep> steps() {
        return procedure().stream().flatMap(p -> p.steps().stream()).toList();
    }

    public Optional<Scenario> scenario(String id) {
        return scenarios.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** "API v2.1 deployment (op-12345)". */
    public String title() {
        return metadata.name() + " (" + metadata.operationId() + ")";
    }
}
