package dev.rewind.act;

import dev.rewind.decide.PointOfNoReturn;
import dev.rewind.model.AppliedChangeSet;
import dev.rewind.model.BadInputException;
import dev.rewind.model.StepAction;
import dev.rewind.model.StepOutcome;
import dev.rewind.model.StepOutcome.Failed;
import dev.rewind.model.StepOutcome.Succeeded;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed 004's Phase 3: everything that can refuse is checked before anything changes (the point of no return, the
 * tag, the backup's checksum); then writes are frozen, rows counted, the schema rolled back or the backup restored,
 * rows counted again, and writes let in again, also when the restore failed.
 */
final class DatabaseRestoreStep {
    private final DatabaseActuator db;

    DatabaseRestoreStep(DatabaseActuator db) {
        this.db = db;
    }

    /** What a restore step needs from the database block, for {@link StepNeeds}: a Liquibase migrator or a backup folder. */
    static StepNeeds.Need needs(StepAction.RestoreDatabase r, java.util.Optional<DatabaseActuator> database) {
        if (database.isEmpty()) return new StepNeeds.Missing("no database to restore " + r.target() + " on", "database");
        Map<String, String> p = r.params();
        if ((p.containsKey("to_tag") || p.containsKey("count")) && database.get().migrator().isEmpty()) {
            return new StepNeeds.Missing("no migration tool to roll " + r.target() + " back by tag or count (it needs type: liquibase and a changelog)", "database");
        }
        if (p.containsKey("backup") && database.get().backups().isEmpty()) {
            return new StepNeeds.Missing("no backup folder to restore " + r.target() + " from", "database.backup_dir");
        }
        return new StepNeeds.Ready();
    }

