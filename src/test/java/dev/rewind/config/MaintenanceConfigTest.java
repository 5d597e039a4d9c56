package dev.rewind.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rewind.model.BadInputException;
import dev.rewind.model.MaintenanceMode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** An environment's maintenance: block, read and checked when the config loads. */
class MaintenanceConfigTest {
    private static final String HAPROXY = "environments:\n  prod:\n    router:\n      type: haproxy\n      socket: /run/haproxy/admin.sock\n"
            + "      backend: shop\n      servers:\n        blue: app_blue\n        green: app_green\n        maint: maint_page\n";
    private static final String FLAGS = "environments:\n  prod:\n    flags:\n      type: builtin\n      file: flags.json\n";

    private static RewindConfig load(String text) {
        return new ConfigLoader(k -> null).parse("rewind.yml", text).config();
    }

    @Test
    void aRouterBlockNamesAServersTargetAndAppliesToRollbacksByDefault() {
        MaintenanceConfig m = load(HAPROXY + "    maintenance:\n      via: router\n      target: maint\n").environments().get("prod").maintenance();

        assertThat(m.mode()).isEqualTo(new MaintenanceMode(MaintenanceMode.Via.ROUTER, "maint"));
        assertThat(m.forRollback()).isEqualTo(m.mode());
        assertThat(m.line()).as("the line of maintenance:").isEqualTo(11);
    }

    @Test
    void aFlagBlockWithDuringRollbackFalseIsKnownButLeftOutOfRollbacks() {
        MaintenanceConfig m = load(FLAGS + "    maintenance:\n      via: flag\n      flag: maintenance_mode\n      during_rollback: false\n")
                .environments().get("prod").maintenance();

        assertThat(m.mode()).isEqualTo(new MaintenanceMode(MaintenanceMode.Via.FLAG, "maintenance_mode"));
        assertThat(m.forRollback()).isNull();
    }

    @Test
    void anEnvironmentWithoutTheBlockHasNoMaintenance() {
        assertThat(load(HAPROXY).environments().get("prod").maintenance()).isNull();
    }

    static Stream<Arguments> badBlocks() {
        String m = "    maintenance:\n";
        return Stream.of(
                Arguments.of(HAPROXY + m + "      target: maint\n", 11, "environments.prod.maintenance", "expected 'via: router'"),
                Arguments.of(HAPROXY + m + "      via: dns\n", 12, "environments.prod.maintenance.via", "expected 'router' or 'flag'"),
                Arguments.of(HAPROXY + m + "      via: router\n", 11, "environments.prod.maintenance", "needs 'target:'"),
                Arguments.of(HAPROXY + m + "      via: router\n      target: sorry\n", 13, "environments.prod.maintenance.target",
                        "servers: has no target 'sorry'"),
                Arguments.of(HAPROXY + m + "      via: router\n      target: \"maint; shutdown\"\n", 13, "environments.prod.maintenance.target",
                        "letters, digits"),
                Arguments.of(FLAGS + m + "      via: router\n      target: maint\n", 8, "environments.prod.maintenance.target", "no router: block"),
                Arguments.of(HAPROXY + m + "      via: flag\n      flag: maintenance_mode\n", 13, "environments.prod.maintenance.flag", "no flags: block"),
                Arguments.of(FLAGS + m + "      via: flag\n", 6, "environments.prod.maintenance", "needs 'flag:'"),
                Arguments.of(FLAGS + m + "      via: flag\n      flag: \"a/b\"\n", 8, "environments.prod.maintenance.flag", "letters, digits"),
                Arguments.of(FLAGS + m + "      via: flag\n      flag: m\n      target: maint\n", 9, "environments.prod.maintenance.target",
                        "goes with 'via: router'"),
                Arguments.of(FLAGS + m + "      via: flag\n      flag: m\n      during_rolback: true\n", 9,
                        "environments.prod.maintenance.during_rolback", "did you mean 'during_rollback'"),
                Arguments.of(FLAGS + m + "      via: flag\n      flag: m\n      during_rollback: sometimes\n", 9,
                        "environments.prod.maintenance.during_rollback", "true or false"),
                Arguments.of("environments:\n  prod:\n    router:\n      type: kubernetes\n      service: shop\n" + m + "      via: router\n      target: maint\n",
                        8, "environments.prod.maintenance.target", "no servers: map"));
    }

