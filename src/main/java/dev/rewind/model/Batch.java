package dev.rewind.model;

import java.util.List;

/** Releases shipped together, in deploy order. A batch is rolled back whole, last deploy first (seed 000). */
public record Batch(String id, List<Release> releases) {
    public Batch {
        if (releases == null || releases.isEmpty()) throw new IllegalArgumentException("batch " + id + " has no releases");
        releases = List.copyOf(releases);
    }

    public List<Release> inRollbackOrder() {
        return releases.reversed();
    }
}
