package dev.rewind.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.UnreachableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens the store and hands out its parts: an embedded SQLite file by default, or PostgreSQL for teams and
 * replicas, with the schema managed by Flyway on both. On SQLite, WAL lets readers (the dashboard) run beside the
 * writer and synchronous=FULL makes every journal commit survive a killed process or a power cut.
 *
 * <p>Every open puts back the append-only guards of the audit trail and the journal; a store whose guards cannot be
 * put back is refused, since nothing it records could be trusted afterwards.
 */
public final class RewindStore implements AutoCloseable {
    public static final Path DEFAULT_PATH = Path.of(".rewind", "rewind.db");
    public static final String KEY_FILE = "audit.key";

    private final StoreLocation location;
    private final AuditFiles files;
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final RollbackJournal journal;
    private final RollbackHistory history;
    private final ReleaseRegistry releases;
    private final AuditTrail audit;
    private final ApiTokens tokens;
    private final Incidents incidents;
    private final AutoRollbackSwitches autoRollback;
    private final Leases leases;
    private final Rehearsals rehearsals;
    private final List<String> warnings;
    private final AutoCloseable pool;

    private RewindStore(StoreLocation location, AuditFiles files, Jdbi jdbi, Dialect dialect, Chain chain, Clock clock, List<String> warnings, AutoCloseable pool) {
        this.location = location;
        this.files = files;
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.journal = new RollbackJournal(jdbi, chain, dialect);
        this.history = new RollbackHistory(jdbi, dialect);
        this.releases = new ReleaseRegistry(jdbi, dialect);
        this.audit = new AuditTrail(jdbi, chain, clock, dialect);
        this.tokens = new ApiTokens(jdbi);
        this.incidents = new Incidents(jdbi);
        this.autoRollback = new AutoRollbackSwitches(jdbi);
        this.leases = new Leases(jdbi, dialect, dialect.leaseClock(clock));
        this.rehearsals = new Rehearsals(jdbi);
        this.warnings = List.copyOf(warnings);
        this.pool = pool;
    }

    /** The default file, {@code .rewind/rewind.db} under the working directory. */
    public static RewindStore openDefault() {
        return open(DEFAULT_PATH);
    }

    /** Opens (creating when missing) the SQLite store at {@code path}; the audit key from the environment or {@link AuditFiles}. */
    public static RewindStore open(Path path) {
        return open(path, Clock.systemUTC());
    }

    /** @param clock stamps audit rows appended without an explicit time */
    public static RewindStore open(Path path, Clock clock) {
        return open(new StoreLocation.Sqlite(path.toAbsolutePath()), System::getenv, clock);
    }

    /** {@code --store} as given on the command line: a SQLite file path, or a jdbc:postgresql:// URL. */
    public static RewindStore open(String storeOption) {
        return open(StoreLocation.parse(storeOption, System::getenv), System::getenv, Clock.systemUTC());
    }

    /** @param env where REWIND_AUDIT_KEY, REWIND_AUDIT_KEY_FILE, REWIND_AUDIT_ANCHORS and XDG_CONFIG_HOME are looked up */
    public static RewindStore open(StoreLocation location, java.util.function.Function<String, String> env, Clock clock) {
        AuditFiles files = AuditFiles.of(location, env, Path.of(System.getProperty("user.home")));
        return open(location, AuditKey.resolve(env, files.keyFile()), files, clock);
    }

    /** A given key (tests, tools); the anchor file where {@link AuditFiles} puts it. */
    public static RewindStore open(StoreLocation location, AuditKey key, Clock clock) {
        return open(location, key, AuditFiles.of(location, System::getenv, Path.of(System.getProperty("user.home"))), clock);
    }

    public static RewindStore open(StoreLocation location, AuditKey key, AuditFiles files, Clock clock) {
        return open(location, key, files, clock, SQLITE_BUSY_TIMEOUT);
    }

    /** How long a SQLite writer waits for another process's writer before SQLITE_BUSY; this process's own writers queue (see {@link SerialWrites}). */
    static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(10);
    /** How long a writer waits for this process's writers ahead of it: long, since it is a queue, but bounded. */
    static final Duration WRITER_PATIENCE = Duration.ofSeconds(60);

