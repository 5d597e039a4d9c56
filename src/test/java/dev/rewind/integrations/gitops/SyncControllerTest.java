package dev.rewind.integrations.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.act.SyncState;
import dev.rewind.model.ActionFailedException;
import dev.rewind.time.ManualTimeSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pausing and resuming Argo CD and Flux on fabric8's mock API server in CRUD mode (no API server or GitOps controller
 * can run here): the objects have the real apiVersion, kind and spec fields; the test plays the controllers' status.
 */
@EnableKubernetesMockClient(crud = true)
class SyncControllerTest {
    static KubernetesClient client;
    private static final String SHA = "6f1ed002ab5595859014ebf0951522d9b5f4f1c2";

    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-01-26T10:00:00Z"));
    private GitOpsObjects objects;

    @BeforeEach
    void clean() {
        objects = new GitOpsObjects(client);
        objects.deleteAll();
    }

    @Test
    void argoPauseDropsOnlyTheAutomatedPolicyAndKeepsItOnTheApplicationAndResumeRestoresTheSpecExactly() {
        GenericKubernetesResource before = objects.application("argocd", "shop", "https://git.example.com/config.git", "apps/shop",
                Map.of("prune", true, "selfHeal", true, "allowEmpty", false), SHA);
        ArgoCdApplication argo = new ArgoCdApplication(client, "argocd", "shop", time);

        Map<String, Object> paused = argo.pause();

        GenericKubernetesResource during = objects.read(GitOpsCluster.APPLICATION, "argocd", "shop");
        Map<String, Object> policy = GitOpsObjects.spec(during).get("syncPolicy") instanceof Map<?, ?> m ? cast(m) : Map.of();
        assertThat(policy).doesNotContainKey("automated").containsKeys("syncOptions", "retry");
        assertThat(during.getMetadata().getAnnotations().get(ArgoCdApplication.SAVED))
                .contains("\"prune\":true").contains("\"selfHeal\":true").contains("\"allowEmpty\":false").contains("2026-01-26T10:00:00Z");
        assertThat(paused).containsEntry("automated", Map.of("prune", true, "selfHeal", true, "allowEmpty", false))
                .containsEntry("already_paused_by_rewind", false);
        assertThat(argo.state().paused()).isTrue();

        Map<String, Object> resumed = argo.resume();

        GenericKubernetesResource after = objects.read(GitOpsCluster.APPLICATION, "argocd", "shop");
        assertThat(GitOpsObjects.spec(after)).isEqualTo(GitOpsObjects.spec(before));
        assertThat(after.getMetadata().getAnnotations()).doesNotContainKey(ArgoCdApplication.SAVED)
                .containsEntry("argocd.argoproj.io/refresh", "normal");
        assertThat(resumed).containsEntry("restored", "automated sync");
        assertThat(argo.state().paused()).isFalse();
    }

    @Test
    void aSecondPauseKeepsWhatTheFirstSavedSoTheResumeStillRestoresTheOriginal() {
        GenericKubernetesResource before = objects.application("argocd", "shop", "https://git.example.com/config.git", "apps/shop",
                GitOpsObjects.AUTOMATED, SHA);
        ArgoCdApplication argo = new ArgoCdApplication(client, "argocd", "shop", time);

        argo.pause();
        Map<String, Object> again = argo.pause();
        argo.resume();

        assertThat(again).containsEntry("already_paused_by_rewind", true).containsEntry("automated", GitOpsObjects.AUTOMATED);
        assertThat(GitOpsObjects.spec(objects.read(GitOpsCluster.APPLICATION, "argocd", "shop"))).isEqualTo(GitOpsObjects.spec(before));
    }

    @Test
    void anApplicationThatWasSyncedByHandStaysSoAfterPauseAndResume() {
        GenericKubernetesResource before = objects.application("argocd", "shop", "https://git.example.com/config.git", "apps/shop", null, SHA);
        ArgoCdApplication argo = new ArgoCdApplication(client, "argocd", "shop", time);

        assertThat(argo.pause()).containsEntry("automated", "none (manual sync)");
        assertThat(argo.resume()).containsEntry("restored", "nothing: sync was manual before the pause");
        assertThat(GitOpsObjects.spec(objects.read(GitOpsCluster.APPLICATION, "argocd", "shop"))).isEqualTo(GitOpsObjects.spec(before));
    }

