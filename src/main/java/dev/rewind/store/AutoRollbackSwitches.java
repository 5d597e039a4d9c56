package dev.rewind.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Seed 001's "disable auto-rollback for planned risky deployments", per service, with a reason and an optional
 * expiry after which the switch no longer holds. Every change is audited by the caller.
 */
public final class AutoRollbackSwitches {
    /** @param expiresAt null: until switched back */
    public record Switch(String service, boolean enabled, String reason, String actor, Instant setAt, Instant expiresAt) {
        /** In force at {@code now}: set, and not past its expiry. */
        public boolean inForce(Instant now) {
            return expiresAt == null || now.isBefore(expiresAt);
        }
    }

    private final Jdbi jdbi;

    AutoRollbackSwitches(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Switch set(String service, boolean enabled, String reason, String actor, Instant at, Instant expiresAt) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM auto_rollback WHERE service = ?").bind(0, service).execute();
            h.createUpdate("INSERT INTO auto_rollback (service, enabled, reason, actor, set_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
                    .bind(0, service).bind(1, enabled ? 1 : 0).bind(2, reason).bind(3, actor).bind(4, Columns.time(at))
                    .bind(5, Columns.time(expiresAt)).execute();
        });
        return new Switch(service, enabled, reason, actor, at, expiresAt);
    }

    public Optional<Switch> get(String service) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM auto_rollback WHERE service = ?").bind(0, service)
                .map((rs, ctx) -> read(rs)).findOne());
    }

    /** Whether Rewind may roll this service back on its own at {@code now}: yes unless a switch in force says no. */
    public boolean enabled(String service, Instant now) {
        return get(service).filter(s -> s.inForce(now)).map(Switch::enabled).orElse(true);
    }

    public List<Switch> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM auto_rollback ORDER BY service").map((rs, ctx) -> read(rs)).list());
    }

    private static Switch read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Switch(rs.getString("service"), rs.getInt("enabled") == 1, rs.getString("reason"), rs.getString("actor"),
                Columns.instant(rs.getString("set_at")), Columns.instant(rs.getString("expires_at")));
    }
}
