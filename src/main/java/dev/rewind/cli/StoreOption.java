package dev.rewind.cli;

import dev.rewind.store.RewindStore;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --store}, shared by every command that reads or writes the store: a SQLite file (default
 * {@code .rewind/rewind.db}) or a {@code jdbc:postgresql://host:port/db} URL, whose password comes from
 * REWIND_STORE_PASSWORD, never from the URL.
 */
public final class StoreOption {
    @Option(names = "--store", defaultValue = ".rewind/rewind.db", paramLabel = "FILE|URL",
            description = "journal, history and audit trail: a SQLite file or a jdbc:postgresql:// URL (default: ${DEFAULT-VALUE})")
    String value;

    /** Opens the store and tells the user, on {@code err}, what opening had to put right (guards restored). */
    RewindStore open(java.io.PrintWriter err) {
        RewindStore store = RewindStore.open(value);
        store.warnings().forEach(w -> err.println("rewind: warning: " + w));
        err.flush();
        return store;
    }

    /** False only for a SQLite file that is not there yet (a PostgreSQL store is assumed to exist). */
    boolean exists() {
        return isPostgres() || Files.exists(Path.of(value));
    }

    boolean isPostgres() {
        return value.trim().toLowerCase(java.util.Locale.ROOT).startsWith("jdbc:");
    }

    @Override
    public String toString() {
        return value;
    }
}
