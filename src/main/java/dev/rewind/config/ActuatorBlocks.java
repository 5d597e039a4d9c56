package dev.rewind.config;

import dev.rewind.config.ConfigNode.MapNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings each type of data actuator block takes ({@code database:}, {@code config_store:}, {@code cache:}),
 * checked while the file is read so that an unknown key is reported on its own line. The integrations check the
 * same sets again (they are built from code too), so there is one list per type, here.
 */
public final class ActuatorBlocks {
    private ActuatorBlocks() {
    }

    private static final Set<String> POSTGRES = Set.of("host", "port", "database", "user", "password", "sslmode", "backup_dir",
            "compare_tables", "statement_timeout_seconds", "session_wait_seconds", "restore_timeout_seconds");
    private static final Set<String> LIQUIBASE = union(POSTGRES, Set.of("changelog", "changelog_dir"));
    private static final Set<String> KUBERNETES = Set.of("namespace", "kubeconfig", "context");
    private static final Set<String> FILE = Set.of("root", "snapshot_dir", "max_bytes", "reload");
    private static final Set<String> RELOAD = Set.of("url", "timeout_seconds", "signal", "pid_file", "command");
    private static final Set<String> REDIS = Set.of("host", "port", "database", "username", "password", "tls", "timeout_seconds");

    /** role -> type -> settings. */
    private static final Map<String, Map<String, Set<String>>> TYPES = Map.of(
            "database", Map.of("liquibase", LIQUIBASE, "postgres", POSTGRES),
            "config_store", Map.of("kubernetes-configmap", KUBERNETES, "kubernetes-secret", KUBERNETES, "file", FILE),
            "cache", Map.of("redis", REDIS));

    /** The settings a block of this role and type takes (without {@code type}). */
    public static Set<String> keys(String role, String type) {
        Set<String> keys = TYPES.getOrDefault(role, Map.of()).get(type);
        if (keys == null) throw new IllegalArgumentException("no " + role + " type " + type);
        return keys;
    }

    /** The keys of a file config store's {@code reload:} block. */
    public static Set<String> reloadKeys() {
        return RELOAD;
    }

    static boolean isRole(String key) {
        return TYPES.containsKey(key);
    }

    /** Unknown types and keys, each named on its own line with a "did you mean". */
    static void check(String role, MapNode block, ConfigValues values) {
        if (!block.has("type")) {
            throw block.error("a " + role + " block needs a 'type': one of " + new TreeSet<>(TYPES.get(role).keySet()));
        }
        String type = values.string(block.get("type"));
        Set<String> keys = TYPES.get(role).get(type);
        if (keys == null) throw block.get("type").error("unknown " + role + " type '" + type + "'; expected one of " + new TreeSet<>(TYPES.get(role).keySet()));
        block.allowOnly(union(keys, Set.of("type")));
        if (block.has("reload")) values.map(block.get("reload")).allowOnly(RELOAD);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }
}
