package dev.rewind.plan;

import java.time.Duration;
import java.util.List;

/**
 * Seed 004's "Partial Rollback Capability": a named subset of the plan. Either whole phases by id (application only:
 * phases 4 to 8) or the steps of some services (auth-service only), or both (the named services' steps in those phases).
 * Notifications and manual gates always stay: people are told and asked whatever is rolled back.
 *
 * @param phases   phase ids (and {@code cleanup}); empty for all of them
 * @param services service names; empty for every service
 * @param expected the time the plan's author states, or null; estimate compares it with the steps' sum
 */
public record Scenario(String id, String name, List<String> phases, List<String> services, Duration expected, String useWhen,
                       String path) {
    public Scenario {
        phases = List.copyOf(phases);
        services = List.copyOf(services);
    }
}
