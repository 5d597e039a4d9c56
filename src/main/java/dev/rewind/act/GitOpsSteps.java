package dev.rewind.act;

import dev.rewind.model.BadInputException;
import dev.rewind.model.StepAction;
import dev.rewind.model.StepOutcome;
import dev.rewind.model.StepOutcome.Failed;
import dev.rewind.model.StepOutcome.Skipped;
import dev.rewind.model.StepOutcome.Succeeded;
import dev.rewind.model.UnreachableException;
import dev.rewind.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The GitOps steps of one rollback: pause the controller, revert in Git, resume, and wait until the controller
 * reports the reverted revision synced and healthy. It remembers the revert it pushed, which the later steps act on.
 */
final class GitOpsSteps {
    private final GitOps gitops;
    private final TimeSource time;
    private GitRevert pushed;

    GitOpsSteps(GitOps gitops, TimeSource time) {
        this.gitops = gitops;
        this.time = time;
    }

    /** The revert a resumed rollback finds in its journal, for the steps after it. */
    void remember(GitRevert revert) {
        pushed = revert;
    }

    StepOutcome pause(StepAction.PauseSync p) {
        try {
            Map<String, Object> saved = gitops.controller().pause();
            boolean kept = Boolean.TRUE.equals(saved.get("already_paused_by_rewind"));
            return new Succeeded(gitops.controller().app() + " paused" + (kept ? " (already paused by Rewind; kept what was saved then)" : "")
                    + ": it will not re-apply Git over the rollback", saved);
        } catch (RuntimeException e) {
            return failed("could not pause " + gitops.controller().app() + ", so nothing was changed: ", e);
        }
    }

    StepOutcome revert(StepAction.RevertInGit r) {
        try {
            GitRevert revert = gitops.repository().revert(r.service(), r.from(), r.to());
            pushed = revert;
            Map<String, Object> data = new LinkedHashMap<>(revert.data());
            data.put("repository", gitops.repository().describe());
            String what = revert.changed() ? "committed " + shortSha(revert.commit()) + " (" + revert.before() + " -> " + revert.after() + ")"
                    : "already " + revert.after() + " at " + shortSha(revert.commit()) + "; nothing to commit";
            String where = revert.awaitsMerge() ? " on branch " + revert.branch() + ", pull request " + revert.pullRequest()
                    : " to " + revert.branch();
            return new Succeeded(what + where, data);
        } catch (RuntimeException e) {
            return failed("the revert did not land in Git, so " + gitops.controller().app() + " stays paused: ", e);
        }
    }

    StepOutcome resume(StepAction.ResumeSync s) {
        if (pushed == null) {
            return new Failed("no revert landed in Git during this rollback; " + s.app() + " stays paused", Map.of(StepRunner.RETRYABLE, false));
        }
        if (pushed.awaitsMerge()) {
            return new Skipped("kept paused: the revert waits in pull request " + pushed.pullRequest() + "; resuming before it is merged would let "
                    + s.app() + " re-apply the bad version from its branch");
        }
        try {
            Map<String, Object> restored = gitops.controller().resume();
            return new Succeeded(s.app() + " resumed: syncs from Git again, which now says " + pushed.after(), restored);
        } catch (RuntimeException e) {
            return failed(s.app() + " could not be resumed and stays paused: ", e);
        }
    }

    StepOutcome converge(StepAction.AwaitConvergence c) {
        if (pushed == null) return new Skipped("no revert landed in Git: nothing to converge on");
        if (pushed.awaitsMerge()) return new Skipped("sync stays paused until pull request " + pushed.pullRequest() + " is merged");
        Instant start = time.now();
        Instant deadline = start.plus(c.timeout());
        int polls = 0;
        SyncState state = null;
        String lastError = null;
        while (true) {
            polls++;
            try {
                state = gitops.controller().state();
                lastError = null;
                if (state.convergedOn(pushed.commit())) break;
            } catch (RuntimeException e) {
                lastError = e.getMessage();
            }
            if (!time.now().isBefore(deadline)) break;
            time.pause(gitops.pollEvery());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("revision", pushed.commit());
        data.put("waited_sec", Duration.between(start, time.now()).toSeconds());
        data.put("polls", polls);
        if (state != null) data.put("controller", state.data());
        if (lastError != null) data.put("error", lastError);
        if (state != null && state.convergedOn(pushed.commit())) {
            return new Succeeded(c.app() + " " + (state.tracksRevision() ? "synced and healthy on " + shortSha(pushed.commit())
                    : "ready (it reports no Git revision to match)") + " after " + Duration.between(start, time.now()).toSeconds() + "s", data);
        }
        String seen = lastError != null ? "last read failed: " + lastError : state == null ? "nothing read" : state.detail();
        return new Failed(c.app() + " did not report synced and healthy on " + shortSha(pushed.commit()) + " within "
                + c.timeout().toSeconds() + "s: " + seen, data);
    }

    /** Bad settings or refused credentials will fail again: another attempt cannot fix them. */
    private Failed failed(String prefix, RuntimeException e) {
        boolean retryable = !(e instanceof BadInputException) && !(e instanceof UnreachableException u && u.unauthorized());
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new Failed(prefix + message, Map.of(StepRunner.RETRYABLE, retryable, "app", gitops.controller().app()));
    }

    static String shortSha(String sha) {
        return sha != null && sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
