package dev.rewind.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import tools.jackson.core.type.TypeReference;

/**
 * Incidents: what went wrong with a release, gathering every finding while it is open. A service has at most one
 * open incident per environment; a second finding joins it (DESIGN: one rollback at a time per service).
 *
 * @see Incident
 */
public final class Incidents {
    public static final String OPEN = "open";
    public static final String CLOSED = "closed";

    /**
     * @param decision what Rewind decided (rollback, approval_required, fix_forward, suppressed)
     * @param findings each finding as a map (trigger, metric, severity, current, threshold, at, reason)
     */
    public record Incident(String id, String service, String environment, String version, Instant openedAt, Instant updatedAt,
                           Instant closedAt, String status, String decision, List<Map<String, Object>> findings, String rollbackId) {
        public Incident {
            findings = findings == null ? List.of() : List.copyOf(findings);
        }
    }

    private static final TypeReference<List<Map<String, Object>>> FINDINGS = new TypeReference<>() {
    };

    private final Jdbi jdbi;

    Incidents(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The open incident of the service in the environment, if any. */
    public Optional<Incident> open(String service, String environment) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM incidents WHERE service = ? AND environment = ? AND status = 'open' "
                        + "ORDER BY opened_at DESC LIMIT 1").bind(0, service).bind(1, environment).map((rs, ctx) -> read(rs)).findOne());
    }

    /**
     * Opens an incident, or adds the findings to the open one: returns it, and whether it was new.
     */
    public Joined openOrJoin(String id, String service, String environment, String version, String decision,
                             List<Map<String, Object>> findings, Instant at) {
        return jdbi.inTransaction(h -> {
            Optional<Incident> current = h.createQuery("SELECT * FROM incidents WHERE service = ? AND environment = ? AND status = 'open'")
                    .bind(0, service).bind(1, environment).map((rs, ctx) -> read(rs)).findFirst();
            if (current.isPresent()) {
                Incident i = current.get();
                List<Map<String, Object>> all = new ArrayList<>(i.findings());
                all.addAll(findings);
                h.createUpdate("UPDATE incidents SET findings = ?, updated_at = ? WHERE id = ?")
                        .bind(0, Columns.write(all)).bind(1, Columns.time(at)).bind(2, i.id()).execute();
                return new Joined(new Incident(i.id(), service, environment, i.version(), i.openedAt(), at, null, OPEN, i.decision(), all,
                        i.rollbackId()), false);
            }
            h.createUpdate("""
                    INSERT INTO incidents (id, service, environment, version, opened_at, updated_at, status, decision, findings)
                    VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)""")
                    .bind(0, id).bind(1, service).bind(2, environment).bind(3, version).bind(4, Columns.time(at)).bind(5, Columns.time(at))
                    .bind(6, decision).bind(7, Columns.write(findings)).execute();
            return new Joined(new Incident(id, service, environment, version, at, at, null, OPEN, decision, findings, null), true);
        });
    }

    public record Joined(Incident incident, boolean opened) {
    }

    public void attachRollback(String incidentId, String rollbackId, String decision, Instant at) {
        jdbi.useTransaction(h -> h.createUpdate("UPDATE incidents SET rollback_id = ?, decision = ?, updated_at = ? WHERE id = ?")
                .bind(0, rollbackId).bind(1, decision).bind(2, Columns.time(at)).bind(3, incidentId).execute());
    }

    public void close(String incidentId, Instant at) {
        jdbi.useTransaction(h -> h.createUpdate("UPDATE incidents SET status = 'closed', closed_at = ?, updated_at = ? WHERE id = ? AND status = 'open'")
                .bind(0, Columns.time(at)).bind(1, Columns.time(at)).bind(2, incidentId).execute());
    }

    public Optional<Incident> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM incidents WHERE id = ?").bind(0, id).map((rs, ctx) -> read(rs)).findOne());
    }

    /** Newest first; {@code status} null for all. */
    public List<Incident> list(String status, int limit) {
        String where = status == null ? "" : "WHERE status = :status ";
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT * FROM incidents " + where + "ORDER BY opened_at DESC, id DESC LIMIT :limit").bind("limit", limit);
            if (status != null) q.bind("status", status);
            return q.map((rs, ctx) -> read(rs)).list();
        });
    }

    private static Incident read(java.sql.ResultSet rs) throws java.sql.SQLException {
        String json = rs.getString("findings");
        return new Incident(rs.getString("id"), rs.getString("service"), rs.getString("environment"), rs.getString("version"),
                Columns.instant(rs.getString("opened_at")), Columns.instant(rs.getString("updated_at")), Columns.instant(rs.getString("closed_at")),
                rs.getString("status"), rs.getString("decision"), json == null ? List.of() : Columns.read(json, FINDINGS), rs.getString("rollback_id"));
    }
}