    StepOutcome run(StepAction.RestoreDatabase r) {
        DatabaseRestoreRequest req;
        try {
            req = DatabaseRestoreRequest.of(r.target(), r.params());
        } catch (BadInputException e) {
            return refused(e.getMessage(), Map.of());
        }
        String name = db.guard().database();
        if (!name.equals(req.database())) {
            return refused("the step restores database '" + req.database() + "', and this environment's database block is '" + name + "'", Map.of());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("database", name);
        data.put("method", req.method().name().toLowerCase(java.util.Locale.ROOT));
        List<String> tables = req.compareTables().isEmpty() ? db.compareTables() : req.compareTables();

        DatabaseBackups.Backup backup = null;
        if (req.method() == DatabaseRestoreRequest.Method.BACKUP) {
            try {
                backup = db.backups().orElseThrow().verified(req.backup(), req.sha256());
            } catch (BadInputException e) { // a missing file or a wrong checksum will not fix itself on a retry
                return refused("backup refused before anything changed: " + e.getMessage(), data);
            }
            data.put("backup", Map.of("name", backup.name(), "file", backup.file(), "sha256", backup.sha256(), "bytes", backup.bytes(),
                    "checksum_verified", true));
        } else {
            DatabaseMigrator migrator = db.migrator().orElseThrow();
            List<AppliedChangeSet> undo;
            if (req.method() == DatabaseRestoreRequest.Method.TAG) {
                List<String> tags = migrator.tags();
                if (!tags.contains(req.tag())) {
                    return refused("database " + name + " has no migration tag '" + req.tag() + "'; its tags are " + tags, data);
                }
                undo = migrator.appliedSince(req.tag());
            } else {
                undo = migrator.lastApplied(req.count());
            }
            PointOfNoReturn ponr = PointOfNoReturn.of(undo, req.describe());
            data.put("changesets_to_undo", undo.stream().map(AppliedChangeSet::key).toList());
            if (ponr.past()) {
                data.put("decision", "fix_forward");
                data.put("point_of_no_return", Map.of("changeset", ponr.changeSet().key(), "executed_at", ponr.at().toString(),
                        "why", ponr.changeSet().irreversible()));
                return refused("past the point of no return: " + ponr.why(), data);
            }
        }
        return restore(req, backup, tables, data);
    }

    private StepOutcome restore(DatabaseRestoreRequest req, DatabaseBackups.Backup backup, List<String> tables, Map<String, Object> data) {
        DatabaseGuard guard = db.guard();
        DatabaseGuard.Freeze freeze = guard.freezeWrites();
        Map<String, Object> readOnly = new LinkedHashMap<>();
        readOnly.put("was_read_only", freeze.wasReadOnly());
        readOnly.put("sessions_ended", freeze.sessionsEnded());
        data.put("read_only", readOnly);
        RuntimeException failure = null;
        List<DatabaseGuard.TableRows> before = List.of();
        List<DatabaseGuard.TableRows> after = List.of();
        try {
            before = guard.countRows(tables);
            switch (req.method()) {
                case TAG -> {
                    data.put("rolled_back_to", req.tag());
                    data.put("changesets_rolled_back", db.migrator().orElseThrow().rollbackToTag(req.tag()).stream().map(AppliedChangeSet::key).toList());
                }
                case COUNT -> data.put("changesets_rolled_back",
                        db.migrator().orElseThrow().rollbackCount(req.count()).stream().map(AppliedChangeSet::key).toList());
                case BACKUP -> db.backups().orElseThrow().restore(backup);
            }
            after = guard.countRows(tables);
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            try {
                guard.thaw(freeze);
                readOnly.put("after", freeze.wasReadOnly() ? "left read-only: it was before the restore" : "writes allowed again");
            } catch (RuntimeException e) {
                readOnly.put("after", "STILL READ-ONLY: " + e.getMessage());
                if (failure == null) failure = e;
                else failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            if (!before.isEmpty()) data.put("record_counts_before", counts(before));
            return new Failed("restoring " + req.describe() + " failed: " + failure.getClass().getSimpleName() + ": " + failure.getMessage()
                    + "; " + readOnly.get("after"), data);
        }
        List<Map<String, Object>> compared = compare(before, after);
        data.put("record_counts", compared);
        List<String> off = compared.stream().filter(c -> !Boolean.TRUE.equals(c.get("matches")))
                .map(c -> c.get("table") + " " + c.get("before") + " -> " + c.get("after")).toList();
        String done = name(req) + " restored to " + req.describe() + rolledBack(data);
        if (off.isEmpty()) return new Succeeded(done + (tables.isEmpty() ? "" : "; record counts match for " + tables.size() + " tables"), data);
        String mismatch = "record counts differ: " + String.join(", ", off);
        return req.failOnCountMismatch() ? new Failed(done + ", but " + mismatch, data) : new Succeeded(done + "; warning: " + mismatch, data);
    }

    private String name(DatabaseRestoreRequest req) {
        return "database " + req.database();
    }

    private static String rolledBack(Map<String, Object> data) {
        return data.get("changesets_rolled_back") instanceof List<?> l ? " (" + l.size() + " changesets rolled back)" : "";
    }

    private static List<Map<String, Object>> compare(List<DatabaseGuard.TableRows> before, List<DatabaseGuard.TableRows> after) {
        Map<String, Long> afterByTable = new LinkedHashMap<>();
        after.forEach(t -> afterByTable.put(t.table(), t.rows()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (DatabaseGuard.TableRows b : before) {
            Long a = afterByTable.get(b.table());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("table", b.table());
            row.put("before", b.rows() == null ? "missing" : b.rows());
            row.put("after", a == null ? "missing" : a);
            row.put("matches", b.rows() != null && b.rows().equals(a));
            out.add(row);
        }
        return out;
    }

    private static List<Map<String, Object>> counts(List<DatabaseGuard.TableRows> rows) {
        return rows.stream().map(t -> Map.<String, Object>of("table", t.table(), "rows", t.rows() == null ? "missing" : t.rows())).toList();
    }

    private static Failed refused(String why, Map<String, Object> data) {
        Map<String, Object> d = new LinkedHashMap<>(data);
        d.put(StepRunner.RETRYABLE, false);
        return new Failed(why, d);
    }
}
