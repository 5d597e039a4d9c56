package dev.rewind.act;

import dev.rewind.model.MaintenanceMode;
import dev.rewind.model.SmokeTest;
import java.time.Duration;
import java.util.List;

/**
 * What a rollback command adds to the standard plan.
 *
 * @param targetVersion  --to; null means the release's previous version
 * @param immediate      --immediate: skip the validation gates
 * @param dependencies   what the target needs reachable (host:port or URLs)
 * @param canaryWeights  stable-side weights when shifting a canary back, ending at 100
 * @param canaryPause    time between canary shifts
 * @param gitops         the environment's GitOps setup, or null when nothing syncs it from Git
 * @param coded          a plan as code that replaces the built-in plan, or null
 * @param maintenance    how the service goes into maintenance during the rollback (config {@code maintenance:} with
 *                       {@code during_rollback: true}), or null: it stays open to users throughout
 */
public record PlanOptions(String targetVersion, boolean immediate, List<String> dependencies, List<SmokeTest> smokeTests,
                          List<Integer> canaryWeights, Duration canaryPause, GitOpsOptions gitops, CodedPlan coded,
                          MaintenanceMode maintenance) {
    public static final List<Integer> DEFAULT_CANARY_WEIGHTS = List.of(50, 80, 100);

    public PlanOptions {
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
        smokeTests = smokeTests == null ? List.of() : List.copyOf(smokeTests);
        canaryWeights = canaryWeights == null || canaryWeights.isEmpty() ? DEFAULT_CANARY_WEIGHTS : List.copyOf(canaryWeights);
        canaryPause = canaryPause == null ? Duration.ofSeconds(30) : canaryPause;
        if (canaryWeights.getLast() != 100) throw new IllegalArgumentException("canary weights must end at 100, got " + canaryWeights);
    }

    public PlanOptions(String targetVersion, boolean immediate, List<String> dependencies, List<SmokeTest> smokeTests,
                       List<Integer> canaryWeights, Duration canaryPause, GitOpsOptions gitops, CodedPlan coded) {
        this(targetVersion, immediate, dependencies, smokeTests, canaryWeights, canaryPause, gitops, coded, null);
    }

    public PlanOptions(String targetVersion, boolean immediate, List<String> dependencies, List<SmokeTest> smokeTests,
                       List<Integer> canaryWeights, Duration canaryPause, GitOpsOptions gitops) {
        this(targetVersion, immediate, dependencies, smokeTests, canaryWeights, canaryPause, gitops, null);
    }

    public PlanOptions(String targetVersion, boolean immediate, List<String> dependencies, List<SmokeTest> smokeTests,
                       List<Integer> canaryWeights, Duration canaryPause) {
        this(targetVersion, immediate, dependencies, smokeTests, canaryWeights, canaryPause, null, null);
    }

    public static PlanOptions defaults() {
        return new PlanOptions(null, false, null, null, null, null);
    }

    public PlanOptions immediately() {
        return new PlanOptions(targetVersion, true, dependencies, smokeTests, canaryWeights, canaryPause, gitops, coded, maintenance);
    }

    public PlanOptions to(String version) {
        return new PlanOptions(version, immediate, dependencies, smokeTests, canaryWeights, canaryPause, gitops, coded, maintenance);
    }

    /** The same options for an environment synced from Git ({@code null}: none). */
    public PlanOptions withGitOps(GitOpsOptions g) {
        return new PlanOptions(targetVersion, immediate, dependencies, smokeTests, canaryWeights, canaryPause, g, coded, maintenance);
    }

    /** The same options with a plan as code in place of the built-in plan ({@code null}: the built-in one). */
    public PlanOptions withPlan(CodedPlan plan) {
        return new PlanOptions(targetVersion, immediate, dependencies, smokeTests, canaryWeights, canaryPause, gitops, plan, maintenance);
    }

    /** The same options with the service held in maintenance while it is rolled back ({@code null}: not). */
    public PlanOptions withMaintenance(MaintenanceMode m) {
        return new PlanOptions(targetVersion, immediate, dependencies, smokeTests, canaryWeights, canaryPause, gitops, coded, m);
    }
}
