package dev.rewind.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit key and the anchors live outside the store's folder, so a copy of the folder carries neither. */
class AuditFilesTest {
    @TempDir
    Path dir;

    private static java.util.function.Function<String, String> env(Map<String, String> vars) {
        return vars::get;
    }

    @Test
    void byDefaultTheKeyAndTheAnchorsGoUnderTheUsersConfigFolderNotBesideTheDatabase() {
        Path db = dir.resolve("data/.rewind/rewind.db");
        Path config = dir.resolve("config");

        try (RewindStore store = RewindStore.open(new StoreLocation.Sqlite(db), env(Map.of("XDG_CONFIG_HOME", config.toString())), Clock.systemUTC())) {
            assertThat(store.warnings()).isEmpty();
            assertThat(store.anchorFile().getParent()).isEqualTo(config.resolve("rewind/anchors"));
        }
        assertThat(config.resolve("rewind/audit.key")).exists();
        assertThat(db.resolveSibling(RewindStore.KEY_FILE)).doesNotExist();
    }

    @Test
    void withoutXdgConfigHomeItIsDotConfigUnderHomeAndTheFileIsOwnerOnly() throws Exception {
        Path home = dir.resolve("home");
        AuditFiles files = AuditFiles.of(new StoreLocation.Sqlite(dir.resolve("r.db")), env(Map.of()), home);

        AuditKey key = AuditKey.resolve(env(Map.of()), files.keyFile());

        assertThat(files.keyFile()).isEqualTo(home.resolve(".config/rewind/audit.key").toAbsolutePath());
        assertThat(key.created()).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.keyFile()))).isEqualTo("rw-------");
        assertThat(AuditKey.resolve(env(Map.of()), files.keyFile()).created()).as("the second open finds it").isFalse();
    }

    @Test
    void aKeyFileNamedInTheEnvironmentWins() {
        Path named = dir.resolve("secrets/my.key");
        AuditFiles files = AuditFiles.of(new StoreLocation.Sqlite(dir.resolve("r.db")),
                env(Map.of(AuditFiles.KEY_FILE_ENV, named.toString(), "XDG_CONFIG_HOME", dir.resolve("c").toString())), dir);

        assertThat(files.keyFile()).isEqualTo(named.toAbsolutePath());
    }

    @Test
    void aKeyAndAnchorsAnOlderRewindLeftBesideTheDatabaseAreStillUsedWithAWarning() throws Exception {
        Path db = dir.resolve("store/rewind.db");
        Files.createDirectories(db.getParent());
        AuditKey old = AuditKey.resolve(env(Map.of()), db.resolveSibling(RewindStore.KEY_FILE));
        Files.writeString(db.resolveSibling("audit-anchors.log"), "rewind-audit-anchor id=1 hash=" + "a".repeat(64) + "\n");
        Map<String, String> vars = Map.of("XDG_CONFIG_HOME", dir.resolve("config").toString());

        AuditFiles files = AuditFiles.of(new StoreLocation.Sqlite(db), env(vars), dir);

        assertThat(old.created()).isTrue();
        assertThat(files.keyFile()).isEqualTo(db.resolveSibling(RewindStore.KEY_FILE).toAbsolutePath());
        assertThat(files.legacyAnchors()).isEqualTo(db.resolveSibling("audit-anchors.log").toAbsolutePath());
        assertThat(files.warnings()).hasSize(2).anySatisfy(w -> assertThat(w).contains("sits beside the database", "Move it to"))
                .anySatisfy(w -> assertThat(w).contains("audit anchors sit beside the database"));
    }

    @Test
    void twoStoresNeverShareAnAnchorFile() {
        Map<String, String> vars = Map.of("XDG_CONFIG_HOME", dir.resolve("config").toString());
        Path a = AuditFiles.of(new StoreLocation.Sqlite(dir.resolve("a/rewind.db")), env(vars), dir).anchorFile();
        Path b = AuditFiles.of(new StoreLocation.Sqlite(dir.resolve("b/rewind.db")), env(vars), dir).anchorFile();

        assertThat(a).isNotEqualTo(b);
        assertThat(a.getFileName().toString()).startsWith("rewind.db-").endsWith(".log");
    }
}
