package dev.rewind.store;

import dev.rewind.model.UnreachableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens the store on one SQLite file and hands out its parts. WAL lets readers (the dashboard) run beside
 * the writer; synchronous=FULL makes every journal commit survive a killed process or a power cut.
 */
public final class RewindStore {
    public static final Path DEFAULT_PATH = Path.of(".rewind", "rewind.db");

    private final Path path;
    private final Jdbi jdbi;
    private final RollbackJournal journal;
    private final RollbackHistory history;
    private final ReleaseRegistry releases;
    private final AuditTrail audit;

    private RewindStore(Path path, Jdbi jdbi, Clock clock) {
        this.path = path;
        this.jdbi = jdbi;
        this.journal = new RollbackJournal(jdbi);
        this.history = new RollbackHistory(jdbi);
        this.releases = new ReleaseRegistry(jdbi);
        this.audit = new AuditTrail(jdbi, clock);
    }

    /** The default file, {@code .rewind/rewind.db} under the working directory. */
    public static RewindStore openDefault() {
        return open(DEFAULT_PATH);
    }

    /** Opens (creating when missing) the store at {@code path} and brings its schema up to date. */
    public static RewindStore open(Path path) {
        return open(path, Clock.systemUTC());
    }

    /** @param clock stamps audit rows appended without an explicit time */
    public static RewindStore open(Path path, Clock clock) {
        Path file = path.toAbsolutePath();
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UnreachableException(file.toString(), "cannot create the store's directory: " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file);
        Jdbi jdbi = Jdbi.create(source);
        try {
            Schema.migrate(jdbi);
        } catch (RuntimeException e) {
            throw new UnreachableException(file.toString(), "cannot open the store: " + e.getMessage(), e);
        }
        return new RewindStore(file, jdbi, clock);
    }

    public Path path() { return path; }

    public RollbackJournal journal() { return journal; }

    public RollbackHistory history() { return history; }

    public ReleaseRegistry releases() { return releases; }

    public AuditTrail audit() { return audit; }

    /** For tests and tools that must look under the ports (the tamper test drops a trigger). */
    Jdbi jdbi() { return jdbi; }
}
