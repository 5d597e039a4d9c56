package dev.rewind.plan;

import java.util.List;

/**
 * Seed 004's multi-region coordination: regions are rolled back one after another, each within the SLA on its own;
 * a region that fails stops the ones after it unless {@code continueOnFailure}.
 */
public record PlanRegions(List<Region> order, boolean continueOnFailure) {
    public PlanRegions {
        order = List.copyOf(order);
    }

    public static PlanRegions none() {
        return new PlanRegions(List.of(), false);
    }

    public boolean any() {
        return !order.isEmpty();
    }

    /** @param environment the configured environment that holds this region's actuators */
    public record Region(String name, String environment) {
    }
}
