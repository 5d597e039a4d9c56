package dev.rewind.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.config.PlanLoader;
import dev.rewind.model.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Seed 004's example plan validates and estimates 14 minutes against 15; plans broken the way a new user would break
 * them name the line, the field and the level's rule.
 */
class PlanRulesTest {
    static final Path API = Path.of("examples/plans/api-v2.1.yaml");
    /** The day after the example's last update: its rehearsal (2025-12-08) is recent. */
    static final Instant NOW = Instant.parse("2025-12-10T09:00:00Z");

    static RollbackPlanFile parse(String yaml) {
        return new PlanLoader(name -> null).parse("plan.yaml", yaml);
    }

    static String api() throws Exception {
        return Files.readString(API);
    }

    static List<BadInputException> errors(RollbackPlanFile plan, Instant lastRehearsal) {
        return PlanRules.check(plan, NOW, lastRehearsal).stream().map(v -> v.toError(plan.source())).toList();
    }

    @Test
    void seedExampleValidatesAndEstimatesFourteenMinutesAgainstFifteen() {
        RollbackPlanFile plan = PlanLoader.load(API);
        assertThat(PlanRules.check(plan, NOW, null)).isEmpty();
        PlanEstimate e = PlanEstimate.of(plan);
        assertThat(e.total()).isEqualTo(Duration.ofMinutes(14));
        assertThat(e.sla()).isEqualTo(Duration.ofMinutes(15));
        assertThat(e.buffer()).isEqualTo(Duration.ofMinutes(1));
        // seed 004's phase estimates: 2 + 1 + 3 + 2 + 1 + 1 + 2, and 2 for the cleanup
        assertThat(e.phases()).extracting(PlanEstimate.PhaseLine::estimate).containsExactly(Duration.ofMinutes(2), Duration.ofMinutes(1),
                Duration.ofMinutes(3), Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(2));
        // seed 003: database_migration 80, data changes +30, four services +30
        assertThat(e.complexity().score()).isEqualTo(140);
        assertThat(e.complexity().riskLevel()).isEqualTo("high");
        PlanEstimate.ScenarioLine dbOnly = e.scenarios().stream().filter(s -> s.id().equals("database_only")).findFirst().orElseThrow();
        assertThat(dbOnly.estimate()).isEqualTo(Duration.ofMinutes(9));
        assertThat(dbOnly.differs()).as("the seed says 8 minutes; its phases add up to 9").isTrue();
    }

    @Test
    void slaLooserThanTheLevelNamesTheLineAndTheRule() throws Exception {
        RollbackPlanFile plan = parse(api().replace("sla_minutes: 15", "sla_minutes: 20"));
        List<BadInputException> errors = errors(plan, null);
        assertThat(errors).hasSize(1);
        BadInputException e = errors.getFirst();
        assertThat(e.field()).isEqualTo("sla_minutes");
        assertThat(e.line()).isEqualTo(lineOf(api(), "sla_minutes:"));
        assertThat(e.getMessage()).contains("plan.yaml:" + e.line()).contains("level 3 rule 'rollback time SLA: 15 minutes'");
    }

    @Test
    void stepsOverTheSlaBreakItEvenWhenTheSlaIsRight() throws Exception {
        RollbackPlanFile plan = parse(api().replace("estimate: 3m\n        timeout: 8m", "estimate: 5m\n        timeout: 8m"));
        assertThat(errors(plan, null)).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("phases");
            assertThat(e.getMessage()).contains("add up to 16m").contains("over the SLA of 15m");
        });
    }

    @Test
    void levelThreeWithoutScenariosOrDataCheckBreaksBothRules() throws Exception {
        String yaml = api();
        yaml = yaml.substring(0, yaml.indexOf("scenarios:")) + yaml.substring(yaml.indexOf("verification_checklist:"));
        yaml = yaml.replace("data_consistency:\n  tables: [users, sessions]\n  on_mismatch: warn               # seed 004: \"Don't fail - just warn\"\n", "");
        List<BadInputException> errors = errors(parse(yaml), null);
        assertThat(errors).extracting(BadInputException::field).containsExactlyInAnyOrder("scenarios", "data_consistency");
        assertThat(errors).extracting(BadInputException::getMessage)
                .anySatisfy(m -> assertThat(m).contains("'partial rollback capability'"))
                .anySatisfy(m -> assertThat(m).contains("'data consistency verification'"));
    }

    @Test
    void rehearsalOlderThanAllowedIsRefusedUnlessTheStoreHoldsANewerOne() throws Exception {
        RollbackPlanFile plan = parse(api().replace("completed_at: 2025-12-08T14:00:00Z", "completed_at: 2025-11-01T14:00:00Z"));
        assertThat(errors(plan, null)).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("testing.rehearsal.completed_at");
            assertThat(e.getMessage()).contains("'rollback rehearsal conducted'").contains("more than 7 days older");
        });
        assertThat(errors(plan, Instant.parse("2025-12-09T20:00:00Z"))).as("a recent rehearsal in the store").isEmpty();
    }

    @Test
    void stepWithoutVerificationBreaksLevelTwoDocumentation() throws Exception {
        RollbackPlanFile plan = parse(api().replace(", verify: the deployer reports v2.0.8 running}", "}"));
        assertThat(errors(plan, null)).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("phases[3].steps[0].id");
            assertThat(e.line()).isEqualTo(lineOf(api(), "id: revert-api"));
            assertThat(e.getMessage()).contains("level 2 rule 'documented rollback procedure'").contains("revert-api");
        });
    }

    @Test
    void levelFourNeedsRegionsGatesAndACommunicationPlan() throws Exception {
        RollbackPlanFile plan = parse(api().replace("certification_level: 3", "certification_level: 4").replace("sla_minutes: 15", "sla_minutes: 10")
                .replace("estimate: 3m\n        timeout: 8m", "estimate: 30s\n        timeout: 8m").replace("expected_minutes: 8", "expected_minutes: 5"));
        List<BadInputException> errors = errors(plan, null);
        assertThat(errors).extracting(BadInputException::getMessage)
                .anySatisfy(m -> assertThat(m).contains("'multi-region rollback coordination'"))
                .anySatisfy(m -> assertThat(m).contains("'automated rollback with manual gates'"))
                .anySatisfy(m -> assertThat(m).contains("'communication plan included'"))
                .anySatisfy(m -> assertThat(m).contains("'rollback time SLA: 10 minutes per region'"));
    }

    @Test
    void typoInAStepKeyIsRefusedAtItsLine() throws Exception {
        String yaml = api().replace("timeout: 8m", "timout: 8m");
        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.line()).isEqualTo(lineOf(yaml, "timout: 8m"));
            assertThat(e.getMessage()).contains("timout");
        });
    }

    @Test
    void levelFiveIsRefusedNamingTheLevels() throws Exception {
        String yaml = api().replace("certification_level: 3", "certification_level: 5");
        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.field()).contains("certification_level");
            assertThat(e.getMessage()).contains("2, 3 or 4");
        });
    }

    @Test
    void absurdEstimateIsRefusedWithTheRange() throws Exception {
        String yaml = api().replace("estimate: 3m\n        timeout: 8m", "estimate: 1e12\n        timeout: 8m");
        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.field()).endsWith("estimate");
            assertThat(e.getMessage()).contains("0.1 s to 86400 s");
        });
    }

    static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) return i + 1;
        }
        throw new AssertionError("no line holds " + needle);
    }
}
