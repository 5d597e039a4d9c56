package dev.rewind.store;

import dev.rewind.secrets.Redactor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Past and running rollbacks, newest first: what {@code rewind history} and the dashboard list. */
public final class RollbackHistory {
    private final Jdbi jdbi;
    private final Dialect dialect;

    RollbackHistory(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
    }

    public void record(RollbackRecord r) {
        jdbi.useTransaction(h -> h.createUpdate("""
                INSERT INTO rollbacks (id, service, environment, from_version, to_version, status, reason, actor,
                  trigger_name, started_at, finished_at, result, report_path, incident_id, batch_id, approval)
                VALUES (:id, :service, :env, :from, :to, :status, :reason, :actor, :trigger, :started, :finished, :result, :report,
                  :incident, :batch, :approval)""")
                .bind("id", r.id()).bind("service", r.service()).bind("env", r.environment())
                .bind("from", r.fromVersion()).bind("to", r.toVersion()).bind("status", r.status())
                .bind("reason", Redactor.redact(r.reason())).bind("actor", r.actor()).bind("trigger", Redactor.redact(r.trigger()))
                .bind("started", Columns.time(r.startedAt())).bind("finished", Columns.time(r.finishedAt()))
                .bind("result", r.result().isEmpty() ? null : Columns.write(Redactor.redactMap(r.result()))).bind("report", r.reportPath())
                .bind("incident", r.incidentId()).bind("batch", r.batchId())
                .bind("approval", r.approval().isEmpty() ? null : Columns.write(r.approval()))
                .execute());
    }

    /**
     * Sets how a rollback ended; {@code result} and {@code reportPath} may be null to keep what is there. The
     * result is redacted before it is stored, so the hash the audit trail records is of what the row holds.
     *
     * @return the result as stored (JSON text), or null when none was given
     */
    public String update(String id, String status, Instant finishedAt, Map<String, Object> result, String reportPath) {
        String json = result == null ? null : Columns.write(Redactor.redactMap(result));
        int rows = jdbi.inTransaction(h -> h.createUpdate("""
                UPDATE rollbacks SET status = :status, finished_at = :finished,
                  result = COALESCE(:result, result), report_path = COALESCE(:report, report_path) WHERE id = :id""")
                .bind("id", id).bind("status", status).bind("finished", Columns.time(finishedAt))
                .bind("result", json).bind("report", reportPath).execute());
        if (rows == 0) throw new IllegalArgumentException("no rollback with id " + id + " in the history");
        return json;
    }

    /**
     * {@link #update} under a lease: in one transaction, the fence is checked and the row closed only if it is not
     * closed yet. Returns the result as stored.
     */
    String close(String id, String status, Instant finishedAt, Map<String, Object> result, String reportPath, Fence fence) {
        String json = result == null ? null : Columns.write(Redactor.redactMap(result));
        return jdbi.inTransaction(h -> {
            fence.check(h);
            int rows = h.createUpdate("""
                    UPDATE rollbacks SET status = :status, finished_at = :finished,
                      result = COALESCE(:result, result), report_path = COALESCE(:report, report_path) WHERE id = :id AND finished_at IS NULL""")
                    .bind("id", id).bind("status", status).bind("finished", Columns.time(finishedAt))
                    .bind("result", json).bind("report", reportPath).execute();
            if (rows == 0) throw new IllegalStateException("rollback " + id + " is not in the history or was closed already");
            return json;
        });
    }

    /**
     * Moves a rollback from {@code from} to {@code to} only if it is still in {@code from}; false when it was not
     * (another replica decided first). {@code approval}, when given, replaces the approval record.
     */
    public boolean transition(String id, String from, String to, Map<String, Object> approval) {
        return jdbi.inTransaction(h -> h.createUpdate("UPDATE rollbacks SET status = :to, approval = COALESCE(:approval, approval) WHERE id = :id AND status = :from")
                .bind("id", id).bind("from", from).bind("to", to).bind("approval", approval == null ? null : Columns.write(approval)).execute()) == 1;
    }

    /** What another process needs to resume the rollback: the parts of its case the row does not hold. */
    public void saveResumeState(String id, Map<String, Object> state) {
        jdbi.useTransaction(h -> h.createUpdate("UPDATE rollbacks SET resume_state = ? WHERE id = ?")
                .bind(0, Columns.write(Redactor.redactMap(state))).bind(1, id).execute());
    }

