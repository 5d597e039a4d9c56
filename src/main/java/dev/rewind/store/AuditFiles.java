package dev.rewind.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Where a store's audit key and anchor file live: outside the store's folder, so that a copy of the folder (a
 * backup, a stolen disk) carries neither. By default {@code $XDG_CONFIG_HOME/rewind/} (else {@code ~/.config/rewind/}):
 * one key per user ({@code audit.key}, mode 0600) and one anchor file per store under {@code anchors/}.
 * {@code REWIND_AUDIT_KEY} (the key itself), {@code REWIND_AUDIT_KEY_FILE} and {@code REWIND_AUDIT_ANCHORS} override them.
 *
 * <p>A key file an older Rewind made beside the database (or in {@code ~/.rewind} for PostgreSQL) is still used when
 * no key exists at the new place, with a warning, since a new key would fail every row written with the old one.
 *
 * @param legacyAnchors an anchor file an older Rewind wrote beside the database, still read by verify; null when none
 */
public record AuditFiles(Path keyFile, Path anchorFile, Path legacyAnchors, List<String> warnings) {
    public static final String KEY_FILE_ENV = "REWIND_AUDIT_KEY_FILE";
    public static final String ANCHORS_ENV = "REWIND_AUDIT_ANCHORS";

    public AuditFiles {
        warnings = List.copyOf(warnings);
    }

    /** @param env environment lookup (XDG_CONFIG_HOME, REWIND_AUDIT_KEY*, REWIND_AUDIT_ANCHORS) */
    public static AuditFiles of(StoreLocation location, Function<String, String> env, Path home) {
        Path config = set(env.apply("XDG_CONFIG_HOME")) && Path.of(env.apply("XDG_CONFIG_HOME")).isAbsolute()
                ? Path.of(env.apply("XDG_CONFIG_HOME")) : home.resolve(".config");
        Path dir = config.resolve("rewind").toAbsolutePath();
        Path storeDir = location instanceof StoreLocation.Sqlite s ? s.file().toAbsolutePath().getParent() : null;
        List<String> warnings = new ArrayList<>();

        Path key;
        if (set(env.apply(KEY_FILE_ENV))) {
            key = Path.of(env.apply(KEY_FILE_ENV)).toAbsolutePath();
        } else {
            key = dir.resolve(RewindStore.KEY_FILE);
            Path old = storeDir != null ? storeDir.resolve(RewindStore.KEY_FILE) : home.resolve(".rewind").resolve(RewindStore.KEY_FILE);
            if (!Files.exists(key) && Files.exists(old)) key = old;
        }
        boolean keyInUse = !set(env.apply(AuditKey.ENV));
        if (keyInUse && storeDir != null && storeDir.equals(key.getParent()) && Files.exists(key)) {
            warnings.add("the audit key " + key + " sits beside the database: a copy of that folder carries the key that proves its "
                    + "rows. Move it to " + dir.resolve(RewindStore.KEY_FILE) + " (chmod 600) or set " + KEY_FILE_ENV + " / " + AuditKey.ENV);
        }

        Path anchors = set(env.apply(ANCHORS_ENV)) ? Path.of(env.apply(ANCHORS_ENV)).toAbsolutePath()
                : dir.resolve("anchors").resolve(anchorName(location));
        Path legacy = storeDir == null ? null : storeDir.resolve("audit-anchors.log");
        if (legacy != null && !Files.exists(legacy)) legacy = null;
        if (legacy != null && !legacy.equals(anchors)) {
            warnings.add("audit anchors sit beside the database in " + legacy + ": whoever can rewrite the database can rewrite them too. "
                    + "They are still read; new anchors go to " + anchors);
        } else if (storeDir != null && storeDir.equals(anchors.getParent())) {
            warnings.add("the audit anchor file " + anchors + " sits beside the database: whoever can rewrite the database can rewrite it too");
        }
        if (legacy != null && legacy.equals(anchors)) legacy = null;
        return new AuditFiles(key, anchors, legacy, warnings);
    }

    /** One file per store: its name, and a digest of where it is, so two stores never share anchors. */
    private static String anchorName(StoreLocation location) {
        String where = location instanceof StoreLocation.Sqlite s ? s.file().toAbsolutePath().normalize().toString() : location.display();
        String digest = Chain.digest(where).substring(0, 16);
        String name = location instanceof StoreLocation.Sqlite s ? String.valueOf(s.file().getFileName()) : "postgresql";
        return name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + digest + ".log";
    }

    private static boolean set(String value) {
        return value != null && !value.isBlank();
    }
}
