package dev.rewind.act;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A configuration's keys and a hash of each value: enough to say what a restore changed and to verify it by
 * reading back, and nothing a reader of the journal could use (the values stay in the store).
 *
 * @param label   the snapshot's name, or null for the target as it is now
 * @param takenAt when it was kept, or null for the target as it is now
 * @param hashes  key -> a short SHA-256 of the value, personalised by target and key
 */
public record ConfigSnapshot(String target, String label, Instant takenAt, Map<String, String> hashes) {

    /** Snapshots kept by a restore itself (the data it replaced) carry this prefix and are never picked as "newest". */
    public static final String PRE_RESTORE = "pre-restore-";

    public ConfigSnapshot {
        Objects.requireNonNull(target, "target");
        hashes = java.util.Collections.unmodifiableMap(new TreeMap<>(hashes));
    }
}
