package dev.rewind.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The database's own guard on the audit trail and the journal: triggers that refuse UPDATE and DELETE (and, on
 * PostgreSQL, TRUNCATE). They are checked, and put back when missing or altered, every time the store opens:
 * someone who dropped them to edit a row must not get to keep them dropped. The hash chains catch the edit itself.
 */
final class Guards {
    private Guards() {
    }

    private static final Map<String, String> SQLITE = sqlite();

    private static Map<String, String> sqlite() {
        Map<String, String> t = new LinkedHashMap<>();
        for (String table : List.of("audit", "journal")) {
            String what = table.equals("audit") ? "audit trail" : "journal";
            for (String op : List.of("UPDATE", "DELETE")) {
                t.put(table + "_no_" + op.toLowerCase(Locale.ROOT), "CREATE TRIGGER " + table + "_no_" + op.toLowerCase(Locale.ROOT)
                        + " BEFORE " + op + " ON " + table + " BEGIN SELECT RAISE(ABORT, '" + what + " is append-only: " + op + " refused'); END");
            }
        }
        return t;
    }

    private static final String PG_FUNCTION = """
            CREATE OR REPLACE FUNCTION rewind_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
            END $$""";

    private static final Map<String, String> POSTGRES = postgres();

    private static Map<String, String> postgres() {
        Map<String, String> t = new LinkedHashMap<>();
        for (String table : List.of("audit", "journal")) {
            t.put(table + "_append_only", "CREATE TRIGGER " + table + "_append_only BEFORE UPDATE OR DELETE ON " + table
                    + " FOR EACH ROW EXECUTE FUNCTION rewind_append_only()");
            t.put(table + "_no_truncate", "CREATE TRIGGER " + table + "_no_truncate BEFORE TRUNCATE ON " + table
                    + " FOR EACH STATEMENT EXECUTE FUNCTION rewind_append_only()");
        }
        return t;
    }

    /** Puts back every guard that is missing, disabled or altered; returns the names it had to restore. */
    static List<String> ensure(Handle h, Dialect dialect) {
        return dialect == Dialect.SQLITE ? ensureSqlite(h) : ensurePostgres(h);
    }

    /** The guards that are not in place as they should be, without changing anything. */
    static List<String> missing(Handle h, Dialect dialect) {
        List<String> out = new ArrayList<>();
        if (dialect == Dialect.SQLITE) {
            Map<String, String> present = sqliteTriggers(h);
            SQLITE.forEach((name, sql) -> {
                if (!normal(sql).equals(normal(present.get(name)))) out.add(name);
            });
        } else {
            Map<String, String> present = postgresTriggers(h);
            POSTGRES.forEach((name, sql) -> {
                if (!present.containsKey(name)) out.add(name);
            });
            if (!postgresFunctionIntact(h)) out.add("rewind_append_only()");
        }
        return out;
    }

    private static List<String> ensureSqlite(Handle h) {
        List<String> restored = missing(h, Dialect.SQLITE);
        for (String name : restored) {
            h.execute("DROP TRIGGER IF EXISTS " + name);
            h.execute(SQLITE.get(name));
        }
        return restored;
    }

    private static List<String> ensurePostgres(Handle h) {
        List<String> restored = missing(h, Dialect.POSTGRESQL);
        if (restored.isEmpty()) return restored;
        h.execute(PG_FUNCTION);
        for (String name : POSTGRES.keySet()) {
            String table = name.substring(0, name.indexOf('_'));
            h.execute("DROP TRIGGER IF EXISTS " + name + " ON " + table);
            h.execute(POSTGRES.get(name));
        }
        return restored;
    }

    private static Map<String, String> sqliteTriggers(Handle h) {
        Map<String, String> out = new LinkedHashMap<>();
        h.createQuery("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
                .map((rs, ctx) -> Map.entry(rs.getString("name"), rs.getString("sql"))).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Enabled, user-defined triggers on the two tables that call our function, by name. */
    private static Map<String, String> postgresTriggers(Handle h) {
        Map<String, String> out = new LinkedHashMap<>();
        h.createQuery("""
                SELECT t.tgname, pg_get_triggerdef(t.oid) AS def FROM pg_trigger t
                JOIN pg_class c ON t.tgrelid = c.oid JOIN pg_proc p ON t.tgfoid = p.oid
                WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND c.relname IN ('audit', 'journal')
                  AND p.proname = 'rewind_append_only' AND c.relnamespace = current_schema()::regnamespace""")
                .map((rs, ctx) -> Map.entry(rs.getString("tgname"), rs.getString("def"))).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static boolean postgresFunctionIntact(Handle h) {
        return h.createQuery("SELECT prosrc FROM pg_proc WHERE proname = 'rewind_append_only' AND pronamespace = current_schema()::regnamespace")
                .mapTo(String.class).findOne().map(src -> src.contains("RAISE EXCEPTION") && src.contains("append-only")).orElse(false);
    }

    /** Trigger text as SQLite keeps it, with spacing and IF NOT EXISTS evened out, for comparison. */
    private static String normal(String sql) {
        return sql == null ? "" : sql.replaceAll("(?i)IF NOT EXISTS ", "").replaceAll("\\s+", " ").trim();
    }
}
