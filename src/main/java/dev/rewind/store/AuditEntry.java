package dev.rewind.store;

import java.time.Instant;

/** One audit row; {@code hash} is sha-256 over {@code prevHash} and this row's content. */
public record AuditEntry(long id, Instant at, String actor, String action, String target, String detail,
                         String prevHash, String hash) {
}
