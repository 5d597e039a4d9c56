package dev.rewind.act;

import java.util.List;
import java.util.Map;

/** A cache whose entries a rollback makes stale (seed 004, Phase 5): emptied whole, or by key pattern. */
public interface CacheInvalidator {

    /** Removes every key of the configured database and returns how many there were just before. */
    long flushDatabase();

    /**
     * Removes the keys matching each glob pattern, walking the keyspace in batches of {@code batchSize} (never
     * all keys at once), and returns the number removed per pattern, in the order given.
     */
    Map<String, Long> removeMatching(List<String> patterns, int batchSize);

    /** The number of keys in the configured database now. */
    long size();
}
