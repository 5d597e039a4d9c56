package dev.rewind.act;

/**
 * Whole-database backups (pg_dump/pg_restore): taken with a checksum beside them, and restored only once that
 * checksum matches, so a truncated or swapped file is refused before anything is changed.
 */
public interface DatabaseBackups {

    /** Dumps the database to a new backup called {@code name}, and writes its checksum beside it. */
    Backup take(String name);

    /**
     * The backup called {@code name}, its SHA-256 checked against {@code expectedSha256} or, when that is null,
     * against the checksum file beside it. Changes nothing; throws when the file or its checksum is wrong.
     */
    Backup verified(String name, String expectedSha256);

    /** Restores a backup over the database, checking its SHA-256 once more just before. */
    void restore(Backup backup);

    /** @param file where it is, for the journal; {@code sha256} in lower-case hex */
    record Backup(String name, String file, String sha256, long bytes) {
    }
}
