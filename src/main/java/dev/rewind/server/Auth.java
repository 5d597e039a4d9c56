package dev.rewind.server;

import dev.rewind.store.ApiTokens;
import dev.rewind.store.ApiTokens.Role;
import java.time.Clock;
import java.util.Optional;

/**
 * Bearer tokens against their hashes in the store. A token's name is the "who" of every audit row its calls write.
 */
final class Auth {
    private final ApiTokens tokens;
    private final Clock clock;

    Auth(ApiTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** The caller: the token's name and role. */
    record Caller(String name, Role role) {
        String actor() {
            return name;
        }
    }

    Optional<Caller> caller(String authorization) {
        if (authorization == null || authorization.length() > 256) return Optional.empty();
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) return Optional.empty();
        return tokens.authenticate(parts[1].trim(), clock.instant()).map(t -> new Caller(t.name(), t.role()));
    }
}
