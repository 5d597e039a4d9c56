package dev.rewind.plan;

import dev.rewind.model.SmokeTest;
import dev.rewind.model.VerificationPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a plan file leaves to the rollback it runs in: the service and versions its steps default to, the smoke tests
 * and verification policy of the environment, and the newest passing rehearsal the store knows.
 *
 * @param region        the region this run rolls back, or null for a plan without regions
 * @param lastRehearsal the newest passing rehearsal of the plan in the store, or null
 * @param rehearsal     true when this run is itself a rehearsal: the rehearsal gate does not apply to it
 */
public record RunContext(String service, String from, String to, List<SmokeTest> smokeTests, VerificationPolicy verification,
                         String region, Instant lastRehearsal, boolean rehearsal) {
    public RunContext {
        Objects.requireNonNull(service, "service");
        smokeTests = smokeTests == null ? List.of() : List.copyOf(smokeTests);
        verification = verification == null ? VerificationPolicy.SEED_000 : verification;
    }

    public RunContext inRegion(String name) {
        return new RunContext(service, from, to, smokeTests, verification, name, lastRehearsal, rehearsal);
    }
}
