package dev.rewind.act;

import java.util.List;

/**
 * Keeps a database still while it is restored: no application write may land between the rows counted before
 * and the rows counted after, nor mix with the restore itself (seed 004, Phase 3).
 */
public interface DatabaseGuard {

    /** The database's name: a plan's restore step must name this one. */
    String database();

    /** Makes the database refuse writes, and ends the sessions opened before that could still write. */
    Freeze freezeWrites();

    /** Lets writes in again, unless the database was read-only before {@link #freezeWrites()}. */
    void thaw(Freeze freeze);

    /** Rows per table, in the order asked; a table that does not exist has {@code rows == null}. */
    List<TableRows> countRows(List<String> tables);

    /**
     * @param wasReadOnly     the database refused writes already; {@link #thaw} leaves it so
     * @param sessionsEnded   other sessions ended so that none writes with a pre-freeze setting
     * @param previousSetting the database's own read-only setting before, for {@link #thaw} to put back; null when it had none
     */
    record Freeze(boolean wasReadOnly, int sessionsEnded, String previousSetting) {
    }

    record TableRows(String table, Long rows) {
    }
}
