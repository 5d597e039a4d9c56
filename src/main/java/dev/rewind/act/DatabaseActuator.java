package dev.rewind.act;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One environment's database, as its {@code database:} block builds it: always a guard (read-only, row counts);
 * a migrator when the schema is managed by Liquibase; backups when a backup folder is configured.
 *
 * @param compareTables tables whose rows are counted before and after a restore when the step names none
 */
public record DatabaseActuator(DatabaseGuard guard, Optional<DatabaseMigrator> migrator, Optional<DatabaseBackups> backups,
                               List<String> compareTables) {

    public DatabaseActuator {
        Objects.requireNonNull(guard, "guard");
        migrator = migrator == null ? Optional.empty() : migrator;
        backups = backups == null ? Optional.empty() : backups;
        compareTables = compareTables == null ? List.of() : List.copyOf(compareTables);
    }
}
