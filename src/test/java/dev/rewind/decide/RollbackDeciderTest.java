package dev.rewind.decide;

import dev.rewind.model.AutomationLevel;
import dev.rewind.model.Decision;
import dev.rewind.model.Finding;
import dev.rewind.model.Release;
import dev.rewind.model.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RollbackDeciderTest {
    static final Instant NOW = Instant.parse("2026-01-26T10:12:00Z");
    private final RollbackDecider decider = new RollbackDecider();

    static Finding finding(Severity s, AutomationLevel a) {
        return new Finding(s.label() + "_" + a.label(), "error_rate", s, a, 0.5, 5.2, 1.0, NOW, "test");
    }

    static Release release(Instant pointOfNoReturn) {
        return new Release("api", "production", "v2", "v1", NOW.minusSeconds(720), List.of(), null, 100, pointOfNoReturn);
    }

    /** Every set of up to two findings over all severities and automation levels, with and without a passed point of no return. */
    static Stream<Arguments> everyCombination() {
        List<Finding> singles = new ArrayList<>();
        for (Severity s : Severity.values()) for (AutomationLevel a : AutomationLevel.values()) singles.add(finding(s, a));
        List<List<Finding>> sets = new ArrayList<>();
        sets.add(List.of());
        for (int i = 0; i < singles.size(); i++) {
            sets.add(List.of(singles.get(i)));
            for (int j = i + 1; j < singles.size(); j++) sets.add(List.of(singles.get(i), singles.get(j)));
        }
        return sets.stream().flatMap(set -> Stream.of(Arguments.of(set, false), Arguments.of(set, true)));
    }

    @ParameterizedTest(name = "{0} past point of no return: {1}")
    @MethodSource("everyCombination")
    void decidesByTheTreeForEveryCombinationOfFindings(List<Finding> findings, boolean pastPointOfNoReturn) {
        Decision d = decider.decide(findings, release(pastPointOfNoReturn ? NOW.minusSeconds(1) : NOW.plusSeconds(1)), NOW);
        boolean acts = findings.stream().anyMatch(f -> f.automation() == AutomationLevel.FULL && f.severity().atLeast(Severity.HIGH));
        boolean asks = findings.stream().anyMatch(f -> f.automation() != AutomationLevel.FULL);
        assertThat(d.at()).isEqualTo(NOW);
        assertThat(d.findings()).isEqualTo(findings);
        if (findings.isEmpty()) assertThat(d).isInstanceOf(Decision.KeepWatching.class);
        else if (pastPointOfNoReturn) assertThat(d).isInstanceOf(Decision.FixForward.class);
        else if (acts) {
            assertThat(d).isInstanceOfSatisfying(Decision.Rollback.class, r -> assertThat(r.immediate()).isEqualTo(
                    findings.stream().anyMatch(f -> f.automation() == AutomationLevel.FULL && f.severity() == Severity.CRITICAL)));
        } else if (asks) assertThat(d).isInstanceOf(Decision.AwaitApproval.class);
        else assertThat(d).isInstanceOf(Decision.KeepWatching.class);
    }

    @Test
    void rollsBackAtOnceWhenACriticalFullyAutomatedTriggerFiresAndNamesOnlyTheTriggersThatActed() {
        Decision d = decider.decide(List.of(finding(Severity.MEDIUM, AutomationLevel.FULL), finding(Severity.CRITICAL, AutomationLevel.FULL)),
                release(null), NOW);
        assertThat(d).isInstanceOfSatisfying(Decision.Rollback.class, r -> assertThat(r.immediate()).isTrue());
        assertThat(d.code()).isEqualTo("rollback");
        assertThat(d.reason()).isEqualTo("critical: automatic rollback on critical_full (critical, full)");
    }

    @Test
    void keepsWatchingLowSeverityFindingsAndSaysWhy() {
        Decision d = decider.decide(List.of(finding(Severity.MEDIUM, AutomationLevel.FULL)), null, NOW);
        assertThat(d).isInstanceOf(Decision.KeepWatching.class);
        assertThat(d.reason()).isEqualTo("below the severity that acts alone (high): medium_full (medium, full)");
    }

    @Test
    void asksForApprovalNamingOnlyTheFindingsThatNeedAPerson() {
        Decision d = decider.decide(List.of(finding(Severity.LOW, AutomationLevel.FULL), finding(Severity.HIGH, AutomationLevel.SEMI)),
                release(null), NOW);
        assertThat(d).isInstanceOf(Decision.AwaitApproval.class);
        assertThat(d.reason()).isEqualTo("approval required for high_semi (high, semi)");
    }

    @Test
    void fixesForwardAtThePointOfNoReturnItself() {
        Decision d = decider.decide(List.of(finding(Severity.CRITICAL, AutomationLevel.FULL)), release(NOW), NOW);
        assertThat(d.code()).isEqualTo("fix_forward");
        assertThat(d.reason()).contains("point of no return");
    }
}
