package dev.rewind.act;

import dev.rewind.model.BadInputException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a {@code restore_database} step asks for, read from its params (exactly one of the first three):
 * <ul>
 *   <li>{@code to_tag}: roll the schema back with Liquibase to this tag (changesets applied after it are undone);</li>
 *   <li>{@code count}: roll back the last N changesets (1..1000);</li>
 *   <li>{@code backup}: restore this pg_dump file (a name in the database block's {@code backup_dir});
 *       {@code sha256} gives its expected checksum, else the {@code <backup>.sha256} file beside it does;</li>
 *   <li>{@code compare_tables}: comma-separated tables whose rows are counted before and after (default: the
 *       database block's {@code compare_tables});</li>
 *   <li>{@code on_count_mismatch}: {@code warn} (seed 004: report, do not fail) or {@code fail}.</li>
 * </ul>
 * The step's target is the database's name, which must be the one the environment's database block names.
 */
public record DatabaseRestoreRequest(String database, Method method, String tag, int count, String backup, String sha256,
                                     List<String> compareTables, boolean failOnCountMismatch) {

    public enum Method { TAG, COUNT, BACKUP }

    static final Set<String> PARAMS = Set.of("to_tag", "count", "backup", "sha256", "compare_tables", "on_count_mismatch");
    /** Liquibase stores tags as free text; a plan's tag stays printable and short. */
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,99}");
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");
    static final Pattern BACKUP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    public DatabaseRestoreRequest {
        compareTables = List.copyOf(compareTables);
    }

    /** @throws BadInputException naming {@code params.<name>} */
    public static DatabaseRestoreRequest of(String target, Map<String, String> params) {
        StepParams p = new StepParams("restore_database " + target, params, PARAMS);
        int given = (p.has("to_tag") ? 1 : 0) + (p.has("count") ? 1 : 0) + (p.has("backup") ? 1 : 0);
        if (given != 1) throw p.error(null, "give exactly one of to_tag (a Liquibase tag), count (changesets to undo) or backup (a pg_dump file); found " + given);
        Method method = p.has("to_tag") ? Method.TAG : p.has("count") ? Method.COUNT : Method.BACKUP;
        String tag = p.string("to_tag", null);
        if (tag != null && !TAG.matcher(tag).matches()) throw p.error("to_tag", "expected a tag of letters, digits and . _ : + - (at most 100), found '" + tag + "'");
        int count = p.integer("count", 0, 1, 1000);
        String backup = p.string("backup", null);
        if (backup != null && !BACKUP_NAME.matcher(backup).matches()) {
            throw p.error("backup", "expected a file name in the backup folder (letters, digits, . _ -; no path), found '" + backup + "'");
        }
        String sha = p.string("sha256", null);
        if (sha != null && method != Method.BACKUP) throw p.error("sha256", "only a backup restore has a checksum to check");
        if (sha != null && !SHA256.matcher(sha).matches()) throw p.error("sha256", "expected 64 hex digits");
        List<String> tables = p.list("compare_tables", 100);
        for (String t : tables) {
            if (!TABLE.matcher(t).matches()) throw p.error("compare_tables", "expected table names such as users or shop.orders, found '" + t + "'");
        }
        boolean fail = p.choice("on_count_mismatch", "warn", Set.of("warn", "fail")).equals("fail");
        return new DatabaseRestoreRequest(target, method, tag, count, backup, sha == null ? null : sha.toLowerCase(java.util.Locale.ROOT),
                tables, fail);
    }

    static boolean validTable(String table) {
        return TABLE.matcher(table).matches();
    }

    /** "tag v2.0.5", "the last 3 changesets", "backup pre-2.1.dump": the state restored, for messages. */
    String describe() {
        return switch (method) {
            case TAG -> "tag " + tag;
            case COUNT -> "the state before the last " + count + " changeset" + (count == 1 ? "" : "s");
            case BACKUP -> "backup " + backup;
        };
    }
}
