package dev.rewind.config;

import java.time.Duration;

/**
 * What {@code rewind serve} reads besides the policy and the environments: where it listens, which store it uses,
 * how long a release is watched (seed 001's 24 hours, {@code rollback_policy.monitoring.duration}), and what a
 * prepared rollback does when nobody approves it in time.
 *
 * @param store      a SQLite file or a jdbc:postgresql:// URL; null for the command line's --store
 * @param onTimeout  escalate, rollback or deny
 */
public record ServerConfig(String host, int port, String store, Duration watchFor, Duration approvalTimeout, String onTimeout,
                           long maxBodyBytes) {
    public static final ServerConfig DEFAULTS = new ServerConfig("127.0.0.1", 8080, null, Duration.ofHours(24), Duration.ofMinutes(15),
            "escalate", 1_000_000);

    public ServerConfig withWatch(Duration d) {
        return new ServerConfig(host, port, store, d, approvalTimeout, onTimeout, maxBodyBytes);
    }
}
