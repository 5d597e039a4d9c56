package dev.rewind.integrations.kubernetes;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.UnreachableException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.File;
import java.net.URI;
import java.util.function.Supplier;

/** Connects to a cluster as a config block says, and turns API failures into Rewind's errors. */
final class ClusterClient {
    private ClusterClient() {}

    /** {@code kubeconfig}/{@code context} when given, else the usual discovery (KUBECONFIG, ~/.kube/config, in-cluster). */
    static KubernetesClient connect(IntegrationConfig config) {
        String kubeconfig = config.string("kubeconfig", null);
        String context = config.string("context", null);
        if (kubeconfig == null && context == null) return new KubernetesClientBuilder().build();
        Config cfg;
        if (kubeconfig != null) {
            File file = new File(kubeconfig);
            if (!file.isFile()) throw config.error("kubeconfig", "expected a readable kubeconfig file, found no file at " + kubeconfig);
            cfg = Config.fromKubeconfig(context, file);
        } else {
            cfg = Config.autoConfigure(context);
        }
        return new KubernetesClientBuilder().withConfig(cfg).build();
    }

    /** Runs one API call: 401/403 are refused credentials, I/O failures are an unreachable server. */
    static <T> T call(KubernetesClient client, String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            String url = safeUrl(client);
            if (e.getCode() == 401 || e.getCode() == 403) throw UnreachableException.unauthorized(url, e.getCode() + " while trying to " + what);
            if (e.getCode() == 0 || e.getCause() instanceof java.io.IOException) throw new UnreachableException(url, what + ": " + e.getMessage(), e);
            String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
            throw new ActionFailedException("Kubernetes refused to " + what + ": HTTP " + e.getCode() + " " + reason, e);
        }
    }

    // The master URL never holds credentials in fabric8's config, but strip any user info to be sure.
    private static String safeUrl(KubernetesClient client) {
        URI u = URI.create(client.getMasterUrl().toString());
        return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + u.getPath();
    }

    /**
     * The tag of an image reference ({@code repo/api:v2} -> {@code v2}). A reference pinned by digest keeps its tag
     * when it has one ({@code api:v2@sha256:...} -> {@code v2}); a bare digest yields the digest, which is no version.
     */
    static String tagOf(String image) {
        if (image == null) return null;
        int at = image.indexOf('@');
        if (at >= 0) {
            String named = image.substring(0, at);
            int colon = named.lastIndexOf(':');
            return colon > named.lastIndexOf('/') ? named.substring(colon + 1) : image.substring(at + 1);
        }
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "latest";
    }

    /**
     * {@code image} with its tag replaced by {@code version}. The repository always comes from the cluster: a version
     * that looks like a whole image reference ({@code alpine:3.19}) is refused, so a rollback cannot deploy another image.
     */
    static String withTag(String image, String version) {
        dev.rewind.model.VersionName.require(version, "rollback target", 0, "version");
        String repo = image;
        int at = repo.indexOf('@');
        if (at >= 0) repo = repo.substring(0, at);
        int colon = repo.lastIndexOf(':');
        if (colon > repo.lastIndexOf('/')) repo = repo.substring(0, colon);
        return repo + ":" + version;
    }
}
