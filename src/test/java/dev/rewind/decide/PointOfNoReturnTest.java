package dev.rewind.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.AppliedChangeSet;
import dev.rewind.model.AutomationLevel;
import dev.rewind.model.Decision;
import dev.rewind.model.Finding;
import dev.rewind.model.Release;
import dev.rewind.model.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PointOfNoReturnTest {
    static final Instant T0 = Instant.parse("2026-01-26T10:00:00Z");

    static AppliedChangeSet reversible(String id, int minute) {
        return new AppliedChangeSet("db/changelog.yaml", id, "shop", T0.plusSeconds(60L * minute), null, true, null);
    }

    static AppliedChangeSet irreversible(String id, int minute) {
        return new AppliedChangeSet("db/changelog.yaml", id, "shop", T0.plusSeconds(60L * minute), null, false, "has no rollback (sql without a rollback block)");
    }

    @Test
    void aReleaseWhoseChangesetsAllHaveARollbackIsNotPastItsPointOfNoReturn() {
        PointOfNoReturn p = PointOfNoReturn.of(List.of(reversible("1", 1), reversible("2", 2)), "tag v1");
        assertThat(p.past()).isFalse();
        assertThat(p.at()).isNull();
        assertThat(p.why()).isEqualTo("all 2 changesets applied since tag v1 can be rolled back");
    }

    @Test
    void theFirstChangesetWithoutARollbackIsThePointOfNoReturnAndTheReasonNamesIt() {
        PointOfNoReturn p = PointOfNoReturn.of(List.of(reversible("1", 1), irreversible("2", 2), irreversible("3", 3)), "tag v1");
        assertThat(p.past()).isTrue();
        assertThat(p.changeSet().id()).isEqualTo("2");
        assertThat(p.at()).isEqualTo(T0.plusSeconds(120));
        assertThat(p.why()).contains("db/changelog.yaml::2::shop").contains("has no rollback").contains("fix forward");
    }

    @Test
    void nothingAppliedSinceTheTargetIsNothingToUndo() {
        PointOfNoReturn p = PointOfNoReturn.of(List.of(), "tag v1");
        assertThat(p.past()).isFalse();
        assertThat(p.why()).isEqualTo("nothing was applied since tag v1");
    }

    @Test
    void theReleaseItMarksIsFixedForwardByTheDecider() {
        Release release = new Release("shop", "production", "2.4.0", "2.3.1", T0, List.of(), null, 100, null);
        PointOfNoReturn p = PointOfNoReturn.of(List.of(reversible("1", 1), irreversible("2", 2)), "tag v1");
        Release marked = p.applyTo(release);
        assertThat(marked.pointOfNoReturn()).isEqualTo(T0.plusSeconds(120));
        Finding critical = new Finding("error_rate", "error_rate", Severity.CRITICAL, AutomationLevel.FULL, 0.5, 5.2, 1.0, T0.plusSeconds(600), "test");
        Decision d = new RollbackDecider().decide(List.of(critical), marked, T0.plusSeconds(600));
        assertThat(d).isInstanceOf(Decision.FixForward.class);
        assertThat(new RollbackDecider().decide(List.of(critical), release, T0.plusSeconds(600))).isInstanceOf(Decision.Rollback.class);
    }

    @Test
    void anEarlierPointOfNoReturnTheReleaseAlreadyHadIsKept() {
        Release release = new Release("shop", "production", "2.4.0", "2.3.1", T0, List.of(), null, 100, T0.plusSeconds(30));
        Release marked = PointOfNoReturn.of(List.of(irreversible("2", 2)), "tag v1").applyTo(release);
        assertThat(marked.pointOfNoReturn()).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void aReversibleReleaseIsLeftAsItWas() {
        Release release = new Release("shop", "production", "2.4.0", "2.3.1", T0, List.of(), null, 100, null);
        assertThat(PointOfNoReturn.of(List.of(reversible("1", 1)), "tag v1").applyTo(release)).isSameAs(release);
    }
}