    /** @param busyTimeout SQLite's busy timeout (tests shorten it to show that this process's writers never depend on it) */
    static RewindStore open(StoreLocation location, AuditKey key, AuditFiles files, Clock clock, Duration busyTimeout) {
        Dialect dialect = location instanceof StoreLocation.Postgres ? Dialect.POSTGRESQL : Dialect.SQLITE;
        DataSource source = dataSource(location, busyTimeout);
        Chain chain = new Chain(key);
        try {
            Flyway.configure().dataSource(source).locations(dialect.migrations())
                    .javaMigrations(new V3__Seal_legacy_audit_rows(chain, dialect, key.created(), clock))
                    // a store made before Flyway holds version 1 already: start its history there
                    .baselineOnMigrate(true).baselineVersion("1").baselineDescription("store made before Flyway")
                    .load().migrate();
        } catch (RuntimeException e) {
            close(source);
            throw new UnreachableException(location.display(), "cannot open the store: " + rootMessage(e), e);
        }
        Jdbi jdbi = Jdbi.create(source);
        if (location instanceof StoreLocation.Sqlite s) {
            jdbi.setTransactionHandler(SerialWrites.of(s.file(), jdbi.getTransactionHandler(), WRITER_PATIENCE));
        }
        List<String> restored = jdbi.inTransaction(h -> Guards.ensure(h, dialect));
        List<String> still = jdbi.withHandle(h -> Guards.missing(h, dialect));
        if (!still.isEmpty()) {
            close(source);
            throw new ActionFailedException("refusing to use the store at " + location.display() + ": its append-only guards "
                    + still + " are missing and could not be put back, so nothing it records could be trusted");
        }
        String why = restored.isEmpty() ? null : "the store's append-only guards " + restored + " were missing or altered and have been "
                + "put back; run 'rewind audit verify' to see whether rows were changed while they were gone";
        List<String> warnings = new java.util.ArrayList<>(files.warnings());
        if (why != null) warnings.add(why);
        long unkeyed = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM audit WHERE scheme <> ?").bind(0, Chain.KEYED).mapTo(Long.class).one());
        if (unkeyed > 0) {
            warnings.add(unkeyed + " audit rows are not keyed and were not sealed: rows of a store written before keyed chains are sealed "
                    + "only by the open that makes its audit key, and " + key.source() + " already existed. Unless this is an old store "
                    + "opened for the first time (then open it once with " + AuditFiles.KEY_FILE_ENV + " naming a key file that does not "
                    + "exist yet, and keep that key), the trail was rewritten: run 'rewind audit verify'");
        }
        RewindStore store = new RewindStore(location, files, jdbi, dialect, chain, clock, warnings,
                source instanceof AutoCloseable c ? c : null);
        if (why != null) store.audit.append("rewind", "store.guards_restored", location.display(), why);
        return store;
    }

    /**
     * Whether the store answers, for readiness. A pooled SQLite connection may answer from its page cache after the file
     * under it went bad, so SQLite is asked through a connection of its own, opened read-only for the probe.
     *
     * @throws RuntimeException when it does not
     */
    public void probe() {
        if (location instanceof StoreLocation.Sqlite s) {
            org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
            config.setReadOnly(true);
            config.setBusyTimeout(2_000);
            try (java.sql.Connection c = config.createConnection("jdbc:sqlite:" + s.file().toAbsolutePath());
                 java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM audit")) {
                rs.next();
            } catch (java.sql.SQLException e) {
                throw new UnreachableException(location.display(), "the store cannot be read: " + e.getMessage(), e);
            }
        }
        audit.head();
    }

    private static DataSource dataSource(StoreLocation location, Duration busyTimeout) {
        return switch (location) {
            case StoreLocation.Sqlite s -> {
                Path file = s.file().toAbsolutePath();
                try {
                    if (file.getParent() != null) Files.createDirectories(file.getParent());
                } catch (IOException e) {
                    throw new UnreachableException(file.toString(), "cannot create the store's directory: " + e.getMessage(), e);
                }
                SQLiteConfig config = new SQLiteConfig();
                config.setJournalMode(SQLiteConfig.JournalMode.WAL);
                config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
                config.setBusyTimeout((int) busyTimeout.toMillis());
                config.enforceForeignKeys(true);
                // a write transaction takes the lock when it begins, so two writers queue instead of failing mid-way
                config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
                SQLiteDataSource ds = new SQLiteDataSource(config);
                ds.setUrl("jdbc:sqlite:" + file);
                yield pooled(ds, file);
            }
            case StoreLocation.Postgres p -> {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(p.url());
                if (p.user() != null) config.setUsername(p.user());
                if (p.password() != null) config.setPassword(p.password());
                config.setMaximumPoolSize(8);
                config.setPoolName("rewind-store");
                config.setConnectionTimeout(10_000);
                config.setInitializationFailTimeout(10_000);
                try {
                    yield new HikariDataSource(config);
                } catch (RuntimeException e) {
                    throw new UnreachableException(p.display(), "cannot connect to the store: " + rootMessage(e), e);
                }
            }
        };
    }

