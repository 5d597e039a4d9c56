package dev.rewind.plan;

import java.util.List;

/**
 * Seed 004's data consistency check: record counts before and after a database restore. The tables are what a
 * {@code restore_database} step counts when it names none itself.
 *
 * @param notApplicable why the plan touches no data, instead of tables (null when tables are given)
 */
public record DataConsistency(List<String> tables, boolean failOnMismatch, String notApplicable) {
    public DataConsistency {
        tables = List.copyOf(tables);
    }
}
