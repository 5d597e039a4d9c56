package dev.rewind.store;

import dev.rewind.model.Change;
import dev.rewind.model.Release;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Releases per service and environment: which one runs now and which was the last good one, so a rollback
 * without {@code --to} knows its target (seed 002 stage 2).
 */
public final class ReleaseRegistry {
    private final Jdbi jdbi;
    private final Dialect dialect;

    ReleaseRegistry(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
    }

    /**
     * Records a deploy: the release becomes CURRENT, and the one it replaces becomes STABLE (it ran without
     * being rolled back until now; a failed one keeps FAILED).
     */
    public void register(Release release) {
        register(release, null, null, null);
    }

    /**
     * Records a deploy that server mode watches: as {@link #register(Release)}, with the batch it came in,
     * when its watch ends, and who registered it.
     */
    public void register(Release release, String batchId, Instant watchUntil, String registeredBy) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE releases SET status = 'stable' WHERE service = ? AND environment = ? AND status = 'current'")
                    .bind(0, release.service()).bind(1, release.environment()).execute();
            h.createUpdate("""
                    INSERT INTO releases (service, environment, version, status, deployed_at, previous_version, feature_flag, changes,
                      batch_id, watch_until, registered_by, point_of_no_return, traffic_percent)
                    VALUES (:s, :e, :v, 'current', :at, :prev, :flag, :changes, :batch, :until, :by, :ponr, :traffic)
                    ON CONFLICT (service, environment, version) DO UPDATE SET status = 'current', deployed_at = :at,
                      previous_version = :prev, feature_flag = :flag, changes = :changes, batch_id = :batch, watch_until = :until,
                      registered_by = :by, point_of_no_return = :ponr, traffic_percent = :traffic""")
                    .bind("s", release.service()).bind("e", release.environment()).bind("v", release.version())
                    .bind("at", Columns.time(release.deployedAt())).bind("prev", release.previousVersion())
                    .bind("flag", release.featureFlag()).bind("changes", Columns.write(release.changes()))
                    .bind("batch", batchId).bind("until", Columns.time(watchUntil)).bind("by", registeredBy)
                    .bind("ponr", Columns.time(release.pointOfNoReturn()))
                    .bind("traffic", trafficPercent(release.trafficPercent())).execute();
        });
    }

    /**
     * A canary's traffic moved: the share the release now serves. Only the current release's, since only it serves
     * beside the previous one.
     *
     * @return whether the release was current (and so changed)
     */
    public boolean setTraffic(String service, String environment, String version, int percent) {
        int p = trafficPercent(percent);
        return jdbi.inTransaction(h -> h.createUpdate("UPDATE releases SET traffic_percent = ? WHERE service = ? AND environment = ? AND version = ? "
                + "AND status = 'current'").bind(0, p).bind(1, service).bind(2, environment).bind(3, version).execute()) > 0;
    }

    /** Whole percents 1..100 are stored; a share in between (a watch's --traffic-percent 2.5) is rounded up, never to 100. */
    private static int trafficPercent(double percent) {
        if (!(percent > 0 && percent <= 100)) throw new IllegalArgumentException("traffic percent must be above 0 and at most 100, got " + percent);
        return percent >= 100 ? 100 : (int) Math.min(99, Math.ceil(percent));
    }

    public Optional<ReleaseRecord> current(String service, String environment) {
        return first(service, environment, "status = 'current'");
    }

    /** The most recently deployed release marked STABLE. */
    public Optional<ReleaseRecord> lastStable(String service, String environment) {
        return first(service, environment, "status = 'stable'");
    }

    public List<ReleaseRecord> list(String service, String environment) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM releases WHERE service = ? AND environment = ? ORDER BY deployed_at DESC, " + dialect.insertionOrder() + " DESC")
                .bind(0, service).bind(1, environment).map((rs, ctx) -> read(rs)).list());
    }

    /** Releases still being watched at {@code now}: current, with a watch that has not ended. What a restarted server resumes. */
    public List<ReleaseRecord> watching(Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM releases WHERE status = 'current' AND watch_until IS NOT NULL AND watch_until > ? "
                + "ORDER BY deployed_at, " + dialect.insertionOrder()).bind(0, Columns.time(now)).map((rs, ctx) -> read(rs)).list());
    }

    public Optional<ReleaseRecord> find(String service, String environment, String version) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM releases WHERE service = ? AND environment = ? AND version = ?")
                .bind(0, service).bind(1, environment).bind(2, version).map((rs, ctx) -> read(rs)).findOne());
    }

    /** Every release of a batch, in deploy order. */
    public List<ReleaseRecord> batch(String batchId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM releases WHERE batch_id = ? ORDER BY deployed_at, " + dialect.insertionOrder())
                .bind(0, batchId).map((rs, ctx) -> read(rs)).list());
    }

    /** Newest first, every service; for the API and the dashboard. */
    public List<ReleaseRecord> recent(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM releases ORDER BY deployed_at DESC, " + dialect.insertionOrder() + " DESC LIMIT ?")
                .bind(0, limit).map((rs, ctx) -> read(rs)).list());
    }

    /** Ends a release's watch: it becomes the stable baseline for the next deploy (seed 001's 24-hour watch). */
    public void endWatch(String service, String environment, String version) {
        jdbi.useTransaction(h -> h.createUpdate("UPDATE releases SET watch_until = NULL WHERE service = ? AND environment = ? AND version = ?")
                .bind(0, service).bind(1, environment).bind(2, version).execute());
    }

    public void markFailed(String service, String environment, String version) {
        set(service, environment, version, ReleaseStatus.FAILED);
    }

    public void markStable(String service, String environment, String version) {
        set(service, environment, version, ReleaseStatus.STABLE);
    }

    /** After a rollback: the failed release is ROLLED_BACK and the target runs again as CURRENT. */
    public void markRolledBack(String service, String environment, String from, String to) {
        jdbi.useTransaction(h -> {
            set(h, service, environment, from, ReleaseStatus.ROLLED_BACK);
            set(h, service, environment, to, ReleaseStatus.CURRENT);
        });
    }

    /**
     * After a rollback, as far as the store knows, and without refusing what it does not know: {@code from} becomes
     * ROLLED_BACK when it is recorded (a manual rollback may start from a version the store never saw), and {@code to}
     * becomes CURRENT, recorded now ({@code at}) when it was not: the rollback has just made it run. Any other release
     * still marked current was replaced by it, so it becomes STABLE, as {@link #register} would have it.
     *
     * @return what changed, for the journal
     */
    public String recordRollback(String service, String environment, String from, String to, java.time.Instant at) {
        return jdbi.inTransaction(h -> {
            int fromRows = h.createUpdate("UPDATE releases SET status = ? WHERE service = ? AND environment = ? AND version = ? AND version <> ?")
                    .bind(0, ReleaseStatus.ROLLED_BACK.label()).bind(1, service).bind(2, environment).bind(3, from).bind(4, to).execute();
            h.createUpdate("UPDATE releases SET status = 'stable' WHERE service = ? AND environment = ? AND status = 'current' AND version <> ?")
                    .bind(0, service).bind(1, environment).bind(2, to).execute();
            int toRows = h.createUpdate("UPDATE releases SET status = 'current' WHERE service = ? AND environment = ? AND version = ?")
                    .bind(0, service).bind(1, environment).bind(2, to).execute();
            if (toRows == 0) {
                h.createUpdate("""
                        INSERT INTO releases (service, environment, version, status, deployed_at, previous_version, feature_flag, changes)
                        VALUES (:s, :e, :v, 'current', :at, NULL, NULL, :changes)""")
                        .bind("s", service).bind("e", environment).bind("v", to).bind("at", Columns.time(at))
                        .bind("changes", Columns.write(List.of())).execute();
            }
            return (fromRows == 0 ? from + " is not recorded (nothing to mark rolled back)" : from + " rolled back")
                    + "; " + to + (toRows == 0 ? " recorded as current now" : " current again");
        });
    }

    /** A failed release, when the store has it; false when it does not (a manual rollback from an unrecorded version). */
    public boolean markFailedIfRecorded(String service, String environment, String version) {
        return jdbi.inTransaction(h -> h.createUpdate("UPDATE releases SET status = ? WHERE service = ? AND environment = ? AND version = ?")
                .bind(0, ReleaseStatus.FAILED.label()).bind(1, service).bind(2, environment).bind(3, version).execute()) > 0;
    }

    private void set(String service, String environment, String version, ReleaseStatus status) {
        jdbi.useTransaction(h -> set(h, service, environment, version, status));
    }

    private static void set(Handle h, String service, String environment, String version, ReleaseStatus status) {
        int rows = h.createUpdate("UPDATE releases SET status = ? WHERE service = ? AND environment = ? AND version = ?")
                .bind(0, status.label()).bind(1, service).bind(2, environment).bind(3, version).execute();
        if (rows == 0) {
            throw new IllegalArgumentException("no release " + service + " " + version + " in " + environment + " is registered");
        }
    }

    private Optional<ReleaseRecord> first(String service, String environment, String condition) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM releases WHERE service = ? AND environment = ? AND "
                        + condition + " ORDER BY deployed_at DESC, " + dialect.insertionOrder() + " DESC LIMIT 1")
                .bind(0, service).bind(1, environment).map((rs, ctx) -> read(rs)).findOne());
    }

    private static ReleaseRecord read(ResultSet rs) throws SQLException {
        Change[] changes = Columns.read(rs.getString("changes"), Change[].class);
        return new ReleaseRecord(rs.getString("service"), rs.getString("environment"), rs.getString("version"),
                ReleaseStatus.parse(rs.getString("status")), Columns.instant(rs.getString("deployed_at")),
                rs.getString("previous_version"), rs.getString("feature_flag"),
                changes == null ? List.of() : Arrays.asList(changes), rs.getString("batch_id"), Columns.instant(rs.getString("watch_until")),
                rs.getString("registered_by"), Columns.instant(rs.getString("point_of_no_return")), rs.getInt("traffic_percent"));
    }
}
