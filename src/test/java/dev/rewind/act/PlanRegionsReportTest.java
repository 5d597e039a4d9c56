package dev.rewind.act;

import static dev.rewind.act.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.config.PlanLoader;
import dev.rewind.controller.RollbackCase;
import dev.rewind.controller.RollbackPipeline;
import dev.rewind.model.Observations;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackStatus;
import dev.rewind.plan.RollbackPlanFile;
import dev.rewind.store.RewindStore;
import dev.rewind.time.ManualTimeSource;
import dev.rewind.wiring.EnvironmentWiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a regional plan as code leaves in incident-report.md, run the way {@code rollback} runs an environment with
 * {@code plan: FILE} (the environment's options, then the pipeline): the regions in order with the one after the failed
 * region skipped, and seed 004's escalation timeline with the levels reached and those still due, on the injected clock.
 */
class PlanRegionsReportTest {
    static final String PLAN = RegionalRollbackTest.PLAN;

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(T0);
    private RewindStore store;

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    @Test
    void theReportShowsTheRegionsWithTheSkippedOneAndTheEscalationLevelsReachedAndDue() throws Exception {
        store = RewindStore.open(dir.resolve("rewind.db"));
        FakeWorld eu = new FakeWorld().running("checkout", "2.4.0", "2.3.1");
        FakeWorld us = new FakeWorld().running("checkout", "2.4.0", "2.3.1");
        FakeWorld ap = new FakeWorld().running("checkout", "2.4.0", "2.3.1");
        us.onDeploy = () -> { // three attempts of 4 min: 12 min, over the 10-min SLA; the deployer's error has a pipe and a line break
            time.advance(Duration.ofMinutes(4));
            throw new IllegalStateException("rollout | image pull backoff\nexit 1");
        };
        Map<String, FakeWorld> worlds = Map.of("prod-eu", eu, "prod-us", us, "prod-ap", ap);
        RollbackPlanFile file = new PlanLoader(name -> null).parse("regions.yaml", PLAN);
        PlanOptions options = EnvironmentWiring.options(EnvironmentWiring.builtInDemo("prod-eu").withPlan(file), PlanOptions.defaults());
        Release release = new Release("checkout", "prod-eu", "2.4.0", "2.3.1", T0.minusSeconds(900), List.of(), null, 100, null);
        RollbackCase c = new RollbackCase(release, Strategy.ROLLING_UPDATE, options, null, List.of(), T0, "operator asked", "alice",
                dir.resolve("out"));
        RollbackPipeline pipeline = new RollbackPipeline(store, time, Fixtures.POLICY, actuators(eu), null)
                .withRegions(env -> actuators(worlds.get(env)));

        RollbackPipeline.Done done = pipeline.run(c, restoredAt -> new Observations(Map.of()), Map::of);

        assertThat(done.result().status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(ap.log).as("ap comes after the failed us and is never touched").isEmpty();
        assertThat(store.journal().entries(done.id())).filteredOn(e -> e.action().equals(RegionalRollback.REGION) && e.state().equals("skipped"))
                .singleElement().satisfies(e -> assertThat(e.detail()).startsWith("ap not rolled back: region us (prod-us) did not roll back"));
        String md = Files.readString(done.report().incidentReport());
        List<String> regionRows = section(md, "## Regions").stream().filter(l -> l.startsWith("| ") && !l.startsWith("| region")).toList();
        assertThat(regionRows).containsExactly(
                "| eu | success_unverified | 0 s | 600 s met |",
                "| us | failed | 735 s | 600 s **breached** |", // three 4-minute attempts, 5 s and 10 s apart
                "| ap | not rolled back (stopped) | - | - |");
        assertThat(section(md, "## Completion Criteria")).contains("- **Within the SLA**: no", "- **Criteria**: **not met**")
                .anySatisfy(l -> assertThat(l).startsWith("- **Targets rolled back**: 1 of 3 (33.3%"));

        List<String> rungs = section(md, "## Rollback Failure Escalation").stream().filter(l -> l.matches("\\| \\d .*")).toList();
        // the failure is known after each 4-minute attempt (the retries wait 5 s, then 10 s): 4 min in (level 1), 8 min 5 s
        // and 12 min 15 s in (level 2, reached once);
        // levels 3 and 4 fall due 15 and 30 minutes after the rollback began
        assertThat(rungs).hasSize(4);
        assertThat(rungs).as("a step's error stays inside its cell: five columns").allSatisfy(l ->
                assertThat(l.replace("\\|", "").chars().filter(ch -> ch == '|').count()).isEqualTo(6));
        assertThat(rungs.get(0)).contains("rollout \\| image pull backoff exit 1");
        assertThat(rungs.get(0)).startsWith("| 1 (First attempt failed) | 0-5 min | " + T0.plus(Duration.ofMinutes(4)) + " | reached: ");
        assertThat(rungs.get(1)).startsWith("| 2 (Retry failed) | 5-15 min | " + T0.plus(Duration.ofMinutes(8).plusSeconds(5)) + " | reached: ");
        assertThat(rungs.get(2)).startsWith("| 3 (Manual rollback struggling) | 15-30 min | due " + T0.plus(Duration.ofMinutes(15))
                + " | due if not resolved | Escalate to CTO/VP Engineering;");
        assertThat(rungs.get(3)).startsWith("| 4 (Critical incident) | 30+ min | due " + T0.plus(Duration.ofMinutes(30))
                + " | due if not resolved | Activate full incident response team;");
    }

    private static Actuators actuators(FakeWorld w) {
        return Actuators.none().withDeployer(w).withHealth(w).withNotifier(w);
    }

    /** The lines of one "## " section of the report, its heading excluded; empty when the section is missing. */
    private static List<String> section(String md, String heading) {
        List<String> lines = md.lines().toList();
        int start = lines.indexOf(heading);
        if (start < 0) return List.of();
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("## ")) end++;
        return lines.subList(start + 1, end);
    }
}