    @Test
    void argoStateIsReadFromSyncStatusRevisionAndHealth() {
        objects.application("argocd", "shop", "https://git.example.com/config.git", "apps/shop", GitOpsObjects.AUTOMATED, SHA);
        ArgoCdApplication argo = new ArgoCdApplication(client, "argocd", "shop", time);

        assertThat(argo.state().convergedOn(SHA)).isTrue();
        objects.argoReports("argocd", "shop", "OutOfSync", "Progressing", SHA);
        SyncState s = argo.state();
        assertThat(s.convergedOn(SHA)).isFalse();
        assertThat(s.detail()).contains("sync OutOfSync").contains("health Progressing").contains(SHA);
        objects.argoReports("argocd", "shop", "Synced", "Healthy", "0123456789abcdef0123456789abcdef01234567");
        assertThat(argo.state().convergedOn(SHA)).as("synced, but on another revision").isFalse();
    }

    @Test
    void aMissingApplicationIsNamedWithItsApiGroup() {
        assertThatThrownBy(() -> new ArgoCdApplication(client, "argocd", "nope", time).pause())
                .isInstanceOf(ActionFailedException.class).hasMessageContaining("Application argocd/nope (argoproj.io/v1alpha1) not found");
    }

    @Test
    void fluxSuspendsAKustomizationAndResumeRemovesTheFieldItDidNotHaveAndAsksItAndItsSourceToReconcile() {
        GenericKubernetesResource before = objects.kustomization("flux-system", "shop", "./apps/shop", null, "main@sha1:" + SHA);
        objects.gitRepository("flux-system", "shop", "https://git.example.com/config.git");
        FluxResource flux = new FluxResource(client, "Kustomization", "flux-system", "shop", time);

        assertThat(flux.pause()).containsEntry("suspend_before", "absent");
        assertThat(GitOpsObjects.spec(objects.read(GitOpsCluster.KUSTOMIZATION, "flux-system", "shop"))).containsEntry("suspend", true);
        assertThat(flux.state().paused()).isTrue();

        time.advance(java.time.Duration.ofSeconds(30));
        Map<String, Object> resumed = flux.resume();

        GenericKubernetesResource after = objects.read(GitOpsCluster.KUSTOMIZATION, "flux-system", "shop");
        assertThat(GitOpsObjects.spec(after)).isEqualTo(GitOpsObjects.spec(before)).doesNotContainKey("suspend");
        assertThat(after.getMetadata().getAnnotations()).containsEntry("reconcile.fluxcd.io/requestedAt", "2026-01-26T10:00:30Z")
                .doesNotContainKey(FluxResource.SAVED);
        assertThat(objects.read(GitOpsCluster.GIT_REPOSITORY, "flux-system", "shop").getMetadata().getAnnotations())
                .containsEntry("reconcile.fluxcd.io/requestedAt", "2026-01-26T10:00:30Z");
        assertThat(resumed).containsEntry("source_reconcile", "requested for GitRepository flux-system/shop");
    }

    @Test
    void fluxKustomizationStateMatchesTheRevisionItApplied() {
        objects.kustomization("flux-system", "shop", "./apps/shop", false, "main@sha1:" + SHA);
        FluxResource flux = new FluxResource(client, "Kustomization", "flux-system", "shop", time);

        assertThat(flux.state().convergedOn(SHA)).isTrue();
        objects.fluxReports(GitOpsCluster.KUSTOMIZATION, "flux-system", "shop", "False", "main@sha1:" + SHA);
        assertThat(flux.state().convergedOn(SHA)).isFalse();
        assertThat(flux.state().detail()).contains("Ready False (ReconciliationFailed");
    }

    @Test
    void aHelmReleaseThatWasSuspendedFalseGetsFalseBackAndItsReadinessCountsOnlyForTheGenerationAfterTheResume() {
        GenericKubernetesResource before = objects.helmRelease("shop", "shop", false);
        FluxResource flux = new FluxResource(client, "HelmRelease", "shop", "shop", time);

        flux.pause();
        flux.resume();

        GenericKubernetesResource after = objects.read(GitOpsCluster.HELM_RELEASE, "shop", "shop");
        assertThat(GitOpsObjects.spec(after)).isEqualTo(GitOpsObjects.spec(before)).containsEntry("suspend", false);
        SyncState stale = flux.state();
        assertThat(stale.tracksRevision()).isFalse();
        assertThat(stale.convergedOn(SHA)).as("Ready is from before the resume: " + stale.detail()).isFalse();
        objects.fluxReports(GitOpsCluster.HELM_RELEASE, "shop", "shop", "True", null);
        assertThat(flux.state().convergedOn(SHA)).isTrue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    static List<String> annotationKeys(GenericKubernetesResource r) {
        return r.getMetadata().getAnnotations() == null ? List.of() : List.copyOf(r.getMetadata().getAnnotations().keySet());
    }
}
