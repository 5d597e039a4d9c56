package dev.rewind.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's GitOps section, from the journal's GitOps entries: what happened, and what a person must still do. */
class GitOpsSectionTest {
    private static final Instant T = Instant.parse("2026-01-26T10:15:00Z");
    private static final String FLUX = "Flux Kustomization flux-system/shop";

    private static String render(RollbackStatus status, ActionLogEntry... gitops) {
        List<ActionLogEntry> log = new ArrayList<>(IncidentFixtures.actions());
        log.addAll(List.of(gitops));
        RollbackResult r = new RollbackResult("rb-1", status, "shop", "production", "v2.4.0", "v2.3.1", false, false, null, 1, T, T.plusSeconds(60),
                log, null);
        StringBuilder md = new StringBuilder();
        GitOpsSection.append(md, r);
        return md.toString();
    }

    private static ActionLogEntry paused(String app, Map<String, Object> saved) {
        Map<String, Object> d = new java.util.LinkedHashMap<>(saved);
        d.put("app", app);
        d.put("annotation", "rewind.dev/paused-sync");
        return new ActionLogEntry("GITOPS_SYNC_PAUSED", "success", T, d);
    }

    @Test
    void aRevertWaitingInAPullRequestLeavesFluxSuspendedAndTheSectionSaysWhatToMergeAndHowToResume() {
        String md = render(RollbackStatus.SUCCESS_UNVERIFIED,
                paused(FLUX, Map.of("suspend_before", "absent")),
                new ActionLogEntry("GITOPS_REVERTED_IN_GIT", "success", T.plusSeconds(20), Map.of("commit", "abc123", "branch", "rewind/rollback-shop",
                        "file", "apps/shop/kustomization.yaml", "changed", true, "before", "v2.4.0", "after", "v2.3.1",
                        "pull_request", "https://github.com/acme/config/pull/7")),
                new ActionLogEntry("GITOPS_SYNC_RESUMED", "skipped", T.plusSeconds(21), Map.of("detail", "kept paused: the revert waits in pull request")),
                new ActionLogEntry("GITOPS_CONVERGED", "skipped", T.plusSeconds(21), Map.of("detail", "sync stays paused")));

        assertThat(md).contains("**Sync paused**: yes, at 2026-01-26T10:15:00Z (suspend was absent; kept in the annotation rewind.dev/paused-sync)")
                .contains("pull request https://github.com/acme/config/pull/7 waits for review")
                .contains("**Flux Kustomization flux-system/shop stays paused.**")
                .contains("(merge https://github.com/acme/config/pull/7)")
                .contains("flux resume kustomization shop -n flux-system")
                .contains("kubectl -n flux-system annotate kustomization shop rewind.dev/paused-sync-");
        RollbackResult r = new RollbackResult("rb-1", RollbackStatus.SUCCESS, "shop", "production", "v2.4.0", "v2.3.1", false, false, null, 1,
                T, T, List.of(paused(FLUX, Map.of("suspend_before", "absent"))), null);
        assertThat(GitOpsSection.leftPaused(r)).isTrue();
    }

    @Test
    void anAppThatWasSuspendedBeforeTheRollbackIsOnlyToldToDropTheAnnotation() {
        String md = render(RollbackStatus.FAILED, paused(FLUX, Map.of("suspend_before", "true")),
                new ActionLogEntry("GITOPS_REVERTED_IN_GIT", "failed", T, Map.of("detail", "push rejected")));

        assertThat(md).contains("commit it by hand").contains("it was suspended before the rollback: nothing else to restore")
                .doesNotContain("flux resume");
    }

    @Test
    void aResumedAppIsSaidToSyncAgainAndARollbackWithoutGitOpsHasNoSection() {
        String resumed = render(RollbackStatus.SUCCESS,
                paused("Argo CD Application argocd/shop", Map.of("automated", Map.of("prune", true))),
                new ActionLogEntry("GITOPS_SYNC_RESUMED", "success", T, Map.of("restored", "automated sync")));

        assertThat(resumed).contains("**Sync resumed**: yes").contains("The sync runs again from Git").doesNotContain("stays paused");
        assertThat(render(RollbackStatus.SUCCESS)).isEmpty();
    }

    @Test
    void aPauseThatFailedSaysNothingWasChangedAndNoResumeIsNeeded() {
        String md = render(RollbackStatus.FAILED, new ActionLogEntry("GITOPS_SYNC_PAUSED", "failed", T,
                Map.of("app", "Argo CD Application argocd/shop", "detail", "could not pause Argo CD Application argocd/shop, so nothing was changed: HTTP 403")));

        assertThat(md).contains("**App**: Argo CD Application argocd/shop").contains("**Sync paused**: no: could not pause").doesNotContain("stays paused");
    }
}
