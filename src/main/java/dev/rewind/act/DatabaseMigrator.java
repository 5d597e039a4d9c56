package dev.rewind.act;

import dev.rewind.model.AppliedChangeSet;
import java.util.List;

/**
 * Undoes schema migrations (Liquibase). Every list is read from the database's own migration history, so what a
 * rollback undid is measured, not assumed; each changeset says whether the changelog knows how to undo it.
 */
public interface DatabaseMigrator {

    /** The tags in the migration history, oldest first. */
    List<String> tags();

    /** The changesets applied after {@code tag}, in the order they ran: what a rollback to it would undo. */
    List<AppliedChangeSet> appliedSince(String tag);

    /** The last {@code count} changesets applied, in the order they ran. */
    List<AppliedChangeSet> lastApplied(int count);

    /** Undoes every changeset applied after {@code tag} and returns those the history no longer lists. */
    List<AppliedChangeSet> rollbackToTag(String tag);

    /** Undoes the last {@code count} changesets and returns those the history no longer lists. */
    List<AppliedChangeSet> rollbackCount(int count);
}
