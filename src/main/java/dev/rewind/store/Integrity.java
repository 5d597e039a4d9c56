package dev.rewind.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything the store can prove about itself, for {@code rewind audit verify}, {@code report} and {@code history}:
 * the audit chain; for each rollback, its journal chain, that keyed audit entries opened and closed it, and its
 * history row, journal head and result against what the closing entry recorded; and the audit chain against
 * anchors kept outside the database. What the database says of itself (a Flyway history, a NULL hash) is never
 * taken as proof: only keyed entries are.
 */
public final class Integrity {
    private static final Pattern ID = Pattern.compile("^id=(\\S+)");
    private static final Pattern FIELD = Pattern.compile("\\b(journal_head|journal_rows|result_sha256|report_sha256|row_sha256)=(\\S+)");
    private static final Pattern LISTED = Pattern.compile("\\bunchained_journals=(\\S+)");
    private static final Pattern LEGACY_ROLLBACKS = Pattern.compile("\\blegacy_rollbacks=(\\S+)");
    /** Entries that open a rollback: it started, or it was put to a person first. */
    private static final Set<String> OPENING = Set.of("rollback.started", "rollback.approval_requested");
    /** States in which a rollback has no closing entry yet. */
    private static final Set<String> OPEN_STATES = Set.of("running", "paused", "awaiting_approval");

    /** One thing that does not hold, at the first place where it fails. */
    public record Problem(String where, String what) {
    }

    /**
     * @param auditRows   rows of the audit chain checked
     * @param rollbacks   rollbacks checked
     * @param unprovable  rollbacks an upgrade found written before journals were chained (listed in its keyed entry):
     *                    readable, not provable
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

    /** A journal written before journal chains, as the upgrade's keyed entry listed it. */
    private record Listed(int rows, String digest) {
    }

    /** What the audit trail says of rollbacks, read once per command. */
    private record Trail(AuditCheck chain, List<AuditEntry> entries, Set<String> opened, Map<String, Map<String, String>> closed,
                         Map<String, Listed> listed, Set<String> legacy) {
        static Trail read(RewindStore store) {
            AuditCheck chain = store.audit().verify();
            List<AuditEntry> entries = store.audit().entries();
            Set<String> opened = new HashSet<>();
            Map<String, Map<String, String>> closed = new HashMap<>();
            Map<String, Listed> listed = new HashMap<>();
            Set<String> legacy = new HashSet<>();
            for (AuditEntry e : entries) {
                // only keyed rows count: an unkeyed one is reported by the chain check and vouches for nothing
                if (e.detail() == null || !Chain.KEYED.equals(e.scheme())) continue;
                Matcher id = ID.matcher(e.detail());
                if (OPENING.contains(e.action()) && id.find()) opened.add(id.group(1));
                if (e.action().equals("rollback.finished") && id.find(0)) {
                    Map<String, String> fields = new HashMap<>();
                    Matcher f = FIELD.matcher(e.detail());
                    while (f.find()) fields.put(f.group(1), f.group(2)); // the last wins: Rewind writes its fields after any free text
                    closed.put(id.group(1), fields);
                }
                if (e.action().equals(V3__Seal_legacy_audit_rows.SEALED)) readSeal(e.detail(), listed, legacy);
            }
            return new Trail(chain, entries, opened, closed, listed, legacy);
        }

        private static void readSeal(String detail, Map<String, Listed> listed, Set<String> legacy) {
            Matcher m = LISTED.matcher(detail);
            if (m.find() && !m.group(1).equals("-")) {
                for (String item : m.group(1).split(",")) {
                    int b = item.lastIndexOf(':');
                    int a = item.lastIndexOf(':', b - 1);
                    if (a > 0) listed.put(item.substring(0, a), new Listed(Integer.parseInt(item.substring(a + 1, b)), item.substring(b + 1)));
                }
            }
            Matcher r = LEGACY_ROLLBACKS.matcher(detail);
            if (r.find() && !r.group(1).equals("-")) legacy.addAll(List.of(r.group(1).split(",")));
        }

        List<Problem> chainProblems() {
            return chain.intact() ? List.of() : List.of(new Problem("audit row " + chain.firstBrokenId(), chain.problem()));
        }
    }

    private Integrity() {
    }

    /** One rollback: its journal chain and history row against the audit trail, and the audit chain itself. */
    public static Report verifyRollback(RewindStore store, String rollbackId) {
        Trail trail = Trail.read(store);
        List<Problem> problems = new ArrayList<>(trail.chainProblems());
        List<String> unprovable = new ArrayList<>();
        problems.addAll(rollback(store, trail, rollbackId, unprovable));
        return new Report(trail.entries().size(), 1, 0, unprovable, problems);
    }

    /**
     * For {@code history}: what is wrong with each of these rollbacks, or why it cannot be proven; rollbacks that
     * verify are left out. A broken audit chain is given under the key {@code "audit"}.
     */
    public static Map<String, String> provenance(RewindStore store, List<RollbackRecord> rows) {
        Trail trail = Trail.read(store);
        Map<String, String> out = new LinkedHashMap<>();
        trail.chainProblems().forEach(p -> out.put("audit", p.where() + ": " + p.what()));
        for (RollbackRecord r : rows) {
            List<String> unprovable = new ArrayList<>();
            List<Problem> problems = rollback(store, trail, r.id(), unprovable);
            if (!problems.isEmpty()) out.put(r.id(), problems.getFirst().what());
            else if (!unprovable.isEmpty()) out.put(r.id(), "written before journals were chained: readable, not provable");
        }
        return out;
    }

