package dev.rewind.integrations.postgres;

import dev.rewind.config.IntegrationConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * How to reach one PostgreSQL database, from a {@code database:} block. Every name that reaches SQL or a command
 * line is checked against what it may be (letters, digits, underscore), never escaped after the fact; the
 * password stays a {@code ${VAR}} until a connection needs it, and is never part of a message.
 *
 * @param backupDir where pg_dump files are kept and restored from, or null when the block names none
 */
public record PostgresSettings(String host, int port, String database, String user, Supplier<String> password, String sslMode,
                               Path backupDir, List<String> compareTables, Duration statementTimeout, Duration sessionWait,
                               Duration restoreTimeout) {

    /** Unquoted PostgreSQL identifiers; names that would need quoting are refused rather than quoted. */
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})");
    private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,62}");
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");
    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    public static PostgresSettings from(IntegrationConfig c) {
        String host = c.string("host", "127.0.0.1");
        if (!HOST.matcher(host).matches()) throw c.error("host", "expected a host name or IPv4 address, found '" + host + "'");
        int port = c.integer("port", 5432, 1, 65535);
        String database = c.requireString("database");
        if (!IDENTIFIER.matcher(database).matches()) {
            throw c.error("database", "expected a database name of letters, digits and _ (not starting with a digit, at most 63), found '" + database + "'");
        }
        String user = c.requireString("user");
        if (!USER.matcher(user).matches()) throw c.error("user", "expected a role name of letters, digits, _ . - (at most 63), found '" + user + "'");
        String sslMode = c.string("sslmode", "prefer");
        if (!SSL_MODES.contains(sslMode)) throw c.error("sslmode", "expected one of " + SSL_MODES.stream().sorted().toList() + ", found '" + sslMode + "'");
        Path backupDir = null;
        String dir = c.string("backup_dir", null);
        if (dir != null) {
            backupDir = Path.of(dir);
            if (!backupDir.isAbsolute() || !backupDir.normalize().equals(backupDir)) {
                throw c.error("backup_dir", "expected an absolute folder without . or .. parts, found '" + dir + "'");
            }
        }
        return new PostgresSettings(host, port, database, user, () -> c.string("password", null), sslMode, backupDir,
                tables(c), seconds(c, "statement_timeout_seconds", 60, 3600), seconds(c, "session_wait_seconds", 10, 600),
                seconds(c, "restore_timeout_seconds", 900, 86_400));
    }

    public PostgresSettings {
        compareTables = List.copyOf(compareTables);
    }

    /** For messages and the journal: where, never with credentials. */
    public String where() {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    static boolean validTable(String table) {
        return TABLE.matcher(table).matches();
    }

    private static List<String> tables(IntegrationConfig c) {
        Object raw = c.settings().get("compare_tables");
        if (raw == null) return List.of();
        if (!(raw instanceof List<?> list)) throw c.error("compare_tables", "expected a list of table names such as [users, orders], found '" + raw + "'");
        List<String> out = new ArrayList<>();
        for (Object t : list) {
            String name = String.valueOf(t);
            if (!validTable(name)) throw c.error("compare_tables", "expected table names such as users or shop.orders, found '" + name + "'");
            out.add(name);
        }
        if (out.size() > 100) throw c.error("compare_tables", "names " + out.size() + " tables; at most 100 are counted");
        return out;
    }

    private static Duration seconds(IntegrationConfig c, String key, int fallback, int max) {
        return Duration.ofSeconds(c.integer(key, fallback, 1, max));
    }
}
