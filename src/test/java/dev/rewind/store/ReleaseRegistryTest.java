package dev.rewind.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.model.Change;
import dev.rewind.model.Release;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseRegistryTest {
    private static final Instant T0 = Instant.parse("2026-02-20T10:00:00Z");

    @TempDir
    Path dir;

    private static Release release(String version, String previous, long daysAfter) {
        return new Release("checkout", "production", version, previous, T0.plusSeconds(86_400 * daysAfter),
                List.of(new Change("commit", "abc123", "new orders endpoint", List.of("/api/v2/orders", "db"))),
                "new-orders", 100, null);
    }

    @Test
    void aNewDeployBecomesCurrentAndTheOneItReplacesBecomesTheLastStable() {
        ReleaseRegistry registry = RewindStore.open(dir.resolve("r.db")).releases();
        registry.register(release("1.2.8", null, 0));
        registry.register(release("1.2.9", "1.2.8", 3));
        registry.register(release("1.3.0", "1.2.9", 5));

        assertThat(registry.current("checkout", "production")).get().extracting(ReleaseRecord::version).isEqualTo("1.3.0");
        assertThat(registry.lastStable("checkout", "production")).get().extracting(ReleaseRecord::version).isEqualTo("1.2.9");
        ReleaseRecord current = registry.current("checkout", "production").orElseThrow();
        assertThat(current.changes()).singleElement().extracting(Change::touches).isEqualTo(List.of("/api/v2/orders", "db"));
        assertThat(current.previousVersion()).isEqualTo("1.2.9");
    }

    @Test
    void aFailedReleaseIsNeverChosenAsLastStable() {
        ReleaseRegistry registry = RewindStore.open(dir.resolve("r.db")).releases();
        registry.register(release("1.2.8", null, 0));
        registry.register(release("1.2.9", "1.2.8", 3));
        registry.markFailed("checkout", "production", "1.2.9");
        registry.register(release("1.3.0", "1.2.9", 5));

        assertThat(registry.lastStable("checkout", "production")).get().extracting(ReleaseRecord::version).isEqualTo("1.2.8");
        assertThat(registry.list("checkout", "production")).extracting(ReleaseRecord::status)
                .containsExactly(ReleaseStatus.CURRENT, ReleaseStatus.FAILED, ReleaseStatus.STABLE);
    }

    @Test
    void aRollbackMakesTheTargetCurrentAgain() {
        ReleaseRegistry registry = RewindStore.open(dir.resolve("r.db")).releases();
        registry.register(release("1.2.9", null, 3));
        registry.register(release("1.3.0", "1.2.9", 5));

        registry.markRolledBack("checkout", "production", "1.3.0", "1.2.9");

        assertThat(registry.current("checkout", "production")).get().extracting(ReleaseRecord::version).isEqualTo("1.2.9");
        assertThat(registry.list("checkout", "production").get(0).status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
        assertThat(registry.current("checkout", "staging")).isEmpty();
    }

    @Test
    void aRollbackFromAnUnrecordedVersionRecordsTheTargetAsCurrent() {
        ReleaseRegistry registry = RewindStore.open(dir.resolve("r.db")).releases();

        String done = registry.recordRollback("checkout", "production", "unknown", "1.2.9", T0);

        assertThat(done).contains("unknown is not recorded").contains("1.2.9 recorded as current");
        ReleaseRecord current = registry.current("checkout", "production").orElseThrow();
        assertThat(current.version()).isEqualTo("1.2.9");
        assertThat(current.deployedAt()).isEqualTo(T0);
        assertThat(registry.list("checkout", "production")).hasSize(1);
        assertThat(registry.markFailedIfRecorded("checkout", "production", "unknown")).isFalse();
    }

    @Test
    void aRollbackToARecordedTargetLeavesOneCurrentRelease() {
        ReleaseRegistry registry = RewindStore.open(dir.resolve("r.db")).releases();
        registry.register(release("1.2.8", null, 0));
        registry.register(release("1.2.9", "1.2.8", 3));
        registry.register(release("1.3.0", "1.2.9", 5));

        registry.recordRollback("checkout", "production", "1.3.0", "1.2.8", T0.plusSeconds(86_400 * 6));

        assertThat(registry.list("checkout", "production")).extracting(ReleaseRecord::version, ReleaseRecord::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1.3.0", ReleaseStatus.ROLLED_BACK),
                        org.assertj.core.groups.Tuple.tuple("1.2.9", ReleaseStatus.STABLE),
                        org.assertj.core.groups.Tuple.tuple("1.2.8", ReleaseStatus.CURRENT));
    }

    @Test
    void markingAnUnknownReleaseNamesIt() {
        ReleaseRegistry registry = RewindStore.open(dir.resolve("r.db")).releases();

        assertThatThrownBy(() -> registry.markStable("checkout", "production", "9.9.9"))
                .hasMessageContaining("9.9.9").hasMessageContaining("production");
    }
}
