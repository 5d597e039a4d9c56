package dev.rewind.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.model.UnreachableException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewindStoreTest {
    @TempDir
    Path dir;

    @Test
    void everyConnectionWritesAheadAndSyncsFully() {
        RewindStore store = RewindStore.open(dir.resolve("nested/dir/rewind.db"));

        store.jdbi().useHandle(h -> {
            assertThat(h.createQuery("PRAGMA journal_mode").mapTo(String.class).one()).isEqualToIgnoringCase("wal");
            assertThat(h.createQuery("PRAGMA synchronous").mapTo(Integer.class).one()).isEqualTo(2);
        });
        assertThat(store.path()).exists().isAbsolute();
    }

    @Test
    void reopeningAStoreKeepsItsDataAndDoesNotRerunTheSchema() {
        Path file = dir.resolve("rewind.db");
        RewindStore.open(file).audit().append("alice", "login", "dashboard", "ok");

        RewindStore again = RewindStore.open(file);

        assertThat(again.audit().entries()).hasSize(1);
        int versions = again.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM schema_version").mapTo(Integer.class).one());
        assertThat(versions).isEqualTo(Schema.latest());
    }

    @Test
    void aPathThatCannotHoldTheStoreIsReportedWithThePath() throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> RewindStore.open(blocker.resolve("rewind.db")))
                .isInstanceOf(UnreachableException.class).hasMessageContaining("not-a-dir");
    }

    @Test
    void theDefaultStoreLivesUnderDotRewind() {
        assertThat(RewindStore.DEFAULT_PATH).isEqualTo(Path.of(".rewind", "rewind.db"));
    }
}
