package dev.rewind.store;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Step;
import dev.rewind.model.StepOutcome;
import dev.rewind.secrets.Redactor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The write-ahead record of a rollback: a step's {@code started} row is committed before it acts and its
 * outcome row after, so a killed process leaves a readable trail ending in an "interrupted" step. Each
 * rollback's rows form a chain keyed like the audit trail's, so a forged or edited row is found by
 * {@link #verify(String)}; the audit entry that closes the rollback records the chain's head, so removed
 * rows are found too. Every row's text passes the redactor before it is stored.
 */
public final class RollbackJournal {
    public static final String INTERRUPTED = "interrupted";

    private final Jdbi jdbi;
    private final Chain chain;
    private final Dialect dialect;
    private final Fence fence;

    RollbackJournal(Jdbi jdbi, Chain chain, Dialect dialect) {
        this(jdbi, chain, dialect, null);
    }

    private RollbackJournal(Jdbi jdbi, Chain chain, Dialect dialect, Fence fence) {
        this.jdbi = jdbi;
        this.chain = chain;
        this.dialect = dialect;
        this.fence = fence;
    }

    /**
     * The same journal, for a writer acting under a lease: every row it writes first checks, in the row's own
     * transaction, that the lease is still the writer's ({@link LeaseLostException} when not). A step's "started" row
     * is written before the step acts, so a replica that lost the rollback cannot start its next step.
     */
    public RollbackJournal fenced(Fence f) {
        return new RollbackJournal(jdbi, chain, dialect, f);
    }

    /** The fence this journal's writes check, or null. */
    public Fence fence() {
        return fence;
    }

    /**
     * What {@link #verify(String)} found.
     *
     * @param head      the last row's hash (what the closing audit entry records), null for an empty journal
     * @param unchained rows without a hash, at the start of the journal: only an upgrade from a Rewind that wrote no
     *                  journal chains leaves them, and it lists them in the audit trail ({@link Integrity} checks that)
     * @param unchainedDigest {@link #digestOf} those rows, null when there are none
     */
    public record Check(boolean intact, int rows, Long firstBrokenSeq, String problem, String head, int unchained, String unchainedDigest) {
    }

    /** The columns of a journal row, in the order {@link #digestOf} reads them. */
    static final List<String> COLUMNS = List.of("rollback_id", "seq", "begins", "attempt", "phase", "step_id", "action", "state", "detail", "data", "at");

    /** A digest of rows written without a hash: what the upgrade's audit entry records, so a later edit of them shows. */
    static String digestOf(List<Map<String, Object>> rows) {
        List<String> fields = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            for (String c : COLUMNS) fields.add(r.get(c) == null ? null : r.get(c).toString());
        }
        return Chain.digest(fields.toArray(String[]::new));
    }

    /** Recomputes the rollback's chain; the first row that does not match is named. */
    public Check verify(String rollbackId) {
        List<Map<String, Object>> rows = jdbi.withHandle(h -> h.createQuery("SELECT * FROM journal WHERE rollback_id = ? ORDER BY seq")
                .bind(0, rollbackId).mapToMap().list());
        String prev = Chain.GENESIS;
        int unchained = 0;
        List<Map<String, Object>> unhashed = new ArrayList<>();
        boolean chainedSeen = false;
        long expectedSeq = 1;
        for (Map<String, Object> r : rows) {
            long seq = ((Number) r.get("seq")).longValue();
            String hash = (String) r.get("hash");
            if (seq != expectedSeq) return new Check(false, rows.size(), seq, "row " + seq + " follows row " + (expectedSeq - 1) + ": rows are missing", prev, unchained, null);
            expectedSeq++;
            if (hash == null) {
                if (chainedSeen) return new Check(false, rows.size(), seq, "row " + seq + " has no hash after chained rows (it was forged)", prev, unchained, null);
                unchained++;
                unhashed.add(r);
                continue;
            }
            chainedSeen = true;
            if (!prev.equals(r.get("prev_hash"))) {
                return new Check(false, rows.size(), seq, "row " + seq + " does not link to the row before it (a row was removed or replaced)", prev, unchained, null);
            }
            if (!link(prev, rollbackId, seq, r).equals(hash)) {
                return new Check(false, rows.size(), seq, "row " + seq + " does not match its hash (its content was changed, or it was written "
                        + "with another key)", prev, unchained, null);
            }
            prev = hash;
        }
        return new Check(true, rows.size(), null, null, rows.isEmpty() ? null : prev, unchained, unhashed.isEmpty() ? null : digestOf(unhashed));
    }

    private String link(String prev, String rollbackId, long seq, Map<String, Object> r) {
        Object begins = r.get("begins");
        return chain.link(prev, rollbackId, Long.toString(seq), begins == null ? null : begins.toString(), r.get("attempt").toString(),
                (String) r.get("phase"), (String) r.get("step_id"), (String) r.get("action"), (String) r.get("state"),
                (String) r.get("detail"), (String) r.get("data"), (String) r.get("at"));
    }

    /** Durably records that {@code step} is about to run; returns the row's seq for {@link #finish}. */
    public long begin(String rollbackId, int attempt, String phase, Step step, Instant at) {
        return insert(rollbackId, null, attempt, phase, step.id(), step.action().journalName(), "started",
                step.description(), Map.of(), at);
    }

    /** Records how the step begun at {@code beginSeq} ended. */
    public long finish(String rollbackId, long beginSeq, StepOutcome outcome, Instant at) {
        JournalEntry start = entry(rollbackId, beginSeq);
        return insert(rollbackId, beginSeq, start.attempt(), start.phase(), start.stepId(), start.action(),
                outcome.status(), outcome.detail(), outcome.data(), at);
    }

    /** A single-row event: an alert sent, an attempt started, a pause or an abort. */
    public long event(String rollbackId, int attempt, String action, String state, String detail, Map<String, Object> data, Instant at) {
        return insert(rollbackId, null, attempt, null, null, action, state, detail, data, at);
    }

    /** Every rollback that has journal rows, whether or not the history knows it. */
    public List<String> rollbackIds() {
        return jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT rollback_id FROM journal ORDER BY rollback_id").mapTo(String.class).list());
    }

    /** Every row, in the order written. */
    public List<JournalEntry> entries(String rollbackId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM journal WHERE rollback_id = ? ORDER BY seq")
                .bind(0, rollbackId).map((rs, ctx) -> read(rs)).list());
    }

    private static JournalEntry read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new JournalEntry(rs.getString("rollback_id"), rs.getLong("seq"), begins(rs), rs.getInt("attempt"),
                rs.getString("phase"), rs.getString("step_id"), rs.getString("action"), rs.getString("state"),
                rs.getString("detail"), Columns.readMap(rs.getString("data")), Columns.instant(rs.getString("at")));
    }

    private static Long begins(java.sql.ResultSet rs) throws java.sql.SQLException {
        long v = rs.getLong("begins");
        return rs.wasNull() ? null : v;
    }

    /** seed 000's actions_log, read from the database: one line per step (its outcome, or "interrupted") and per event. */
    public List<ActionLogEntry> actionsLog(String rollbackId) {
        List<JournalEntry> rows = entries(rollbackId);
        Map<Long, JournalEntry> outcomes = new HashMap<>();
        rows.stream().filter(r -> r.begins() != null).forEach(r -> outcomes.put(r.begins(), r));
        List<ActionLogEntry> log = new ArrayList<>();
        for (JournalEntry row : rows) {
            if (row.begins() != null) continue;
            if (row.stepId() == null || !row.state().equals("started")) {
                log.add(new ActionLogEntry(row.action(), row.state(), row.at(), details(row, row)));
                continue;
            }
            JournalEntry end = outcomes.get(row.seq());
            JournalEntry last = end == null ? row : end;
            Map<String, Object> details = details(row, last);
            details.put("started_at", row.at().toString());
            log.add(new ActionLogEntry(row.action(), end == null ? INTERRUPTED : end.state(), last.at(), details));
        }
        return log;
    }

    private static Map<String, Object> details(JournalEntry start, JournalEntry last) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (start.phase() != null) d.put("phase", start.phase());
        if (start.stepId() != null) d.put("step", start.stepId());
        d.put("attempt", start.attempt());
        if (last.detail() != null) d.put("detail", last.detail());
        d.putAll(last.data());
        return d;
    }

    private JournalEntry entry(String rollbackId, long seq) {
        return Reconnecting.call("reading row " + seq + " of the journal of " + rollbackId, tryNo -> jdbi.withHandle(h -> h.createQuery("SELECT * FROM journal WHERE rollback_id = ? AND seq = ?")
                        .bind(0, rollbackId).bind(1, seq).map((rs, ctx) -> read(rs)).findOne())
                .orElseThrow(() -> new IllegalStateException("journal of " + rollbackId + " has no row " + seq + " to finish")));
    }

    /** Whether {@code row} is the row about to be written: the same step, outcome and time (written by a try whose answer was lost). */
    private static boolean sameRow(Map<String, Object> row, Long begins, int attempt, String stepId, String action, String state, String time) {
        Object b = row.get("begins");
        return java.util.Objects.equals(b == null ? null : ((Number) b).longValue(), begins) && ((Number) row.get("attempt")).intValue() == attempt
                && java.util.Objects.equals(row.get("step_id"), stepId) && action.equals(row.get("action")) && state.equals(row.get("state"))
                && time.equals(row.get("at"));
    }

    /** Detail and data are redacted before the row's hash is computed: the chain proves the row as stored. */
    private long insert(String rollbackId, Long begins, int attempt, String phase, String stepId, String action,
                        String state, String rawDetail, Map<String, Object> data, Instant at) {
        String detail = Redactor.redact(rawDetail);
        String json = data.isEmpty() ? null : Columns.write(Redactor.redactMap(data));
        String time = Columns.time(at);
        // a connection dropped mid-write is tried again; a try after the first returns the row its predecessor may have
        // committed before the connection went (the commit's answer lost), so the row is written once
        return Reconnecting.call(action + " " + state + " in the journal of " + rollbackId, tryNo -> jdbi.inTransaction(h -> {
            if (fence != null) fence.check(h);
            dialect.serialize(h, "journal:" + rollbackId);
            var last = h.createQuery("SELECT seq, hash, begins, attempt, step_id, action, state, at FROM journal WHERE rollback_id = ? ORDER BY seq DESC LIMIT 1")
                    .bind(0, rollbackId).mapToMap().findOne();
            if (tryNo > 1 && last.isPresent() && sameRow(last.get(), begins, attempt, stepId, action, state, time)) {
                return ((Number) last.get().get("seq")).longValue();
            }
            long seq = last.map(m -> ((Number) m.get("seq")).longValue() + 1).orElse(1L);
            String prev = last.map(m -> (String) m.get("hash")).orElse(Chain.GENESIS);
            if (prev == null) prev = Chain.GENESIS; // a journal begun by an older Rewind: its chain starts here
            String hash = chain.link(prev, rollbackId, Long.toString(seq), begins == null ? null : begins.toString(), Integer.toString(attempt),
                    phase, stepId, action, state, detail, json, time);
            h.createUpdate("""
                    INSERT INTO journal (rollback_id, seq, begins, attempt, phase, step_id, action, state, detail, data, at, prev_hash, hash)
                    VALUES (:id, :seq, :begins, :attempt, :phase, :step, :action, :state, :detail, :data, :at, :prev, :hash)""")
                    .bind("id", rollbackId).bind("seq", seq).bind("begins", begins).bind("attempt", attempt)
                    .bind("phase", phase).bind("step", stepId).bind("action", action).bind("state", state)
                    .bind("detail", detail).bind("data", json).bind("at", time).bind("prev", prev).bind("hash", hash).execute();
            return seq;
        }));
    }
}
