package dev.rewind.act;

import dev.rewind.model.Phase;
import dev.rewind.model.Step;
import dev.rewind.model.StepAction;
import java.time.Duration;
import java.util.List;

/**
 * The GitOps phases a plan gets when the environment is synced from Git: the pause goes before the first change,
 * and the revert in Git, the resume and the convergence check after the cluster's own revert.
 */
final class GitOpsPhases {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private GitOpsPhases() {
    }

    static Phase pause(GitOpsOptions g) {
        return new Phase("Pause GitOps", g.app() + " stops syncing, so it cannot re-apply the bad version over the rollback", List.of(
                new Step("pause-sync", "pause the sync of " + g.app(), new StepAction.PauseSync(g.app()), MINUTE, Duration.ofSeconds(2), true)));
    }

    /**
     * A failed revert halts the rollback: resuming would re-apply the bad version from Git. A failed resume or
     * convergence does not: the cluster is rolled back either way, and the report says what a person must finish.
     */
    static Phase afterRevert(GitOpsOptions g, String service, String from, String to) {
        Duration git = g.gitTimeout().multipliedBy(3);
        return new Phase("GitOps", "Git says " + to + ", and " + g.app() + " syncs it again", List.of(
                new Step("revert-in-git", "commit " + to + " of " + service + " to the config repository",
                        new StepAction.RevertInGit(service, from, to), atLeastAMinute(git), Duration.ofSeconds(10), true),
                new Step("resume-sync", "resume the sync of " + g.app(), new StepAction.ResumeSync(g.app()), MINUTE, Duration.ofSeconds(2), false),
                new Step("verify-convergence", g.app() + " synced and healthy on the reverted revision",
                        new StepAction.AwaitConvergence(g.app(), g.convergeTimeout()), g.convergeTimeout().plus(MINUTE),
                        g.convergeTimeout().compareTo(MINUTE) < 0 ? g.convergeTimeout() : MINUTE, false)));
    }

    private static Duration atLeastAMinute(Duration d) {
        return d.compareTo(MINUTE) < 0 ? MINUTE : d;
    }
}
