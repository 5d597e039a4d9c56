package dev.rewind.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 004's "Rollback Requirements by Certification Level", checked on a plan file. Each level keeps the rules of the
 * levels below it; every broken rule is reported, each at the field that breaks it.
 */
public final class PlanRules {
    static final String DOCUMENTED = "documented rollback procedure";
    static final String STAGING = "rollback tested in staging";
    static final String CHECKLIST = "verification checklist";
    static final String AUTOMATED = "automated rollback mandatory";
    static final String PARTIAL = "partial rollback capability";
    static final String DATA = "data consistency verification";
    static final String REHEARSAL = "rollback rehearsal conducted";
    static final String REGIONS = "multi-region rollback coordination";
    static final String GATES = "automated rollback with manual gates";
    static final String COMMUNICATION = "communication plan included";

    private PlanRules() {
    }

    /**
     * @param now           when the check runs (the staging test and the rehearsal may not lie in the future)
     * @param lastRehearsal the newest passing rehearsal of this plan the store holds, or null
     */
    public static List<Violation> check(RollbackPlanFile plan, Instant now, Instant lastRehearsal) {
        List<Violation> out = new ArrayList<>();
        level2(plan, now, out);
        if (plan.level().atLeast(3)) level3(plan, now, lastRehearsal, out);
        if (plan.level().atLeast(4)) level4(plan, out);
        return out;
    }

    /** "rollback time SLA: 15 minutes" (per region at level 4). */
    static String slaRule(CertificationLevel level) {
        return "rollback time SLA: " + level.sla().toMinutes() + " minutes" + (level.atLeast(4) ? " per region" : "");
    }

    private static void level2(RollbackPlanFile plan, Instant now, List<Violation> out) {
        for (PlanPhase p : plan.procedure()) {
            if (blank(p.objective())) out.add(new Violation(p.path(), 2, DOCUMENTED, "phase '" + p.id() + "' has no objective: say what it achieves"));
            for (PlanStep s : p.steps()) {
                if (blank(s.description())) out.add(new Violation(s.path() + ".id", 2, DOCUMENTED, "step '" + s.id() + "' has no description"));
                if (blank(s.verify())) out.add(new Violation(s.path() + ".id", 2, DOCUMENTED, "step '" + s.id()
                        + "' has no verify: say how its success is checked"));
            }
        }
        Instant staged = plan.testing().stagingTestedAt();
        if (staged == null) {
            out.add(new Violation("testing", 2, STAGING, "no staging test is recorded: add testing.staging.tested_at with the time it passed"));
        } else if (staged.isAfter(now)) {
            out.add(new Violation("testing.staging.tested_at", 2, STAGING, "the staging test is dated " + staged + ", in the future"));
        }
        if (plan.verificationChecklist().isEmpty()) {
            out.add(new Violation("verification_checklist", 2, CHECKLIST, "the plan has no verification checklist: list what people check after the rollback"));
        }
        sla(plan, out);
    }

    private static void sla(RollbackPlanFile plan, List<Violation> out) {
        CertificationLevel level = plan.level();
        if (plan.sla().compareTo(level.sla()) > 0) {
            out.add(new Violation("sla_minutes", level.number(), slaRule(level), "the plan's SLA is " + PlanEstimate.human(plan.sla())
                    + ", looser than the level allows"));
        }
        Duration total = plan.procedure().stream().map(PlanPhase::estimate).reduce(Duration.ZERO, Duration::plus);
        if (total.compareTo(plan.sla()) > 0) {
            out.add(new Violation("phases", level.number(), slaRule(level), "the step estimates add up to " + PlanEstimate.human(total)
                    + (level.atLeast(4) ? " per region" : "") + ", over the SLA of " + PlanEstimate.human(plan.sla())));
        }
    }

    private static void level3(RollbackPlanFile plan, Instant now, Instant lastRehearsal, List<Violation> out) {
        plan.steps().stream().filter(PlanStep::manual).forEach(s -> out.add(new Violation(s.path() + ".action", 3, AUTOMATED,
                "step '" + s.id() + "' is done by hand; automate it with an actuator step (a manual_gate only asks for a go-ahead)")));
        if (plan.decision().automatic().isEmpty()) {
            out.add(new Violation("decision", 3, AUTOMATED, "no automatic rollback trigger is given: list them under decision.automatic"));
        }
        if (plan.scenarios().isEmpty()) {
            out.add(new Violation("scenarios", 3, PARTIAL, "no partial rollback scenario: add at least one (application only, database only, a single service)"));
        }
        data(plan, out);
        rehearsal(plan, now, lastRehearsal, out);
    }

    private static void data(RollbackPlanFile plan, List<Violation> out) {
        DataConsistency dc = plan.dataConsistency();
        List<PlanStep> restores = plan.steps().stream().filter(s -> s.action().equals(StepWords.RESTORE_DATABASE)).toList();
        if (dc == null) {
            out.add(new Violation("data_consistency", 3, DATA, "no data consistency check: give data_consistency.tables to count before and after"
                    + " (or data_consistency.not_applicable saying why no data is touched)"));
            return;
        }
        if (dc.tables().isEmpty() && !restores.isEmpty()) {
            out.add(new Violation("data_consistency", 3, DATA, "step '" + restores.getFirst().id()
                    + "' restores a database, so data_consistency must list tables to count, not be not_applicable"));
        }
    }

    /** Recent: no older than the allowed age before the plan's last change (the store's rehearsals are never older than that). */
    private static void rehearsal(RollbackPlanFile plan, Instant now, Instant lastRehearsal, List<Violation> out) {
        Instant documented = plan.testing().rehearsedAt();
        if (documented != null && documented.isAfter(now)) {
            out.add(new Violation("testing.rehearsal.completed_at", 3, REHEARSAL, "the rehearsal is dated " + documented + ", in the future"));
            return;
        }
        Instant newest = latest(documented, lastRehearsal);
        Duration maxAge = plan.testing().rehearsalMaxAge();
        Instant reference = plan.metadata().lastChanged() != null ? plan.metadata().lastChanged() : now;
        if (newest == null) {
            out.add(new Violation("testing", 3, REHEARSAL, "no rehearsal is recorded, in the plan (testing.rehearsal.completed_at) or in the store;"
                    + " run: bin/rewind plan rehearse " + plan.source().file() + " --environment staging"));
        } else if (newest.isBefore(reference.minus(maxAge))) {
            out.add(new Violation(documented != null && documented.equals(newest) ? "testing.rehearsal.completed_at" : "testing", 3, REHEARSAL,
                    "the newest rehearsal (" + newest + ") is more than " + maxAge.toDays() + " days older than the plan (" + reference
                            + "); rehearse it again"));
        }
    }

    private static void level4(RollbackPlanFile plan, List<Violation> out) {
        if (plan.regions().order().size() < 2) {
            out.add(new Violation("regions", 4, REGIONS, "a level 4 plan rolls back at least two regions, one after another; found "
                    + plan.regions().order().size()));
        }
        if (plan.steps().stream().noneMatch(PlanStep::manualGate)) {
            out.add(new Violation("phases", 4, GATES, "no manual_gate step: put one where a person must give the go-ahead"
                    + " (before the database restore, say)"));
        }
        CommunicationPlan c = plan.communication();
        if (c == null || c.channels().isEmpty() || c.stakeholders().isEmpty()) {
            out.add(new Violation("communication", 4, COMMUNICATION, "no communication plan: give communication.channels and communication.stakeholders"));
        }
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isAfter(b) ? a : b;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
