package dev.rewind.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A database migration that ran: one Liquibase changeset as its history table records it, with whether the
 * changelog says how to undo it. Data only; the point of no return is decided from a list of these.
 *
 * @param file         the changelog path as the history table records it
 * @param executedAt   when it ran (the history's DATEEXECUTED)
 * @param tag          the tag recorded on this changeset's row, or null
 * @param reversible   true when the changelog gives a rollback (explicit, or one Liquibase derives)
 * @param irreversible why it cannot be undone (no rollback block, gone from the changelog), or null when reversible
 */
public record AppliedChangeSet(String file, String id, String author, Instant executedAt, String tag, boolean reversible,
                               String irreversible) {

    public AppliedChangeSet {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(author, "author");
        if (!reversible && (irreversible == null || irreversible.isBlank())) {
            throw new IllegalArgumentException("changeset " + file + "::" + id + "::" + author + " is irreversible, and says not why");
        }
        if (reversible) irreversible = null;
    }

    /** Liquibase's own name for a changeset: {@code file::id::author}. */
    public String key() {
        return file + "::" + id + "::" + author;
    }
}