    public Map<String, Object> resumeState(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT resume_state FROM rollbacks WHERE id = ?").bind(0, id).mapTo(String.class)
                .findOne().map(Columns::readMap).orElse(Map.of()));
    }

    /** An abort asked for where the rollback does not run: the replica that runs it reads this between steps. */
    public void requestAbort(String id, String reason) {
        jdbi.useTransaction(h -> h.createUpdate("UPDATE rollbacks SET abort_requested = ? WHERE id = ?").bind(0, Redactor.redact(reason)).bind(1, id).execute());
    }

    /** A running rollback's state as other replicas may have changed it: its status and an abort asked for. */
    public record Control(String status, String abortRequested) {
    }

    public Map<String, Control> controls(java.util.Collection<String> ids) {
        if (ids.isEmpty()) return Map.of();
        Map<String, Control> out = new java.util.LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT id, status, abort_requested FROM rollbacks WHERE id IN (<ids>)").bindList("ids", List.copyOf(ids))
                .map((rs, ctx) -> Map.entry(rs.getString("id"), new Control(rs.getString("status"), rs.getString("abort_requested"))))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    /** A status change that is not the end (running, paused, awaiting approval) and, optionally, the approval record. */
    public void status(String id, String status, Map<String, Object> approval) {
        int rows = jdbi.inTransaction(h -> h.createUpdate("UPDATE rollbacks SET status = :status, approval = COALESCE(:approval, approval) WHERE id = :id")
                .bind("id", id).bind("status", status).bind("approval", approval == null ? null : Columns.write(approval)).execute());
        if (rows == 0) throw new IllegalArgumentException("no rollback with id " + id + " in the history");
    }

    /** Rollbacks in one of the given states (running, awaiting_approval, paused), oldest first. */
    public List<RollbackRecord> inState(List<String> states) {
        if (states.isEmpty()) return List.of();
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM rollbacks WHERE status IN (<states>) ORDER BY started_at, id")
                .bindList("states", states).map((rs, ctx) -> read(rs)).list());
    }

    /** The newest {@code limit} rollbacks, newest first. */
    public List<RollbackRecord> list(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM rollbacks ORDER BY started_at DESC, " + dialect.insertionOrder() + " DESC LIMIT ?")
                .bind(0, limit).map((rs, ctx) -> read(rs)).list());
    }

    /** The result column as stored: the text whose SHA-256 the audit entry closing the rollback recorded. */
    public Optional<String> resultJson(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT result FROM rollbacks WHERE id = ?").bind(0, id).mapTo(String.class).findOne());
    }

    /** The columns of a history row that the audit entry closing the rollback vouches for, in digest order. */
    static final List<String> VOUCHED = List.of("id", "service", "environment", "from_version", "to_version", "status", "reason", "actor",
            "trigger_name", "started_at", "finished_at", "result", "report_path", "incident_id", "batch_id", "approval");

    /**
     * A digest of the row as stored (every column a reader shows: versions, status, reason, actor, trigger, times,
     * result, links, approval), for the closing audit entry's {@code row_sha256}; empty when there is no such row.
     */
    public Optional<String> rowDigest(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + String.join(", ", VOUCHED) + " FROM rollbacks WHERE id = ?").bind(0, id)
                .map((rs, ctx) -> {
                    String[] fields = new String[VOUCHED.size()];
                    for (int i = 0; i < fields.length; i++) fields[i] = rs.getString(i + 1);
                    return Chain.digest(fields);
                }).findOne());
    }

    public Optional<RollbackRecord> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM rollbacks WHERE id = ?").bind(0, id)
                .map((rs, ctx) -> read(rs)).findOne());
    }

    private static RollbackRecord read(ResultSet rs) throws SQLException {
        return new RollbackRecord(rs.getString("id"), rs.getString("service"), rs.getString("environment"),
                rs.getString("from_version"), rs.getString("to_version"), rs.getString("status"), rs.getString("reason"),
                rs.getString("actor"), rs.getString("trigger_name"), Columns.instant(rs.getString("started_at")),
                Columns.instant(rs.getString("finished_at")), Columns.readMap(rs.getString("result")), rs.getString("report_path"),
                rs.getString("incident_id"), rs.getString("batch_id"), Columns.readMap(rs.getString("approval")));
    }
}
