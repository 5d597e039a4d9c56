package dev.rewind.store;

import java.time.Instant;

/**
 * One audit row; {@code hash} links it to {@code prevHash} and covers its content: an HMAC with the store's
 * audit key ({@code scheme} hmac-sha256), or plain SHA-256 for rows written before the key existed.
 */
public record AuditEntry(long id, Instant at, String actor, String action, String target, String detail,
                         String prevHash, String hash, String scheme) {
}
