package dev.rewind.config;

import java.time.Duration;

/**
 * What {@code rewind serve} reads besides the policy and the environments: where it listens, which store it uses,
 * how long a release is watched (seed 001's 24 hours, {@code rollback_policy.monitoring.duration}), and what a
 * prepared rollback does when nobody approves it in time.
 *
 * @param store      a SQLite file or a jdbc:postgresql:// URL; null for the command line's --store
 * @param onTimeout  escalate, rollback or deny
 * @param lease      how long a replica's lease lasts without renewal (PostgreSQL store; Argo Rollouts' 15 s)
 * @param leaseRenew how often a replica renews its leases (10 s); shorter than the lease
 * @param resumeWithin a rollback left running by a dead process is resumed when its last step is at most this old
 */
public record ServerConfig(String host, int port, String store, Duration watchFor, Duration approvalTimeout, String onTimeout,
                           long maxBodyBytes, Duration lease, Duration leaseRenew, Duration resumeWithin) {
    public static final ServerConfig DEFAULTS = new ServerConfig("127.0.0.1", 8080, null, Duration.ofHours(24), Duration.ofMinutes(15),
            "escalate", 1_000_000, Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofHours(1));

    public ServerConfig withWatch(Duration d) {
        return new ServerConfig(host, port, store, d, approvalTimeout, onTimeout, maxBodyBytes, lease, leaseRenew, resumeWithin);
    }
}
