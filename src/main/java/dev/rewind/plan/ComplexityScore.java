package dev.rewind.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Seed 003's rollback complexity (0-100 on its scale, higher is more complex; its sum is not capped, nor is this one):
 * a base by deployment type, +30 when data changes, +10 per service beyond the first, +5 per dependency; under 30 is
 * low risk, under 60 medium, else high.
 */
public record ComplexityScore(int score, List<String> factors, String riskLevel, String estimatedDuration) {
    public ComplexityScore {
        factors = List.copyOf(factors);
    }

    /** Seed 003's {@code type_complexity}; a type it does not list counts as unknown. */
    static final Map<String, Integer> TYPE = Map.of("blue_green", 20, "feature_flag", 10, "canary", 30, "rolling_update", 40,
            "database_migration", 80, "unknown", 50);

    public static ComplexityScore of(RollbackPlanFile plan) {
        List<String> factors = new ArrayList<>();
        String type = plan.operation().deploymentType() == null ? "unknown" : plan.operation().deploymentType();
        int base = TYPE.getOrDefault(type, TYPE.get("unknown"));
        int score = base;
        factors.add("deployment_type: " + type + " (" + base + (TYPE.containsKey(type) ? "" : ", not in seed 003's table: counted as unknown") + ")");
        if (dataChanges(plan)) {
            score += 30;
            factors.add("data_changes_present (+30)");
        }
        int services = Math.max(1, plan.operation().services().size());
        if (services > 1) {
            score += (services - 1) * 10;
            factors.add("multiple_services: " + services + " (+" + (services - 1) * 10 + ")");
        }
        int deps = plan.operation().dependencies().size();
        if (deps > 0) {
            score += deps * 5;
            factors.add("dependencies: " + deps + " (+" + deps * 5 + ")");
        }
        if (score < 30) return new ComplexityScore(score, factors, "low", "< 5 minutes");
        if (score < 60) return new ComplexityScore(score, factors, "medium", "5-15 minutes");
        return new ComplexityScore(score, factors, "high", "15+ minutes");
    }

    /** Data changes: the plan restores a database, or it is a database migration. */
    private static boolean dataChanges(RollbackPlanFile plan) {
        return "database_migration".equals(plan.operation().deploymentType())
                || plan.steps().stream().anyMatch(s -> s.action().equals(StepWords.RESTORE_DATABASE));
    }
}