    /**
     * SQLite connections kept open: opening one per call (the file, its schema, the pragmas) cost more than the
     * statement itself, about 15 ms of a 50 ms registration on a loaded machine. A few connections let the dashboard's
     * reads run beside the writer (WAL); writers take the lock in turn ({@link SerialWrites}, IMMEDIATE transactions).
     */
    private static DataSource pooled(SQLiteDataSource ds, Path file) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(ds);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setPoolName("rewind-sqlite");
        config.setConnectionTimeout(30_000);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new UnreachableException(file.toString(), "cannot open the store: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static void close(DataSource source) {
        if (source instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a pool that never worked: nothing more to say than the error already thrown
            }
        }
    }

    /**
     * Closes a rollback in the history and seals it in the audit trail: the closing entry records the journal's
     * head and row count and the SHA-256 of the stored result, the report and the whole history row, so a later edit of any of them shows in
     * {@link Integrity#verify}. Returns the anchor to write outside the database.
     *
     * @param report the incident report's text, or null when none was written
     */
    public AuditAnchor finishRollback(String id, String actor, String target, String status, java.time.Instant at,
                                      java.util.Map<String, Object> result, String reportPath, String report, String summary) {
        String stored = history.update(id, status, at, result, reportPath);
        return seal(id, actor, target, status, at, stored, report, summary);
    }

    private AuditAnchor seal(String id, String actor, String target, String status, java.time.Instant at, String stored, String report,
                             String summary) {
        String row = history.rowDigest(id).orElseThrow();
        RollbackJournal.Check journalCheck = journal.verify(id);
        StringBuilder detail = new StringBuilder("id=").append(id).append(" status=").append(status);
        if (summary != null && !summary.isBlank()) detail.append(' ').append(summary);
        detail.append(" journal_head=").append(journalCheck.head()).append(" journal_rows=").append(journalCheck.rows());
        if (stored != null) detail.append(" result_sha256=").append(Chain.sha256(stored));
        if (report != null) detail.append(" report_sha256=").append(Chain.sha256(report));
        detail.append(" row_sha256=").append(row);
        AuditEntry closing = audit.append(actor, "rollback.finished", target, detail.toString(), at);
        return AuditAnchor.of(closing);
    }

    /**
     * {@link #finishRollback} for a writer acting under a lease: the history row is closed only while the lease is
     * still the writer's and only once (a row already finished is left alone), so two replicas never both close it.
     */
    public AuditAnchor finishRollback(String id, String actor, String target, String status, java.time.Instant at,
                                      java.util.Map<String, Object> result, String reportPath, String report, String summary, Fence fence) {
        if (fence == null) return finishRollback(id, actor, target, status, at, result, reportPath, report, summary);
        String stored = history.close(id, status, at, result, reportPath, fence);
        return seal(id, actor, target, status, at, stored, report, summary);
    }

    /** Where anchors go outside the database (see {@link AuditFiles}). */
    public Path anchorFile() {
        return files.anchorFile();
    }

    /** An anchor file an older Rewind wrote beside the database, still read by verify; null when there is none. */
    public Path legacyAnchorFile() {
        return files.legacyAnchors();
    }

    /** A SQLite file, or the PostgreSQL URL (without credentials). */
    public String display() { return location.display(); }

    /** The SQLite file, or null for a PostgreSQL store. */
    public Path path() { return location instanceof StoreLocation.Sqlite s ? s.file() : null; }

    public StoreLocation location() { return location; }

    public RollbackJournal journal() { return journal; }

    public RollbackHistory history() { return history; }

    public ReleaseRegistry releases() { return releases; }

    public AuditTrail audit() { return audit; }

    public ApiTokens tokens() { return tokens; }

    public Incidents incidents() { return incidents; }

    public AutoRollbackSwitches autoRollback() { return autoRollback; }

    /** Leases on the lease clock: the database's on PostgreSQL, the store's clock on SQLite. */
    public Leases leases() { return leases; }

    /** Leases on a given clock, whatever the engine: tests move it by hand to expire a lease. */
    public Leases leases(Clock clock) { return new Leases(jdbi, dialect, h -> clock.instant()); }

    public Rehearsals rehearsals() { return rehearsals; }

    /** The audit action that vouches for a recorded rehearsal (its detail carries {@code rehearsal=} and {@code row_sha256=}). */
    public static final String REHEARSED = "plan.rehearsed";

    /**
     * When the newest passing rehearsal of an operation's plan ended, counting only rehearsals a keyed audit entry
     * vouches for: a row written into the table by hand does not let a level 3 or 4 plan skip its rehearsal.
     */
    public Optional<java.time.Instant> lastPassedRehearsal(String operationId) {
        List<String> vouched = audit.keyedDetails(REHEARSED);
        for (Rehearsals.Rehearsal r : rehearsals.passed(operationId, 50)) {
            if (vouches(vouched, r.id())) return Optional.of(r.finishedAt());
        }
        return Optional.empty();
    }

    /** Rehearsals no keyed entry names with the digest of their row as it is now (for {@code audit verify}). */
    public List<String> unvouchedRehearsals() {
        List<String> vouched = audit.keyedDetails(REHEARSED);
        return rehearsals.ids().stream().filter(id -> !vouches(vouched, id)).toList();
    }

    private boolean vouches(List<String> details, String rehearsalId) {
        String digest = rehearsals.rowDigest(rehearsalId).orElse(null);
        if (digest == null) return false;
        String needle = "rehearsal=" + rehearsalId + " row_sha256=" + digest;
        return details.stream().anyMatch(d -> (d + " ").contains(needle + " "));
    }

    /** What opening found and fixed (guards put back); a command prints these. */
    public List<String> warnings() { return warnings; }

    /** For tests and tools that must look under the ports (the tamper tests drop a trigger). */
    Jdbi jdbi() { return jdbi; }

    Dialect dialect() { return dialect; }

    @Override
    public void close() {
        if (pool == null) return;
        try {
            pool.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the store's connection pool: " + e.getMessage(), e);
        }
    }
}
