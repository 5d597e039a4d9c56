package dev.rewind.config;

import dev.rewind.model.MaintenanceMode;
import java.util.Objects;

/**
 * An environment's {@code maintenance:} block (seed 001's maintenance mode): how the service is put into maintenance
 * ({@code via: router} with the router {@code target:} that serves the maintenance page, or {@code via: flag} with the
 * {@code flag:} turned ON for it) and whether every rollback uses it ({@code during_rollback}, default true). With
 * {@code during_rollback: false} only plan files that name maintenance steps and {@code rewind maintenance off} use it.
 */
public record MaintenanceConfig(MaintenanceMode mode, boolean duringRollback, String file, int line) {
    public MaintenanceConfig {
        Objects.requireNonNull(mode, "mode");
    }

    /** The mode a rollback's plan puts the service in, or null when the rollback leaves it open. */
    public MaintenanceMode forRollback() {
        return duringRollback ? mode : null;
    }
}
