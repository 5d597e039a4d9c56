package dev.rewind.act;

import dev.rewind.model.BadInputException;
import dev.rewind.model.StepAction;
import dev.rewind.model.StepOutcome;
import dev.rewind.model.StepOutcome.Failed;
import dev.rewind.model.StepOutcome.Succeeded;
import dev.rewind.time.TimeSource;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seed 004's pre-rollback state capture and seed 003's safety gates: what is there is kept before the first change
 * (versions, a Deployment, a pg_dump with its SHA-256, a config snapshot, row counts), and what the rollback relies on
 * is checked (a backup and its checksum, a recent rehearsal). A gate that fails is not retried: nothing changed, and
 * another attempt would find the same.
 */
final class StateCaptureStep {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'-'HHmmss").withZone(ZoneOffset.UTC);

    private final Actuators act;
    private final TimeSource time;

    StateCaptureStep(Actuators act, TimeSource time) {
        this.act = act;
        this.time = time;
    }

    static StepNeeds.Need needs(StepAction.CaptureState c, Actuators act) {
        return switch (c.kind()) {
            case "versions", "deployment" -> act.deployer().isPresent() ? new StepNeeds.Ready()
                    : new StepNeeds.Missing("no deployer to read the " + c.kind() + " of " + c.target() + " from", "deployer");
            case "database_dump" -> act.database().flatMap(DatabaseActuator::backups).isPresent() ? new StepNeeds.Ready()
                    : new StepNeeds.Missing("no backup folder to dump " + c.target() + " into", act.database().isPresent() ? "database.backup_dir" : "database");
            case "row_counts" -> act.database().isPresent() ? new StepNeeds.Ready() : new StepNeeds.Missing("no database to count rows of " + c.target() + " in", "database");
            case "config_snapshot" -> act.configStore().isPresent() ? new StepNeeds.Ready()
                    : new StepNeeds.Missing("no config store to keep a snapshot of " + c.target() + " in", "config_store");
            default -> new StepNeeds.Missing("no way to capture '" + c.kind() + "'", "state_capture");
        };
    }

    static StepNeeds.Need needs(StepAction.VerifyBackup b, Actuators act) {
        if (act.database().isEmpty()) return new StepNeeds.Missing("no database whose backup " + b.backup() + " could be checked", "database");
        return act.database().get().backups().isPresent() ? new StepNeeds.Ready()
                : new StepNeeds.Missing("no backup folder to find " + b.backup() + " in", "database.backup_dir");
    }

    StepOutcome capture(StepAction.CaptureState c) {
        String stamp = STAMP.format(time.now());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("capture", c.kind());
        data.put("target", c.target());
        return switch (c.kind()) {
            case "versions" -> {
                String version = act.deployer().orElseThrow().currentVersion(c.target());
                data.put("version", version);
                yield new Succeeded(c.target() + " runs " + version, data);
            }
            case "deployment" -> {
                data.put("deployment", act.deployer().orElseThrow().snapshot(c.target()));
                yield new Succeeded("kept the deployment of " + c.target(), data);
            }
            case "database_dump" -> {
                DatabaseActuator db = act.database().orElseThrow();
                if (!db.guard().database().equals(c.target())) yield wrongDatabase(c.target(), db, data);
                DatabaseBackups.Backup b = db.backups().orElseThrow().take(c.name() + "-" + stamp + ".dump");
                data.put("backup", Map.of("name", b.name(), "file", b.file(), "sha256", b.sha256(), "bytes", b.bytes()));
                yield new Succeeded("pg_dump of " + c.target() + " kept as " + b.name() + " (sha256 " + b.sha256().substring(0, 12) + "...)", data);
            }
            case "row_counts" -> {
                DatabaseActuator db = act.database().orElseThrow();
                if (!db.guard().database().equals(c.target())) yield wrongDatabase(c.target(), db, data);
                Map<String, Object> rows = new LinkedHashMap<>();
                db.guard().countRows(c.tables()).forEach(t -> rows.put(t.table(), t.rows() == null ? "no such table" : t.rows()));
                data.put("rows", rows);
                yield new Succeeded("rows of " + c.target() + " before the rollback: " + rows, data);
            }
            case "config_snapshot" -> {
                ConfigSnapshot snap = act.configStore().orElseThrow().capture(c.target(), c.name() + "-" + stamp);
                data.put("snapshot", snap.label());
                data.put("keys", snap.hashes().keySet().stream().toList());
                yield new Succeeded("kept " + c.target() + " as snapshot " + snap.label() + " (" + snap.hashes().size() + " keys)", data);
            }
            default -> new Failed("no way to capture '" + c.kind() + "'", Map.of(StepRunner.RETRYABLE, false));
        };
    }

    private static StepOutcome wrongDatabase(String named, DatabaseActuator db, Map<String, Object> data) {
        data.put(StepRunner.RETRYABLE, false);
        return new Failed("the plan names database '" + named + "', and this environment's database block is '" + db.guard().database() + "'", data);
    }

    StepOutcome verifyBackup(StepAction.VerifyBackup b) {
        DatabaseActuator db = act.database().orElseThrow();
        if (!db.guard().database().equals(b.database())) return wrongDatabase(b.database(), db, new LinkedHashMap<>());
        try {
            DatabaseBackups.Backup backup = db.backups().orElseThrow().verified(b.backup(), b.sha256());
            return new Succeeded("backup " + backup.name() + " exists and matches its checksum (sha256 " + backup.sha256().substring(0, 12) + "...)",
                    Map.of("backup", backup.name(), "file", backup.file(), "sha256", backup.sha256(), "bytes", backup.bytes()));
        } catch (BadInputException e) {
            return new Failed("backup gate: " + e.getMessage() + "; nothing was changed", Map.of(StepRunner.RETRYABLE, false, "backup", b.backup()));
        }
    }

    StepOutcome checkRehearsal(StepAction.CheckRehearsal r) {
        if (r.rehearsedAt() == null) {
            return new Failed("rehearsal gate: no passing rehearsal of " + r.plan() + " is recorded in the store; rehearse the plan first"
                    + " (bin/rewind plan rehearse FILE --environment staging); nothing was changed", Map.of(StepRunner.RETRYABLE, false));
        }
        Duration age = Duration.between(r.rehearsedAt(), time.now());
        Map<String, Object> data = Map.of("rehearsed_at", r.rehearsedAt().toString(), "age_hours", age.toHours(), "max_age_days", r.maxAge().toDays());
        if (age.compareTo(r.maxAge()) > 0) {
            Map<String, Object> refused = new LinkedHashMap<>(data);
            refused.put(StepRunner.RETRYABLE, false);
            return new Failed("rehearsal gate: the last passing rehearsal of " + r.plan() + " was " + age.toDays() + " days ago, more than the "
                    + r.maxAge().toDays() + " the plan allows; rehearse it again; nothing was changed", refused);
        }
        return new Succeeded("rehearsed " + age.toHours() + " h ago (" + r.rehearsedAt() + ")", data);
    }
}
