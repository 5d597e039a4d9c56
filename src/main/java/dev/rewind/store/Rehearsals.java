package dev.rewind.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import tools.jackson.core.type.TypeReference;

/**
 * Rehearsals of rollback plans (seed 004's "Rollback Rehearsal"): what ran, where, how long each phase took against its
 * estimate, and whether it passed (rolled back within the SLA). Level 3 and 4 plans need a recent passing one.
 */
public final class Rehearsals {
    /**
     * @param passed   rolled back (verified, or unverified for want of a metric source) within the SLA
     * @param phases   each phase: {@code phase}, {@code estimate_ms}, {@code measured_ms}
     * @param accuracy seed 004's rollback_plan_accuracy, 0 to 1
     */
    public record Rehearsal(String id, String operationId, String planName, String planFile, String planSha256, String environment,
                            String scenario, String rollbackId, Instant startedAt, Instant finishedAt, String status, boolean passed,
                            long tookMs, long estimateMs, long slaMs, double accuracy, List<Map<String, Object>> phases, String actor) {
        public Rehearsal {
            phases = List.copyOf(phases);
        }
    }

    private static final TypeReference<List<Map<String, Object>>> PHASES = new TypeReference<>() {
    };

    private final Jdbi jdbi;

    Rehearsals(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void record(Rehearsal r) {
        jdbi.useTransaction(h -> h.createUpdate("""
                        INSERT INTO rehearsals (id, operation_id, plan_name, plan_file, plan_sha256, environment, scenario, rollback_id,
                          started_at, finished_at, status, passed, took_ms, estimate_ms, sla_ms, accuracy, phases, actor)
                        VALUES (:id, :op, :name, :file, :sha, :env, :scenario, :rb, :started, :finished, :status, :passed, :took,
                          :estimate, :sla, :accuracy, :phases, :actor)""")
                .bind("id", r.id()).bind("op", r.operationId()).bind("name", r.planName()).bind("file", r.planFile())
                .bind("sha", r.planSha256()).bind("env", r.environment()).bind("scenario", r.scenario()).bind("rb", r.rollbackId())
                .bind("started", Columns.time(r.startedAt())).bind("finished", Columns.time(r.finishedAt())).bind("status", r.status())
                .bind("passed", r.passed() ? 1 : 0).bind("took", r.tookMs()).bind("estimate", r.estimateMs()).bind("sla", r.slaMs())
                .bind("accuracy", r.accuracy()).bind("phases", Columns.write(r.phases())).bind("actor", r.actor()).execute());
    }

    /** The newest rehearsals of an operation's plan, newest first. */
    public List<Rehearsal> list(String operationId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM rehearsals WHERE operation_id = ? ORDER BY finished_at DESC LIMIT ?")
                .bind(0, operationId).bind(1, limit).map((rs, ctx) -> read(rs)).list());
    }

    /** Passing rehearsals of an operation's plan, newest first, at most {@code limit}. */
    public List<Rehearsal> passed(String operationId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM rehearsals WHERE operation_id = ? AND passed = 1 ORDER BY finished_at DESC LIMIT ?")
                .bind(0, operationId).bind(1, limit).map((rs, ctx) -> read(rs)).list());
    }

    /** Every rehearsal's id, oldest first: what {@code audit verify} checks. */
    public List<String> ids() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM rehearsals ORDER BY finished_at").mapTo(String.class).list());
    }

    /** The columns the audit entry of a rehearsal vouches for, in digest order. */
    static final List<String> VOUCHED = List.of("id", "operation_id", "plan_name", "plan_file", "plan_sha256", "environment", "scenario",
            "rollback_id", "started_at", "finished_at", "status", "passed", "took_ms", "estimate_ms", "sla_ms", "accuracy", "phases", "actor");

    /**
     * A digest of the row as stored, for the {@code plan.rehearsed} audit entry's {@code row_sha256}: a passing row that
     * someone inserted or edited around Rewind has no keyed entry that matches it, and does not count.
     */
    public Optional<String> rowDigest(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + String.join(", ", VOUCHED) + " FROM rehearsals WHERE id = ?").bind(0, id)
                .map((rs, ctx) -> {
                    String[] fields = new String[VOUCHED.size()];
                    for (int i = 0; i < fields.length; i++) fields[i] = rs.getString(i + 1);
                    return Chain.digest(fields);
                }).findOne());
    }

    private static Rehearsal read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Rehearsal(rs.getString("id"), rs.getString("operation_id"), rs.getString("plan_name"), rs.getString("plan_file"),
                rs.getString("plan_sha256"), rs.getString("environment"), rs.getString("scenario"), rs.getString("rollback_id"),
                Columns.instant(rs.getString("started_at")), Columns.instant(rs.getString("finished_at")), rs.getString("status"),
                rs.getInt("passed") == 1, rs.getLong("took_ms"), rs.getLong("estimate_ms"), rs.getLong("sla_ms"), rs.getDouble("accuracy"),
                Columns.read(rs.getString("phases"), PHASES), rs.getString("actor"));
    }
}
