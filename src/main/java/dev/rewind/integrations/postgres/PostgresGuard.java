package dev.rewind.integrations.postgres;

import dev.rewind.act.DatabaseGuard;
import dev.rewind.model.ActionFailedException;
import dev.rewind.time.TimeSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 004's write stop: {@code ALTER DATABASE ... SET default_transaction_read_only = on}. That setting only
 * reaches sessions opened after it, so the sessions already open (a pool's connections, which would go on
 * writing) are ended with {@code pg_terminate_backend}; their clients reconnect into read-only sessions. An
 * in-flight transaction in them is rolled back: a restore is about to replace its work anyway, and waiting for
 * a pool to let go could last for ever. Thawing puts back exactly the setting the database had before.
 *
 * <p>The configured user must own the database (or be a superuser) and may end other sessions only when it is
 * a member of {@code pg_signal_backend} or the sessions are its own.
 */
public final class PostgresGuard implements DatabaseGuard {
    private static final String SETTING = "default_transaction_read_only";
    private static final Duration POLL = Duration.ofMillis(100);

    private final PostgresConnector connector;
    private final TimeSource time;

    public PostgresGuard(PostgresConnector connector, TimeSource time) {
        this.connector = connector;
        this.time = time;
    }

    @Override
    public String database() {
        return connector.settings().database();
    }

    @Override
    public Freeze freezeWrites() {
        try (Connection c = connector.open()) {
            String previous = ownSetting(c);
            boolean wasReadOnly = previous != null && isOn(previous);
            if (!wasReadOnly) alter(c, "SET " + SETTING + " = on");
            try {
                return new Freeze(wasReadOnly, endOtherSessions(c), previous);
            } catch (RuntimeException | SQLException e) {
                if (!wasReadOnly) restore(c, previous);
                throw e;
            }
        } catch (SQLException e) {
            throw failed("make " + where() + " read-only", e);
        }
    }

    @Override
    public void thaw(Freeze freeze) {
        if (freeze.wasReadOnly()) return;
        try (Connection c = connector.open()) {
            restore(c, freeze.previousSetting());
        } catch (SQLException e) {
            throw failed("let writes into " + where() + " again (it is still read-only: ALTER DATABASE " + database()
                    + " RESET " + SETTING + " ends that)", e);
        }
    }

    @Override
    public List<TableRows> countRows(List<String> tables) {
        List<TableRows> out = new ArrayList<>();
        if (tables.isEmpty()) return out;
        try (Connection c = connector.open(); PreparedStatement exists = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            for (String table : tables) {
                if (!PostgresSettings.validTable(table)) throw new ActionFailedException("refusing to count rows of '" + table + "': not a plain table name");
                exists.setString(1, quoted(table)); // the same exact-case name the count reads
                boolean present;
                try (ResultSet rs = exists.executeQuery()) {
                    present = rs.next() && rs.getBoolean(1);
                }
                if (!present) {
                    out.add(new TableRows(table, null));
                    continue;
                }
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + quoted(table))) {
                    rs.next();
                    out.add(new TableRows(table, rs.getLong(1)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed("count rows in " + where(), e);
        }
    }

    /** The database's own value of the setting (not a role's, not the server's), or null when it sets none. */
    private String ownSetting(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT s.setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase "
                + "WHERE d.datname = ? AND s.setrole = 0")) {
            ps.setString(1, database());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                Array config = rs.getArray(1);
                if (config == null) return null;
                for (Object entry : (Object[]) config.getArray()) {
                    String e = String.valueOf(entry);
                    if (e.startsWith(SETTING + "=")) return e.substring(SETTING.length() + 1);
                }
                return null;
            }
        }
    }

    private static boolean isOn(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true", "yes", "1" -> true;
            default -> false;
        };
    }

    private void restore(Connection c, String previous) throws SQLException {
        if (previous == null) alter(c, "RESET " + SETTING);
        else alter(c, "SET " + SETTING + " = " + (isOn(previous) ? "on" : "off"));
    }

    // The name is checked against PostgresSettings.IDENTIFIER when the block is read; quoting keeps its case.
    private void alter(Connection c, String clause) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE \"" + database() + "\" " + clause);
        }
    }

    /** Ends every other client session on the database, then waits (bounded) until they are gone. */
    private int endOtherSessions(Connection c) throws SQLException {
        List<Integer> pids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid() "
                + "AND backend_type = 'client backend'")) {
            ps.setString(1, database());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) pids.add(rs.getInt(1));
            }
        }
        int ended = 0;
        try (PreparedStatement kill = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
            for (int pid : pids) {
                kill.setInt(1, pid);
                try (ResultSet rs = kill.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) ended++;
                }
            }
        }
        awaitGone(c, pids);
        return ended;
    }

    private void awaitGone(Connection c, List<Integer> pids) throws SQLException {
        if (pids.isEmpty()) return;
        Instant deadline = time.now().plus(connector.settings().sessionWait());
        List<Integer> left = pids;
        while (true) {
            left = stillThere(c, left);
            if (left.isEmpty()) return;
            if (!time.now().isBefore(deadline)) {
                throw new ActionFailedException(left.size() + " session(s) of " + where() + " (pids " + left + ") were told to end and were still there after "
                        + connector.settings().sessionWait().toSeconds() + " s; writes were let in again");
            }
            time.pause(POLL);
        }
    }

    private static List<Integer> stillThere(Connection c, List<Integer> pids) throws SQLException {
        List<Integer> left = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_stat_activity WHERE pid = ?")) {
            for (int pid : pids) {
                ps.setInt(1, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) left.add(pid);
                }
            }
        }
        return left;
    }

    private static String quoted(String table) {
        StringBuilder sb = new StringBuilder();
        for (String part : table.split("\\.")) {
            if (!sb.isEmpty()) sb.append('.');
            sb.append('"').append(part).append('"');
        }
        return sb.toString();
    }

    private String where() {
        return connector.settings().where();
    }

    private static ActionFailedException failed(String what, SQLException e) {
        return new ActionFailedException("could not " + what + ": " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")", e);
    }
}
