package dev.rewind.integrations.gitops;

import dev.rewind.model.ActionFailedException;
import dev.rewind.model.UnreachableException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.File;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One GitOps object in the cluster (an Argo CD Application, a Flux Kustomization or HelmRelease), read and patched as
 * a generic resource with its real group, version and kind: no typed model is needed, and nothing else is touched.
 */
final class GitOpsCluster {
    static final ResourceDefinitionContext APPLICATION = context("argoproj.io", "v1alpha1", "Application", "applications");
    static final ResourceDefinitionContext KUSTOMIZATION = context("kustomize.toolkit.fluxcd.io", "v1", "Kustomization", "kustomizations");
    static final ResourceDefinitionContext HELM_RELEASE = context("helm.toolkit.fluxcd.io", "v2", "HelmRelease", "helmreleases");
    static final ResourceDefinitionContext GIT_REPOSITORY = context("source.toolkit.fluxcd.io", "v1", "GitRepository", "gitrepositories");

    private final KubernetesClient client;
    private final ResourceDefinitionContext type;
    private final String namespace;
    private final String name;

    GitOpsCluster(KubernetesClient client, ResourceDefinitionContext type, String namespace, String name) {
        this.client = client;
        this.type = type;
        this.namespace = namespace;
        this.name = name;
    }

    static ResourceDefinitionContext context(String group, String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind).withPlural(plural)
                .withNamespaced(true).build();
    }

    /** {@code kubeconfig}/{@code context} when given, else the usual discovery (KUBECONFIG, ~/.kube/config, in-cluster). */
    static KubernetesClient connect(String kubeconfig, String context) {
        if (kubeconfig == null && context == null) return new KubernetesClientBuilder().build();
        if (kubeconfig == null) return new KubernetesClientBuilder().withConfig(Config.autoConfigure(context)).build();
        File file = new File(kubeconfig);
        if (!file.isFile()) throw new ActionFailedException("expected a readable kubeconfig file, found no file at " + kubeconfig);
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(context, file)).build();
    }

    String describe() {
        return type.getKind() + " " + namespace + "/" + name;
    }

    KubernetesClient client() {
        return client;
    }

    GenericKubernetesResource read() {
        GenericKubernetesResource r = call("read " + describe(), () -> resource().get());
        if (r == null) throw new ActionFailedException(describe() + " (" + type.getGroup() + "/" + type.getVersion() + ") not found");
        return r;
    }

    /** Changes the object as {@code change} says (a JSON patch of the difference: the controller's status writes are not overwritten). */
    GenericKubernetesResource edit(String what, UnaryOperator<GenericKubernetesResource> change) {
        read();
        return call(what + " " + describe(), () -> resource().edit(change));
    }

    private Resource<GenericKubernetesResource> resource() {
        return client.genericKubernetesResources(type).inNamespace(namespace).withName(name);
    }

    /** 401/403 are refused credentials, I/O failures an unreachable API server; every other refusal says what was refused. */
    <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            String url = safeUrl();
            if (e.getCode() == 401 || e.getCode() == 403) throw UnreachableException.unauthorized(url, e.getCode() + " while trying to " + what);
            if (e.getCode() == 0 || e.getCause() instanceof java.io.IOException) throw new UnreachableException(url, what + ": " + e.getMessage(), e);
            String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
            throw new ActionFailedException("Kubernetes refused to " + what + ": HTTP " + e.getCode() + " " + reason, e);
        }
    }

    private String safeUrl() {
        URI u = URI.create(client.getMasterUrl().toString());
        return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + u.getPath();
    }

    // --- the untyped object's parts, as the API returns them

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    /** The map at {@code key} of {@code parent}, created when absent. */
    static Map<String, Object> child(Map<String, Object> parent, String key) {
        Map<String, Object> m = map(parent.get(key));
        if (m == null) {
            m = new LinkedHashMap<>();
            parent.put(key, m);
        }
        return m;
    }

    static Object at(Object root, String... path) {
        Object o = root;
        for (String p : path) {
            Map<String, Object> m = map(o);
            if (m == null) return null;
            o = m.get(p);
        }
        return o;
    }

    static Map<String, Object> spec(GenericKubernetesResource r) {
        return child(r.getAdditionalProperties(), "spec");
    }

    static Map<String, Object> status(GenericKubernetesResource r) {
        Map<String, Object> s = map(r.getAdditionalProperties().get("status"));
        return s == null ? Map.of() : s;
    }

    static Map<String, String> annotations(GenericKubernetesResource r) {
        if (r.getMetadata().getAnnotations() == null) r.getMetadata().setAnnotations(new LinkedHashMap<>());
        return r.getMetadata().getAnnotations();
    }
}
