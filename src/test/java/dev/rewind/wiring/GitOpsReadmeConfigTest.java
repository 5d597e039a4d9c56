package dev.rewind.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.act.PlanOptions;
import dev.rewind.act.RollbackPlanner;
import dev.rewind.config.ConfigLoader;
import dev.rewind.config.RewindConfig;
import dev.rewind.model.BadInputException;
import dev.rewind.model.Release;
import dev.rewind.model.Step;
import dev.rewind.time.ManualTimeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's GitOps config, exactly as printed: it loads, builds, and its plan has the GitOps steps in place. */
class GitOpsReadmeConfigTest {
    static final String MARKER = "<!-- readme-config: gitops-argocd -->";

    static String readmeConfig() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int marker = readme.indexOf(MARKER);
        assertThat(marker).as("README.md holds the marker %s", MARKER).isNotNegative();
        int start = readme.indexOf("```yaml\n", marker) + "```yaml\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    private static EnvironmentWiring wire(RewindConfig cfg) {
        ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-22T10:00:00Z"));
        return EnvironmentWiring.build(cfg, cfg.environments().get("production"), cfg.policy(),
                new Integrations(time, () -> { throw new AssertionError("no demo world here"); }), time, alert -> { }, null);
    }

    @Test
    void theReadmesArgoCdConfigLoadsAsPrintedAndItsPlanPausesFirstAndRevertsInGitAfterTheCluster() throws IOException {
        RewindConfig cfg = new ConfigLoader(name -> null).parse("README.md", readmeConfig()).config();
        EnvironmentWiring w = wire(cfg);

        assertThat(w.actuators().gitops()).isPresent();
        assertThat(w.actuators().gitops().get().controller().app()).isEqualTo("Argo CD Application argocd/shop");
        assertThat(w.actuators().gitops().get().repository().describe())
                .isEqualTo("https://github.com/acme/shop-config.git main:apps/shop/production/kustomization.yaml");
        var env = cfg.environments().get("production");
        Release release = new Release("shop", "production", "v2.4.0", "v2.3.1", Instant.EPOCH, List.of(), null, 100, null);
        List<String> ids = new RollbackPlanner(w.policy()).plan(release, w.strategy(), EnvironmentWiring.withGitOps(env, PlanOptions.defaults()))
                .steps().stream().map(Step::id).toList();
        assertThat(ids).containsSubsequence("validate-target", "pause-sync", "drain-traffic", "revert", "await-healthy",
                "revert-in-git", "resume-sync", "verify-convergence", "verify-metrics");
        assertThat(ids.indexOf("pause-sync")).isLessThan(ids.indexOf("drain-traffic"));
        assertThat(env.gitops().convergeTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(env.gitops().git().password().raw()).isEqualTo("${GIT_TOKEN}");
    }

    @Test
    void withoutTheGitopsBlockTheSamePlanHasNoGitOpsStepAndAWiringWithoutGitOpsIsRefusedForAPlanThatNeedsIt() throws IOException {
        String withoutGitops = readmeConfig().replaceAll("(?s)    gitops:.*", "");
        RewindConfig cfg = new ConfigLoader(name -> null).parse("README.md", withoutGitops).config();
        EnvironmentWiring w = wire(cfg);

        assertThat(w.actuators().gitops()).isEmpty();
        Release release = new Release("shop", "production", "v2.4.0", "v2.3.1", Instant.EPOCH, List.of(), null, 100, null);
        assertThat(new RollbackPlanner(w.policy()).plan(release, w.strategy(), EnvironmentWiring.withGitOps(cfg.environments().get("production"),
                PlanOptions.defaults())).steps()).noneMatch(s -> s.action().journalName().startsWith("GITOPS_"));
        var missing = dev.rewind.act.StepNeeds.of(new dev.rewind.model.StepAction.PauseSync("Argo CD Application argocd/shop"), w.actuators(), "rolling_update");
        assertThat(missing).isInstanceOfSatisfying(dev.rewind.act.StepNeeds.Missing.class, m -> assertThat(m.setting()).isEqualTo("gitops"));
    }

    @Test
    void whatTheGitopsBlockDoesNotCoverIsSaidWhenTheConfigLoads() throws IOException {
        String blueGreen = readmeConfig().replace("strategy: rolling_update", "strategy: blue_green")
                .replace("    deployer:", "    router: { type: kubernetes, namespace: shop, service: shop, colors: [blue, green] }\n    deployer:");
        String flagOnly = readmeConfig().replace("strategy: rolling_update", "strategy: feature_flag")
                .replace("    deployer:", "    feature_flag: new-checkout\n    flags: { type: builtin }\n    deployer:");

        assertThat(wire(new ConfigLoader(name -> null).parse("README.md", blueGreen).config()).check().notes())
                .anyMatch(n -> n.contains("Service selector switch is not written to Git"));
        assertThat(wire(new ConfigLoader(name -> null).parse("README.md", flagOnly).config()).check().notes())
                .anyMatch(n -> n.contains("a feature_flag rollback keeps the version"));
        assertThat(wire(new ConfigLoader(name -> null).parse("README.md", readmeConfig()).config()).check().notes())
                .noneMatch(n -> n.startsWith("gitops:"));
    }

    @Test
    void aSshUrlIsRefusedWhenTheConfigLoadsNamingTheLine() throws IOException {
        String ssh = readmeConfig().replace("https://github.com/acme/shop-config.git", "ssh://git@github.com/acme/shop-config.git");

        assertThatThrownBy(() -> new ConfigLoader(name -> null).parse("README.md", ssh))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("README.md:17").hasMessageContaining("use the repository's https:// URL");
    }
}