    /** The report file against the SHA-256 the audit entry closing the rollback recorded, when it recorded one. */
    public static List<Problem> checkReport(RewindStore store, String rollbackId, String reportText) {
        String recorded = Trail.read(store).closed().getOrDefault(rollbackId, Map.of()).get("report_sha256");
        if (recorded != null && !recorded.equals(Chain.sha256(reportText))) {
            return List.of(new Problem("report of " + rollbackId, "the incident report file was changed after the rollback ended"));
        }
        return List.of();
    }

    public static Report verify(RewindStore store, List<AuditAnchor> anchors) {
        Trail trail = Trail.read(store);
        List<Problem> problems = new ArrayList<>(trail.chainProblems());
        Set<String> ids = new LinkedHashSet<>();
        store.history().list(Integer.MAX_VALUE).forEach(r -> ids.add(r.id()));
        ids.addAll(trail.closed().keySet());
        ids.addAll(store.journal().rollbackIds());
        List<String> unprovable = new ArrayList<>();
        for (String id : ids) problems.addAll(rollback(store, trail, id, unprovable));
        for (String id : store.unvouchedRehearsals()) {
            problems.add(new Problem("rehearsal " + id, "no keyed audit entry vouches for its row as it is now: it was written or changed "
                    + "around Rewind, and it does not count as a rehearsal"));
        }
        Map<Long, String> byId = new HashMap<>();
        trail.entries().forEach(e -> byId.put(e.id(), e.hash()));
        for (AuditAnchor a : anchors.stream().map(x -> new AuditAnchor(x.id(), x.hash(), null)).distinct().toList()) {
            String hash = byId.get(a.id());
            if (hash == null) {
                problems.add(new Problem("anchor at audit row " + a.id(), "that row is gone: the trail was cut back (it ends at row "
                        + trail.entries().stream().mapToLong(AuditEntry::id).max().orElse(0) + ")"));
            } else if (!hash.equals(a.hash())) {
                problems.add(new Problem("anchor at audit row " + a.id(), "the row there is not the one anchored: the trail was cut back or rewritten"));
            }
        }
        return new Report(trail.entries().size(), ids.size(), (int) anchors.stream().map(x -> x.id() + x.hash()).distinct().count(), unprovable, problems);
    }

    /** Everything about one rollback; adds its id to {@code unprovable} when an upgrade listed its journal as unchained. */
    private static List<Problem> rollback(RewindStore store, Trail trail, String id, List<String> unprovable) {
        List<Problem> problems = new ArrayList<>();
        RollbackJournal.Check j = store.journal().verify(id);
        boolean legacy = trail.legacy().contains(id);
        if (!j.intact()) {
            problems.add(new Problem("journal of " + id + ", row " + j.firstBrokenSeq(), j.problem()));
        } else if (j.unchained() > 0) {
            Listed listed = trail.listed().get(id);
            if (listed == null) {
                problems.add(new Problem("journal of " + id + ", row 1", "rows 1.." + j.unchained() + " have no hash, and no upgrade of the store "
                        + "listed them as written before journal chains: they were forged"));
            } else if (listed.rows() != j.unchained() || !listed.digest().equals(j.unchainedDigest())) {
                problems.add(new Problem("journal of " + id, "its rows without a hash are not the " + listed.rows()
                        + " the upgrade listed: they were changed or added since"));
            } else {
                unprovable.add(id);
                legacy = true;
            }
        }
        Map<String, String> recorded = trail.closed().get(id);
        Optional<RollbackRecord> row = store.history().find(id);
        if (row.isPresent() && !legacy) {
            if (!trail.opened().contains(id)) {
                problems.add(new Problem("rollback " + id, "no keyed audit entry started it (rollback.started): the history row was not "
                        + "written by Rewind, it was forged"));
            }
            if (recorded == null && !OPEN_STATES.contains(row.get().status())) {
                problems.add(new Problem("rollback " + id, "it says '" + row.get().status() + "' but no keyed audit entry closed it "
                        + "(rollback.finished): its outcome is not proven"));
            }
        }
        if (recorded == null) return problems;
        if (j.intact()) {
            String head = recorded.get("journal_head");
            if (head != null && !head.equals(String.valueOf(j.head()))) {
                problems.add(new Problem("journal of " + id, "its last row is not the one the audit trail recorded when the rollback ended "
                        + "(rows were removed or added after it)"));
            }
            String rows = recorded.get("journal_rows");
            if (rows != null && !rows.equals(Integer.toString(j.rows()))) {
                problems.add(new Problem("journal of " + id, "has " + j.rows() + " rows; the audit trail recorded " + rows));
            }
        }
        String result = recorded.get("result_sha256");
        String stored = store.history().resultJson(id).orElse(null);
        if (result != null && (stored == null || !result.equals(Chain.sha256(stored)))) {
            problems.add(new Problem("rollback " + id, "its stored result is not the one the audit trail recorded (the history row was changed)"));
        }
        String rowDigest = recorded.get("row_sha256");
        if (rowDigest != null && !rowDigest.equals(store.history().rowDigest(id).orElse(null))) {
            problems.add(new Problem("rollback " + id, row.isEmpty() ? "its history row is gone, yet the audit trail recorded it"
                    : "its history row (status, versions, reason, actor, trigger, times or result) is not the one the audit trail "
                    + "recorded when it ended: the row was changed"));
        }
        return problems;
    }
}
