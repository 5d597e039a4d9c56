package dev.rewind.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything the store can prove about itself, for {@code rewind audit verify}: the audit chain; each rollback's
 * journal chain, and its head and result against what the audit entry that closed it recorded; and the audit
 * chain against anchors kept outside the database.
 */
public final class Integrity {
    private static final Pattern CLOSED = Pattern.compile("id=(\\S+)");
    private static final Pattern FIELD = Pattern.compile("\\b(journal_head|journal_rows|result_sha256)=(\\S+)");

    /** One thing that does not hold, at the first place where it fails. */
    public record Problem(String where, String what) {
    }

    /**
     * @param auditRows   rows of the audit chain checked
     * @param rollbacks   rollbacks whose journals were checked
     * @param unprovable  rollbacks whose journals were written before journals were chained (readable, not provable)
     */
    public record Report(int auditRows, int rollbacks, int anchors, List<String> unprovable, List<Problem> problems) {
        public Report {
            unprovable = List.copyOf(unprovable);
            problems = List.copyOf(problems);
        }

        public boolean intact() {
            return problems.isEmpty();
        }

        public Report with(List<Problem> more) {
            List<Problem> all = new ArrayList<>(problems);
            all.addAll(more);
            return new Report(auditRows, rollbacks, anchors, unprovable, all);
        }
    }

    /** One rollback: its journal chain, and what the audit trail recorded of it. The audit chain itself is checked too. */
    public static Report verifyRollback(RewindStore store, String rollbackId) {
        Report whole = verify(store, List.of());
        List<Problem> mine = whole.problems().stream()
                .filter(p -> p.where().startsWith("audit row") || p.where().contains(rollbackId)).toList();
        return new Report(whole.auditRows(), 1, 0, whole.unprovable().contains(rollbackId) ? List.of(rollbackId) : List.of(), mine);
    }

    /** The report file against the SHA-256 the audit entry closing the rollback recorded, when it recorded one. */
    public static List<Problem> checkReport(RewindStore store, String rollbackId, String reportText) {
        for (AuditEntry e : store.audit().entries()) {
            if (!e.action().equals("rollback.finished") || e.detail() == null || !e.detail().contains("id=" + rollbackId + " ")) continue;
            Matcher m = Pattern.compile("report_sha256=([0-9a-f]{64})").matcher(e.detail());
            if (m.find() && !m.group(1).equals(Chain.sha256(reportText))) {
                return List.of(new Problem("report of " + rollbackId, "the incident report file was changed after the rollback ended"));
            }
        }
        return List.of();
    }

    private Integrity() {
    }

    public static Report verify(RewindStore store, List<AuditAnchor> anchors) {
        List<Problem> problems = new ArrayList<>();
        AuditCheck audit = store.audit().verify();
        if (!audit.intact()) problems.add(new Problem("audit row " + audit.firstBrokenId(), audit.problem()));
        List<AuditEntry> entries = store.audit().entries();
        Map<String, Map<String, String>> closedBy = new HashMap<>();
        for (AuditEntry e : entries) {
            if (!e.action().equals("rollback.finished") || e.detail() == null) continue;
            Matcher id = CLOSED.matcher(e.detail());
            if (!id.find()) continue;
            Map<String, String> fields = new HashMap<>();
            Matcher f = FIELD.matcher(e.detail());
            while (f.find()) fields.put(f.group(1), f.group(2));
            closedBy.put(id.group(1), fields);
        }
        Set<String> ids = new LinkedHashSet<>();
        store.history().list(Integer.MAX_VALUE).forEach(r -> ids.add(r.id()));
        ids.addAll(closedBy.keySet());
        List<String> unprovable = new ArrayList<>();
        for (String id : ids) {
            RollbackJournal.Check j = store.journal().verify(id);
            if (!j.intact()) {
                problems.add(new Problem("journal of " + id + ", row " + j.firstBrokenSeq(), j.problem()));
                continue;
            }
            if (j.unchained() == j.rows() && j.rows() > 0) unprovable.add(id);
            Map<String, String> recorded = closedBy.get(id);
            if (recorded == null) continue;
            String head = recorded.get("journal_head");
            if (head != null && !head.equals(String.valueOf(j.head()))) {
                problems.add(new Problem("journal of " + id, "its last row is not the one the audit trail recorded when the rollback ended "
                        + "(rows were removed or added after it)"));
            }
            String rows = recorded.get("journal_rows");
            if (rows != null && !rows.equals(Integer.toString(j.rows()))) {
                problems.add(new Problem("journal of " + id, "has " + j.rows() + " rows; the audit trail recorded " + rows));
            }
            String result = recorded.get("result_sha256");
            String stored = store.history().resultJson(id).orElse(null);
            if (result != null && (stored == null || !result.equals(Chain.sha256(stored)))) {
                problems.add(new Problem("rollback " + id, "its stored result is not the one the audit trail recorded (the history row was changed)"));
            }
        }
        Map<Long, String> byId = new HashMap<>();
        entries.forEach(e -> byId.put(e.id(), e.hash()));
        for (AuditAnchor a : anchors.stream().map(x -> new AuditAnchor(x.id(), x.hash(), null)).distinct().toList()) {
            String hash = byId.get(a.id());
            if (hash == null) {
                problems.add(new Problem("anchor at audit row " + a.id(), "that row is gone: the trail was cut back (it ends at row "
                        + entries.stream().mapToLong(AuditEntry::id).max().orElse(0) + ")"));
            } else if (!hash.equals(a.hash())) {
                problems.add(new Problem("anchor at audit row " + a.id(), "the row there is not the one anchored: the trail was cut back or rewritten"));
            }
        }
        return new Report(entries.size(), ids.size(), (int) anchors.stream().map(x -> x.id() + x.hash()).distinct().count(), unprovable, problems);
    }
}
