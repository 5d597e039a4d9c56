package dev.rewind.integrations.liquibase;

import dev.rewind.integrations.postgres.PostgresConnector;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;

/** The test changelogs under src/test/resources/liquibase, applied the way an application would apply them at start-up. */
public final class Changelogs {
    public static final Path ROOT = Path.of("src/test/resources/liquibase").toAbsolutePath();

    private Changelogs() {
    }

    /** The folder a changelog is read from (its history names it {@code db/changelog.*} under it). */
    public static Path dir(String name) {
        return ROOT.resolve(name);
    }

    public static String file(String name) {
        return name.equals("irreversible") ? "db/changelog.xml" : "db/changelog.yaml";
    }

    public static void update(PostgresConnector connector, String name) throws Exception {
        try (Connection c = connector.open()) {
            Scope.child(LiquibaseMigrator.scopeValues(new DirectoryResourceAccessor(dir(name))), () -> {
                Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
                new CommandScope(UpdateCommandStep.COMMAND_NAME)
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, db)
                        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, file(name))
                        .setOutput(OutputStream.nullOutputStream())
                        .execute();
            });
        }
    }

    public static LiquibaseMigrator migrator(PostgresConnector connector, String name) {
        return new LiquibaseMigrator(connector::open, dir(name), file(name));
    }
}
