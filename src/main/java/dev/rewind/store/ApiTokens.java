package dev.rewind.store;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Bearer tokens of the REST API, kept only as SHA-256 hashes: the token itself is shown once, when it is
 * created, and cannot be read back. Tokens are 256 random bits, so a plain hash is as good as a slow one here.
 */
public final class ApiTokens {
    private static final String PREFIX = "rwd_";

    /** viewer < operator < admin (DESIGN.md §3.5). */
    public enum Role {
        VIEWER, OPERATOR, ADMIN;

        public boolean atLeast(Role other) {
            return compareTo(other) >= 0;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Null for an unknown word, so the caller can name the field. */
        public static Role parse(String word) {
            if (word == null) return null;
            for (Role r : values()) if (r.label().equals(word.trim().toLowerCase(Locale.ROOT))) return r;
            return null;
        }
    }

    /** A token as stored: never the secret. */
    public record Token(String id, String name, Role role, Instant createdAt, String createdBy, Instant revokedAt) {
        public boolean active() {
            return revokedAt == null;
        }
    }

    /** What creating a token returns: the one time the secret is known. */
    public record Created(Token token, String secret) {
        @Override
        public String toString() {
            return "Created[" + token + "]"; // never the secret
        }
    }

    private final Jdbi jdbi;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Created create(String name, Role role, String actor, Instant at) {
        if (name == null || !name.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw new IllegalArgumentException("a token name is 1-64 letters, digits, . _ @ -");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        byte[] idBytes = new byte[6];
        random.nextBytes(idBytes);
        String id = "tok-" + java.util.HexFormat.of().formatHex(idBytes);
        jdbi.useTransaction(h -> h.createUpdate("""
                INSERT INTO api_tokens (id, name, role, hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)""")
                .bind(0, id).bind(1, name).bind(2, role.label()).bind(3, Chain.sha256(secret)).bind(4, Columns.time(at)).bind(5, actor).execute());
        return new Created(new Token(id, name, role, at, actor, null), secret);
    }

    /** The active token this secret belongs to, if any. */
    public Optional<Token> authenticate(String secret, Instant at) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 128) return Optional.empty();
        String hash = Chain.sha256(secret);
        Optional<Token> token = jdbi.withHandle(h -> h.createQuery("SELECT * FROM api_tokens WHERE hash = ? AND revoked_at IS NULL")
                .bind(0, hash).map((rs, ctx) -> read(rs)).findOne());
        token.ifPresent(t -> jdbi.useTransaction(h -> h.createUpdate("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")
                .bind(0, Columns.time(at)).bind(1, t.id()).execute()));
        return token;
    }

    public List<Token> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM api_tokens ORDER BY created_at, id").map((rs, ctx) -> read(rs)).list());
    }

    /** @return false when no active token has this id */
    public boolean revoke(String id, Instant at) {
        return jdbi.inTransaction(h -> h.createUpdate("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .bind(0, Columns.time(at)).bind(1, id).execute()) == 1;
    }

    private static Token read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Token(rs.getString("id"), rs.getString("name"), Role.parse(rs.getString("role")), Columns.instant(rs.getString("created_at")),
                rs.getString("created_by"), Columns.instant(rs.getString("revoked_at")));
    }
}
