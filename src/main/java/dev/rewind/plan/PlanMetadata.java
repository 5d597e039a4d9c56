package dev.rewind.plan;

import java.time.Instant;

/**
 * Seed 004's "Metadata" block.
 *
 * @param created  when the plan was written, or null
 * @param updated  when it last changed, or null; a rehearsal counts as recent against this (and the store's against now)
 */
public record PlanMetadata(String operationId, String permitId, String name, String owner, CertificationLevel level,
                           Instant created, Instant updated) {

    /** The latest of updated and created, or null: the plan as last changed. */
    public Instant lastChanged() {
        return updated != null ? updated : created;
    }
}
