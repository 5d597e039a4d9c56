package dev.rewind.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.model.BadInputException;
import dev.rewind.model.Phase;
import dev.rewind.model.Plan;
import dev.rewind.model.Release;
import dev.rewind.model.Step;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class RollbackPlannerTest {
    private final RollbackPlanner planner = new RollbackPlanner(Fixtures.POLICY);

    private static List<String> actions(Plan plan) {
        return plan.steps().stream().map(s -> s.action().journalName()).toList();
    }

    static Stream<Arguments> strategies() {
        return Stream.of(
                Arguments.of(Strategy.BLUE_GREEN, List.of("VALIDATION_GATES", "FLAG_DEACTIVATED", "TRAFFIC_SWITCHED", "REVERT",
                        "HEALTH_VERIFIED", "METRICS_VERIFIED", "TRAFFIC_RESUMED", "FAILED_VERSION_SCALED_DOWN")),
                Arguments.of(Strategy.CANARY, List.of("VALIDATION_GATES", "FLAG_DEACTIVATED", "TRAFFIC_SHIFTED", "REVERT",
                        "HEALTH_VERIFIED", "METRICS_VERIFIED", "TRAFFIC_RESUMED", "FAILED_VERSION_SCALED_DOWN")),
                Arguments.of(Strategy.ROLLING_UPDATE, List.of("VALIDATION_GATES", "FLAG_DEACTIVATED", "TRAFFIC_DRAINED", "REVERT",
                        "RESTART", "HEALTH_VERIFIED", "METRICS_VERIFIED", "TRAFFIC_RESUMED", "FAILED_VERSION_SCALED_DOWN")),
                Arguments.of(Strategy.CONFIG, List.of("VALIDATION_GATES", "FLAG_DEACTIVATED", "REVERT", "RESTART",
                        "HEALTH_VERIFIED", "METRICS_VERIFIED", "TRAFFIC_RESUMED")),
                Arguments.of(Strategy.FEATURE_FLAG, List.of("FLAG_DEACTIVATED", "METRICS_VERIFIED")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void eachStrategyGetsItsStandardStepsInOrderWithTheFlagFirst(Strategy strategy, List<String> expected) {
        Plan plan = planner.plan(Fixtures.release("new-checkout"), strategy, PlanOptions.defaults());

        assertThat(actions(plan)).isEqualTo(expected);
        assertThat(plan.strategy()).isEqualTo(strategy.label());
        assertThat(plan.sla()).isEqualTo(Duration.ofMinutes(15));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Strategy.class)
    void everyStepHasAnEstimateAndATimeoutNoShorterThanIt(Strategy strategy) {
        Plan plan = planner.plan(Fixtures.release("new-checkout"), strategy, PlanOptions.defaults());

        assertThat(plan.steps()).allSatisfy(s -> {
            assertThat(s.estimate()).isPositive();
            assertThat(s.timeout()).isGreaterThanOrEqualTo(s.estimate());
        });
        assertThat(plan.estimate()).isGreaterThan(VerificationPolicy_SETTLE);
    }

    private static final Duration VerificationPolicy_SETTLE = Duration.ofMinutes(2);

    @Test
    void aRollingUpdateIsEstimatedLongerThanABlueGreenSwitchAsSeed003Says() {
        Release r = Fixtures.release(null);

        Duration blueGreen = planner.plan(r, Strategy.BLUE_GREEN, PlanOptions.defaults()).estimate();
        Duration rolling = planner.plan(r, Strategy.ROLLING_UPDATE, PlanOptions.defaults()).estimate();

        assertThat(rolling).isGreaterThan(blueGreen.plusMinutes(4));
        assertThat(Strategy.ROLLING_UPDATE.expectedDuration()).isGreaterThan(Strategy.BLUE_GREEN.expectedDuration());
        assertThat(Strategy.FEATURE_FLAG.expectedDuration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theFlagStepDoesNotHaltTheRollbackUnlessTheFlagIsTheWholeRollback() {
        Step inBlueGreen = planner.plan(Fixtures.release("f"), Strategy.BLUE_GREEN, PlanOptions.defaults()).steps().get(1);
        Step inFlagOnly = planner.plan(Fixtures.release("f"), Strategy.FEATURE_FLAG, PlanOptions.defaults()).steps().get(0);

        assertThat(inBlueGreen.haltOnFailure()).isFalse();
        assertThat(inFlagOnly.haltOnFailure()).isTrue();
    }

    @Test
    void immediateLeavesOutTheValidationGatesAndToOverridesTheTarget() {
        Plan plan = planner.plan(Fixtures.release(null), Strategy.BLUE_GREEN, PlanOptions.defaults().immediately().to("2.2.0"));

        assertThat(plan.phases()).extracting(Phase::name).doesNotContain("Validation gates").startsWith("Traffic");
        assertThat(plan.name()).endsWith("2.4.0 -> 2.2.0");
    }

    @Test
    void smokeTestsAreAddedToVerificationWhenConfigured() {
        Plan plan = planner.plan(Fixtures.release(null), Strategy.BLUE_GREEN,
                new PlanOptions(null, false, List.of("127.0.0.1:5432"), List.of(Fixtures.LOGIN), null, null));

        assertThat(plan.phases()).filteredOn(p -> p.name().equals("Verify")).singleElement()
                .satisfies(p -> assertThat(p.steps()).extracting(Step::id).containsExactly("verify-metrics", "smoke-tests"));
    }

    @Test
    void aReleaseWithoutAPreviousVersionNeedsAnExplicitTarget() {
        Release first = new Release("checkout", "production", "1.0.0", null, Fixtures.T0, List.of(), null, 100, null);

        assertThatThrownBy(() -> planner.plan(first, Strategy.BLUE_GREEN, PlanOptions.defaults()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--to");
    }

    @Test
    void anUnknownStrategyIsBadInputListingTheKnownOnes() {
        assertThatThrownBy(() -> Strategy.parse("big_bang", "rewind.yaml"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("rewind.yaml").hasMessageContaining("blue_green");
        assertThat(Strategy.parse("rolling-update", "x")).isEqualTo(Strategy.ROLLING_UPDATE);
    }
}
