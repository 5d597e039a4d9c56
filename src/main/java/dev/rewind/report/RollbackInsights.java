package dev.rewind.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Seed 001's "data-driven improvements": the rollback causes over a window, each with the quality gate that would
 * have caught it, most frequent first, then what the history says beyond causes (a service that rolls back more than
 * the others, rollbacks over their SLA). Pure: reads {@link RollbackStatistics.Stats}, returns sentences.
 */
public final class RollbackInsights {

    /** One line of advice and what it rests on. */
    public record Insight(String topic, int count, String text) {
    }

    public List<Insight> from(RollbackStatistics.Stats stats) {
        List<Insight> out = new ArrayList<>();
        for (RollbackStatistics.CauseCount c : stats.causes()) {
            out.add(new Insight(c.cause().key(), c.count(), c.cause().insight() + " (" + c.count() + " of " + stats.rollbacks() + " rollbacks)"));
        }
        hotSpot(stats).ifPresent(out::add);
        int late = stats.measuredAgainstSla() - stats.withinSla();
        if (late > 0) {
            out.add(new Insight("sla", late, "SLA: " + late + " of " + stats.measuredAgainstSla()
                    + " rollbacks took longer than their SLA: rehearse those plans and move slow steps out of the critical path"));
        }
        if (stats.awaitingApproval() > 0) {
            out.add(new Insight("approvals", stats.awaitingApproval(), "Approvals: " + stats.awaitingApproval()
                    + " rollbacks are waiting for a person; every minute waiting is a minute of impact"));
        }
        return out;
    }

    /** A service with at least two rollbacks and more than any other, when there are several services. */
    private static java.util.Optional<Insight> hotSpot(RollbackStatistics.Stats stats) {
        List<RollbackStatistics.ServiceFrequency> s = stats.byService();
        if (s.size() < 2 || s.get(0).rollbacks() < 2 || s.get(0).rollbacks() == s.get(1).rollbacks()) return java.util.Optional.empty();
        RollbackStatistics.ServiceFrequency top = s.get(0);
        return java.util.Optional.of(new Insight("service:" + top.service(), top.rollbacks(), top.service() + " rolled back " + top.rollbacks()
                + " times, more than any other service: review its release checklist and its staging tests first"));
    }

    /** Seed 001's {@code rollback_causes} object: cause key to count, most frequent first. */
    public static java.util.Map<String, Integer> causes(RollbackStatistics.Stats stats) {
        java.util.Map<String, Integer> out = new java.util.LinkedHashMap<>();
        stats.causes().forEach(c -> out.put(c.cause().key(), c.count()));
        return out;
    }
}
