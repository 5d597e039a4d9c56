package dev.rewind.plan;

import java.time.Duration;
import java.util.List;

/**
 * One piece of seed 004's "Pre-Rollback State Capture": taken before the rollback changes anything, so what it
 * replaced can be examined, or put back.
 *
 * @param kind     versions, deployment, database_dump, config_snapshot or row_counts
 * @param target   the service (versions, deployment), database (database_dump, row_counts) or config target
 * @param name     the backup file's or snapshot's name prefix (database_dump, config_snapshot); a time stamp is added
 * @param tables   the tables to count (row_counts)
 * @param estimate how long it is expected to take
 */
public record StateCapture(String id, Kind kind, String target, String name, List<String> tables, Duration estimate) {
    public StateCapture {
        tables = List.copyOf(tables);
    }

    public enum Kind {
        VERSIONS, DEPLOYMENT, DATABASE_DUMP, CONFIG_SNAPSHOT, ROW_COUNTS;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
