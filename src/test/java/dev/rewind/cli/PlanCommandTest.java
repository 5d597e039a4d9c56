package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.store.Rehearsals;
import dev.rewind.store.RewindStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code rewind plan validate / estimate / rehearse} from the command line. The rehearsal runs the demo's real
 * processes on the wall clock (as {@code rewind demo} does); nothing asserts on speed, only that real phase
 * timings were measured and recorded, and that the recorded rehearsal is what level 3 asks for.
 */
class PlanCommandTest {
    static final String API = "examples/plans/api-v2.1.yaml";
    static final String DEMO = "examples/plans/demo-shop.yaml";

    @TempDir
    Path dir;

    private String store() {
        return dir.resolve("s.db").toString();
    }

    @Test
    void seedExampleValidatesWithItsEstimate() {
        Cli cli = Cli.run("plan", "validate", API, "--store", store());
        assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("a valid level 3 rollback plan").contains("estimate 14m against an SLA of 15m");
        assertThat(Files.exists(dir.resolve("s.db"))).as("validate never creates a store").isFalse();
    }

    @Test
    void estimateAsJsonSumsPhasesAndScoresComplexity() {
        Cli cli = Cli.run("plan", "estimate", API, "--format", "json");
        assertThat(cli.exit()).as(cli.err()).isZero();
        JsonNode j = JsonMapper.builder().build().readTree(cli.out());
        assertThat(j.get("total_seconds").asLong()).isEqualTo(840);
        assertThat(j.get("sla_seconds").asLong()).isEqualTo(900);
        assertThat(j.get("buffer_seconds").asLong()).isEqualTo(60);
        assertThat(j.get("within_sla").asBoolean()).isTrue();
        assertThat(j.get("complexity").get("score").asInt()).isEqualTo(140);
        assertThat(j.get("complexity").get("risk_level").asString()).isEqualTo("high");
        assertThat(j.get("scenarios")).hasSize(3);
    }

    @Test
    void estimateAsATableShowsTheBufferAndTheRisk() {
        Cli cli = Cli.run("plan", "estimate", API);
        assertThat(cli.exit()).as(cli.err()).isZero();
        assertThat(cli.out()).containsPattern("total\\s+17\\s+14m").containsPattern("buffer\\s+1m").contains("complexity (seed 003): 140, risk high");
    }

    @Test
    void aNewUsersFirstPlanIsExitTwoNamingLineFieldAndRule() throws Exception {
        Path plan = dir.resolve("first.yaml");
        Files.writeString(plan, """
                metadata: {operation_id: op-1, name: my first plan, owner: me, certification_level: 3}
                operation: {summary: ship it, services: [web]}
                sla_minutes: 20
                phases:
                  - id: app
                    name: App
                    objective: the old version runs
                    steps:
                      - {id: revert, action: revert, estimate: 5m, timeout: 10m, description: deploy the old one, verify: it runs}
                """);
        Cli cli = Cli.run("plan", "validate", plan.toString(), "--store", store());
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains(plan + ":3: field 'sla_minutes': breaks level 3 rule 'rollback time SLA: 15 minutes'")
                .contains("field 'scenarios': breaks level 3 rule 'partial rollback capability'")
                .contains("field 'verification_checklist': breaks level 2 rule 'verification checklist'");

        Files.writeString(plan, Files.readString(plan).replace("timeout: 10m", "timout: 10m"));
        Cli typo = Cli.run("plan", "validate", plan.toString(), "--store", store());
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).contains(plan + ":9: field 'phases[0].steps[0].timout'").contains("did you mean 'timeout'?");
    }

    @Test
    void aRehearsalOnTheDemoRecordsRealPhaseTimingsAndSatisfiesLevelThree() throws Exception {
        Cli before = Cli.run("plan", "validate", DEMO, "--store", store());
        assertThat(before.exit()).as("no rehearsal yet: " + before.err()).isEqualTo(2);
        assertThat(before.err()).contains("'rollback rehearsal conducted'");

        Cli cli = Cli.run("plan", "rehearse", DEMO, "--environment", "staging", "--confirm-gates", "--store", store(),
                "--out", dir.resolve("out").toString());
        assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("rollback_plan_accuracy:").contains("SLA: 1m 0s: met");

        try (RewindStore s = RewindStore.open(dir.resolve("s.db"))) {
            List<Rehearsals.Rehearsal> recorded = s.rehearsals().list("op-demo-shop", 10);
            assertThat(recorded).singleElement().satisfies(r -> {
                assertThat(r.passed()).isTrue();
                assertThat(r.environment()).isEqualTo("staging");
                assertThat(r.tookMs()).isPositive();
                assertThat(r.accuracy()).isBetween(0.0, 1.0);
                // every phase of the plan was measured, on the wall clock of real processes
                assertThat(r.phases()).extracting(p -> String.valueOf(p.get("phase")))
                        .contains("Stop impact", "Traffic", "Application rollback", "Verification", "Traffic restoration", "Cleanup");
                assertThat(r.phases()).allSatisfy(p -> assertThat(((Number) p.get("measured_ms")).longValue()).as(String.valueOf(p)).isPositive());
            });
            assertThat(s.unvouchedRehearsals()).as("the keyed audit entry vouches for the row").isEmpty();
        }
        Cli after = Cli.run("plan", "validate", DEMO, "--store", store());
        assertThat(after.exit()).as(after.out() + after.err()).isZero();
        assertThat(after.out()).contains("last passing rehearsal in the store");
    }

    @Test
    void aRehearsalInAProductionEnvironmentIsRefused() throws Exception {
        Path config = dir.resolve("rewind.yaml");
        Files.writeString(config, """
                environments:
                  production:
                    service: shop
                    production: true
                """);
        Cli cli = Cli.run("plan", "rehearse", DEMO, "--environment", "production", "--config", config.toString(), "--store", store());
        assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(2);
        assertThat(cli.err()).contains("production: true").contains("rehearse in staging");
    }
}
