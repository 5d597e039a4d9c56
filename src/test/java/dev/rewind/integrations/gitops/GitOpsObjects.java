package dev.rewind.integrations.gitops;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Argo CD and Flux objects in their real shapes (apiVersion, kind, the spec fields their docs show), created on the
 * mock API server, and the controllers' part: the mock runs no Argo CD or Flux, so the test writes their status.
 */
public record GitOpsObjects(KubernetesClient client) {
    public static final Map<String, Object> AUTOMATED = Map.of("prune", true, "selfHeal", true);

    /** An Application with automated sync (prune, selfHeal), sync options and a retry policy, Synced and Healthy on {@code revision}. */
    public GenericKubernetesResource application(String namespace, String name, String repoUrl, String path, Map<String, Object> automated,
                                                String revision) {
        Map<String, Object> syncPolicy = new LinkedHashMap<>();
        if (automated != null) syncPolicy.put("automated", new LinkedHashMap<>(automated));
        syncPolicy.put("syncOptions", List.of("CreateNamespace=true", "ApplyOutOfSyncOnly=true"));
        syncPolicy.put("retry", Map.of("limit", 5, "backoff", Map.of("duration", "5s", "factor", 2, "maxDuration", "3m")));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("project", "default");
        spec.put("source", Map.of("repoURL", repoUrl, "targetRevision", "main", "path", path));
        spec.put("destination", Map.of("server", "https://kubernetes.default.svc", "namespace", "shop"));
        spec.put("syncPolicy", syncPolicy);
        GenericKubernetesResource app = object("argoproj.io/v1alpha1", "Application", namespace, name, spec);
        create(GitOpsCluster.APPLICATION, app);
        argoReports(namespace, name, "Synced", "Healthy", revision);
        return read(GitOpsCluster.APPLICATION, namespace, name);
    }

    /** A Kustomization applying {@code path} from a GitRepository, Ready on {@code main@sha1:revision}. */
    public GenericKubernetesResource kustomization(String namespace, String name, String path, Boolean suspend, String revision) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("interval", "10m");
        spec.put("path", path);
        spec.put("prune", true);
        spec.put("sourceRef", Map.of("kind", "GitRepository", "name", name));
        if (suspend != null) spec.put("suspend", suspend);
        create(GitOpsCluster.KUSTOMIZATION, object("kustomize.toolkit.fluxcd.io/v1", "Kustomization", namespace, name, spec));
        fluxReports(GitOpsCluster.KUSTOMIZATION, namespace, name, "True", revision);
        return read(GitOpsCluster.KUSTOMIZATION, namespace, name);
    }

    public GenericKubernetesResource gitRepository(String namespace, String name, String url) {
        Map<String, Object> spec = Map.of("interval", "1m", "url", url, "ref", Map.of("branch", "main"));
        return create(GitOpsCluster.GIT_REPOSITORY, object("source.toolkit.fluxcd.io/v1", "GitRepository", namespace, name, spec));
    }

    /** A HelmRelease of a chart from a HelmRepository, with values; Ready. */
    public GenericKubernetesResource helmRelease(String namespace, String name, Boolean suspend) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("interval", "5m");
        spec.put("chart", Map.of("spec", Map.of("chart", "shop", "version", "1.4.x",
                "sourceRef", Map.of("kind", "HelmRepository", "name", "acme"))));
        spec.put("values", Map.of("image", Map.of("tag", "v2")));
        if (suspend != null) spec.put("suspend", suspend);
        create(GitOpsCluster.HELM_RELEASE, object("helm.toolkit.fluxcd.io/v2", "HelmRelease", namespace, name, spec));
        fluxReports(GitOpsCluster.HELM_RELEASE, namespace, name, "True", null);
        return read(GitOpsCluster.HELM_RELEASE, namespace, name);
    }

    /** What Argo CD writes after comparing with Git: {@code status.sync} and {@code status.health}. */
    public void argoReports(String namespace, String name, String sync, String health, String revision) {
        GenericKubernetesResource app = read(GitOpsCluster.APPLICATION, namespace, name);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("sync", Map.of("status", sync, "revision", revision,
                "comparedTo", Map.of("source", app.getAdditionalProperties().get("spec") instanceof Map<?, ?> s ? s.get("source") : Map.of())));
        status.put("health", Map.of("status", health));
        status.put("operationState", Map.of("phase", "Succeeded", "syncResult", Map.of("revision", revision)));
        mergeStatus(GitOpsCluster.APPLICATION, namespace, name, status);
    }

    /** What Flux writes: the Ready condition, the generation it observed, and (Kustomization) the revision it applied. */
    public void fluxReports(ResourceDefinitionContext type, String namespace, String name, String ready, String revision) {
        GenericKubernetesResource r = read(type, namespace, name);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("observedGeneration", r.getMetadata().getGeneration() == null ? 1 : r.getMetadata().getGeneration());
        status.put("conditions", List.of(Map.of("type", "Ready", "status", ready, "reason",
                "True".equals(ready) ? "ReconciliationSucceeded" : "ReconciliationFailed", "message",
                revision == null ? "Helm upgrade succeeded" : "Applied revision: " + revision, "lastTransitionTime", "2026-01-26T10:00:00Z")));
        if (revision != null) {
            status.put("lastAppliedRevision", revision);
            status.put("lastAttemptedRevision", revision);
        }
        mergeStatus(type, namespace, name, status);
    }

    /** A JSON patch of status alone (the mock's merge patch appends lists), as a controller writes it: a spec change made meanwhile (a pause) is not overwritten. */
    private void mergeStatus(ResourceDefinitionContext type, String namespace, String name, Map<String, Object> status) {
        client.genericKubernetesResources(type).inNamespace(namespace).withName(name)
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON),
                        Json.write(List.of(Map.of("op", "add", "path", "/status", "value", status))));
    }

    public GenericKubernetesResource read(ResourceDefinitionContext type, String namespace, String name) {
        return client.genericKubernetesResources(type).inNamespace(namespace).withName(name).get();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }

    public void deleteAll() {
        for (var type : List.of(GitOpsCluster.APPLICATION, GitOpsCluster.KUSTOMIZATION, GitOpsCluster.HELM_RELEASE, GitOpsCluster.GIT_REPOSITORY)) {
            client.genericKubernetesResources(type).inAnyNamespace().delete();
        }
    }

    private GenericKubernetesResource create(ResourceDefinitionContext type, GenericKubernetesResource r) {
        return client.genericKubernetesResources(type).inNamespace(r.getMetadata().getNamespace()).resource(r).create();
    }

    private static GenericKubernetesResource object(String apiVersion, String kind, String namespace, String name, Map<String, Object> spec) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(apiVersion);
        r.setKind(kind);
        r.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        r.getAdditionalProperties().put("spec", spec);
        return r;
    }
}