    @ParameterizedTest(name = "[{index}] line {1}, {2}: {3}")
    @MethodSource("badBlocks")
    void namesFileLineAndFieldOfEveryBadBlock(String text, int line, String field, String expected) {
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> load(text));
        assertThat(e).as("no error for:%n%s", text).isNotNull();
        assertThat(e.file()).isEqualTo("rewind.yml");
        assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
        assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
        assertThat(e.getMessage()).contains(expected);
        assertThat(e.exitCode()).isEqualTo(2);
    }

    @Test
    void theReadmeExampleLoadsAsPrintedAndSoDoesTheExampleFile() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        int at = readme.indexOf("<!-- readme-config: maintenance -->");
        assertThat(at).as("README.md holds the maintenance example").isNotNegative();
        int start = readme.indexOf("```yaml\n", at) + "```yaml\n".length();
        String block = readme.substring(start, readme.indexOf("```", start));

        for (String text : java.util.List.of(block, java.nio.file.Files.readString(java.nio.file.Path.of("examples/maintenance-haproxy.yaml")))) {
            EnvironmentConfig env = load(text).environments().get("production");
            assertThat(env.maintenance().forRollback()).isEqualTo(new MaintenanceMode(MaintenanceMode.Via.ROUTER, "maint"));
            assertThat(((java.util.Map<?, ?>) env.router().settings().get("servers")).containsKey("maint")).as("servers: has the target").isTrue();
        }
    }

    @Test
    void aPlanFileNamesMaintenanceStepsThatTheSchemaAndTheLoaderAcceptAndTheEnvironmentSaysHow() throws Exception {
        String yaml = java.nio.file.Files.readString(java.nio.file.Path.of("examples/plans/demo-shop.yaml"))
                .replace("action: switch_traffic", "action: maintenance_on").replace("action: resume_traffic", "action: maintenance_off");
        assertThat(PlanSchemaTest.schemaErrors(yaml)).isEmpty();
        var plan = new PlanLoader(name -> null).parse("plan.yaml", yaml);
        var release = new dev.rewind.model.Release("shop", "production", "2.4.0", "2.3.1", java.time.Instant.EPOCH, java.util.List.of(), null, 100, null);
        var options = dev.rewind.act.PlanOptions.defaults().withPlan(dev.rewind.act.CodedPlan.of(plan));
        MaintenanceMode flag = new MaintenanceMode(MaintenanceMode.Via.FLAG, "maintenance_mode");
        var planner = new dev.rewind.act.RollbackPlanner(java.time.Duration.ofMinutes(2), dev.rewind.model.VerificationPolicy.SEED_000, null);

        var steps = planner.plan(release, dev.rewind.act.Strategy.BLUE_GREEN, options.withMaintenance(flag)).steps();
        assertThat(steps).extracting(s -> s.action()).contains(new dev.rewind.model.StepAction.EnterMaintenance("shop", flag),
                new dev.rewind.model.StepAction.ExitMaintenance("shop", flag, "2.3.1"));
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> planner.plan(release, dev.rewind.act.Strategy.BLUE_GREEN, options));
        assertThat(e.getMessage()).contains("no maintenance: block");
        String misspelt = yaml.replace("action: maintenance_on", "action: maintenance_onn");
        assertThat(PlanSchemaTest.schemaErrors(misspelt)).isNotEmpty();
        assertThat(catchThrowableOfType(BadInputException.class, () -> new PlanLoader(name -> null).parse("plan.yaml", misspelt))).isNotNull();
    }
}
