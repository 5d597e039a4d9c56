package dev.rewind.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rewind.model.BadInputException;
import dev.rewind.model.MaintenanceMode;
import dev.rewind.model.Phase;
import dev.rewind.model.Plan;
import dev.rewind.model.Step;
import dev.rewind.model.StepAction;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Seed 001's maintenance mode in the built-in plans: ON before the version changes, OFF only after verification. */
class MaintenancePlanTest {
    private static final MaintenanceMode ROUTER = new MaintenanceMode(MaintenanceMode.Via.ROUTER, "maint");
    private static final MaintenanceMode FLAG = new MaintenanceMode(MaintenanceMode.Via.FLAG, "maintenance_mode");
    private static final List<String> CHANGES = List.of("TRAFFIC_SWITCHED", "TRAFFIC_SHIFTED", "TRAFFIC_DRAINED", "REVERT", "RESTART");
    private static final List<String> CHECKS = List.of("HEALTH_VERIFIED", "METRICS_VERIFIED", "SMOKE_TESTS");

    private final RollbackPlanner planner = new RollbackPlanner(Fixtures.POLICY);

    private static List<String> actions(Plan plan) {
        return plan.steps().stream().map(s -> s.action().journalName()).toList();
    }

    private Plan plan(Strategy strategy, MaintenanceMode mode) {
        return planner.plan(Fixtures.release("new-checkout"), strategy,
                new PlanOptions(null, false, null, List.of(Fixtures.LOGIN), null, null).withMaintenance(mode));
    }

    static Stream<Arguments> strategiesAndModes() {
        return Stream.of(Strategy.BLUE_GREEN, Strategy.CANARY, Strategy.ROLLING_UPDATE, Strategy.CONFIG)
                .flatMap(s -> Stream.of(Arguments.of(s, ROUTER), Arguments.of(s, FLAG)));
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("strategiesAndModes")
    void maintenanceGoesOnBeforeAnyChangeAndOffAfterEveryCheck(Strategy strategy, MaintenanceMode mode) {
        List<String> a = actions(plan(strategy, mode));

        int on = a.indexOf("MAINTENANCE_ON"), off = a.indexOf("MAINTENANCE_OFF");
        assertThat(on).as("%s", a).isGreaterThan(a.indexOf("FLAG_DEACTIVATED"));
        assertThat(a.stream().filter(CHANGES::contains).map(a::indexOf)).as("%s", a).isNotEmpty().allMatch(i -> i > on);
        assertThat(a.stream().filter(CHECKS::contains).map(a::indexOf)).as("%s", a).hasSize(3).allMatch(i -> i > on && i < off);
        assertThat(a).as("one of each").containsOnlyOnce("MAINTENANCE_ON", "MAINTENANCE_OFF");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Strategy.class, names = {"BLUE_GREEN", "CANARY", "ROLLING_UPDATE"})
    void viaTheRouterMaintenanceReplacesTheTrafficStepsAndItsEndIsTheResume(Strategy strategy) {
        Plan plan = plan(strategy, ROUTER);

        assertThat(actions(plan)).doesNotContain("TRAFFIC_SWITCHED", "TRAFFIC_SHIFTED", "TRAFFIC_DRAINED", "TRAFFIC_RESUMED");
        Step off = plan.steps().stream().filter(s -> s.action() instanceof StepAction.ExitMaintenance).findFirst().orElseThrow();
        assertThat(off.action()).isEqualTo(new StepAction.ExitMaintenance("checkout", ROUTER, "2.3.1"));
        assertThat(off.haltOnFailure()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Strategy.class, names = {"BLUE_GREEN", "CANARY", "ROLLING_UPDATE"})
    void viaAFlagTheTrafficStepsStayAndTrafficResumesAfterMaintenanceEnds(Strategy strategy) {
        List<String> a = actions(plan(strategy, FLAG));

        assertThat(a).containsAnyOf("TRAFFIC_SWITCHED", "TRAFFIC_SHIFTED", "TRAFFIC_DRAINED");
        assertThat(a.indexOf("TRAFFIC_RESUMED")).isEqualTo(a.indexOf("MAINTENANCE_OFF") + 1);
    }

    @Test
    void aFlagOnlyRollbackChangesNoVersionSoItHasNoMaintenance() {
        assertThat(actions(plan(Strategy.FEATURE_FLAG, ROUTER))).doesNotContain("MAINTENANCE_ON", "MAINTENANCE_OFF");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Strategy.class)
    void withoutMaintenanceThePlanHasNoMaintenanceSteps(Strategy strategy) {
        assertThat(actions(plan(strategy, null))).doesNotContain("MAINTENANCE_ON", "MAINTENANCE_OFF");
    }

    @Test
    void planFileMaintenanceStepsTakeTheEnvironmentsModeAndAreRefusedWithoutOne() {
        Plan file = new Plan("plan", "blue_green", 0, Duration.ofMinutes(5), List.of(new Phase("Maintenance", "x", List.of(
                new Step("m-on", "on", new StepAction.EnterMaintenance("checkout", null), Duration.ofMinutes(1), Duration.ofSeconds(5), true),
                new Step("m-off", "off", new StepAction.ExitMaintenance("checkout", null, "2.3.1"), Duration.ofMinutes(1), Duration.ofSeconds(5), true)))));

        assertThat(RollbackPlanner.withMaintenance(file, FLAG, "plan.yaml").steps()).extracting(Step::action).containsExactly(
                new StepAction.EnterMaintenance("checkout", FLAG), new StepAction.ExitMaintenance("checkout", FLAG, "2.3.1"));
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> RollbackPlanner.withMaintenance(file, null, "plan.yaml"));
        assertThat(e.file()).isEqualTo("plan.yaml");
        assertThat(e.getMessage()).contains("m-on", "no maintenance: block");
        assertThat(dev.rewind.plan.StepWords.known("maintenance_on")).isTrue();
        assertThat(dev.rewind.plan.StepWords.known("maintenance_off")).isTrue();
    }

    @Test
    void aMissingRouterOrFlagServiceIsAMissingNeedNamingTheSetting() {
        assertThat(StepNeeds.of(new StepAction.EnterMaintenance("checkout", ROUTER), Actuators.none(), "blue_green"))
                .isEqualTo(new StepNeeds.Missing("no traffic router to send users to the maintenance target maint", "router"));
        assertThat(StepNeeds.of(new StepAction.ExitMaintenance("checkout", FLAG, "2.3.1"), Actuators.none(), "blue_green"))
                .isInstanceOf(StepNeeds.Missing.class).extracting(n -> ((StepNeeds.Missing) n).setting()).isEqualTo("flags");
        assertThat(StepNeeds.of(new StepAction.EnterMaintenance("checkout", ROUTER), Actuators.none().withRouter(new FakeWorld()), "blue_green"))
                .isInstanceOf(StepNeeds.Ready.class);
    }
}
