package dev.rewind.integrations.postgres;

import dev.rewind.model.UnreachableException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens one short-lived JDBC session per operation. The session overrides the database's read-only default,
 * because Rewind's own sessions are the ones that must still write while the application's may not.
 */
public final class PostgresConnector {
    private final PostgresSettings settings;

    public PostgresConnector(PostgresSettings settings) {
        this.settings = settings;
    }

    public PostgresSettings settings() {
        return settings;
    }

    public Connection open() {
        Properties p = new Properties();
        p.setProperty("user", settings.user());
        String password = settings.password().get();
        if (password != null) p.setProperty("password", password);
        p.setProperty("sslmode", settings.sslMode());
        p.setProperty("ApplicationName", "rewind");
        p.setProperty("connectTimeout", "10");
        p.setProperty("options", "-c default_transaction_read_only=off -c statement_timeout=" + settings.statementTimeout().toMillis());
        String url = "jdbc:postgresql://" + settings.host() + ":" + settings.port() + "/" + settings.database();
        try {
            return DriverManager.getConnection(url, p);
        } catch (SQLException e) {
            // 28P01/28000: wrong password or no access; the driver's message names the user, never the password.
            if ("28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState())) {
                throw UnreachableException.unauthorized(settings.where(), e.getMessage());
            }
            throw new UnreachableException(settings.where(), e.getMessage(), e);
        }
    }
}
