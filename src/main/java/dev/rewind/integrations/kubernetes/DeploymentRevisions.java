package dev.rewind.integrations.kubernetes;

import dev.rewind.config.ReleaseSourceConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one Deployment with a fabric8 informer and reports each new revision: the pod template now runs another
 * version (its image tag, or a label) than before. What the Deployment ran when first seen is reported once, marked
 * {@code initial}, so that a server that was down can catch up. Changes that keep the version (scaling, an annotation,
 * an env var) are not revisions of the release. The listener is called on the informer's thread; its failures are
 * logged and never stop the watch.
 */
public final class DeploymentRevisions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentRevisions.class);

    /**
     * @param previous the version the Deployment ran before, or null when {@code initial}
     * @param revision the {@code deployment.kubernetes.io/revision} annotation when the controller has set it, or null
     * @param image    the watched container's image
     */
    public record Revision(String namespace, String deployment, String version, String previous, String revision, String image, boolean initial) {
    }

    /** Whoever registers the releases (server mode's fleet, through the wiring). */
    @FunctionalInterface
    public interface Listener {
        void revision(Revision r);
    }

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final ReleaseSourceConfig config;
    private final Listener listener;
    private SharedIndexInformer<Deployment> informer;

    public DeploymentRevisions(KubernetesClient client, boolean ownsClient, ReleaseSourceConfig config, Listener listener) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Connects as the block says (kubeconfig, context, else the usual discovery). */
    public static DeploymentRevisions connect(ReleaseSourceConfig config, Listener listener) {
        return new DeploymentRevisions(ClusterClient.connect(config.block()), true, config, listener);
    }

    /**
     * Starts the informer without waiting for the cluster: a cluster that cannot be reached yet is retried in the
     * background (and logged), so the server starts anyway. The first list's Deployment arrives as an initial revision.
     */
    public DeploymentRevisions start() {
        informer = client.apps().deployments().inNamespace(config.namespace()).withName(config.deployment()).runnableInformer(config.resync().toMillis());
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment d) {
                versionOf(d).ifPresent(v -> report(new Revision(config.namespace(), config.deployment(), v, null, revisionOf(d), imageOf(d), true)));
            }

            @Override
            public void onUpdate(Deployment before, Deployment after) {
                changed(before, after).ifPresent(DeploymentRevisions.this::report);
            }

            @Override
            public void onDelete(Deployment d, boolean finalStateUnknown) {
                LOG.warn("release source {}/{}: the Deployment was deleted; no releases are registered until it is back",
                        config.namespace(), config.deployment());
            }
        });
        informer.exceptionHandler((started, t) -> {
            LOG.warn("release source {}/{}: {} ({}); retrying", config.namespace(), config.deployment(),
                    started ? "the watch broke" : "the cluster cannot be read yet", t.getMessage());
            return !ExceptionHandler.isDeserializationException(t);
        });
        informer.start();
        return this;
    }

    /** Whether the first list has arrived (for a readiness check and for tests). */
    public boolean synced() {
        return informer != null && informer.hasSynced();
    }

    /** A new revision of the release between two states of the Deployment, or nothing when the version stayed. */
    Optional<Revision> changed(Deployment before, Deployment after) {
        Optional<String> now = versionOf(after);
        if (now.isEmpty()) return Optional.empty();
        String was = versionOf(before).orElse(null);
        if (now.get().equals(was)) return Optional.empty();
        return Optional.of(new Revision(config.namespace(), config.deployment(), now.get(), was, revisionOf(after), imageOf(after), false));
    }

    /** The version the pod template runs: the configured label's value, else the watched container's image tag. */
    Optional<String> versionOf(Deployment d) {
        if (d == null || d.getSpec() == null || d.getSpec().getTemplate() == null) return Optional.empty();
        if (config.versionLabel() != null) {
            var meta = d.getSpec().getTemplate().getMetadata();
            Map<String, String> labels = meta == null || meta.getLabels() == null ? Map.of() : meta.getLabels();
            String v = labels.get(config.versionLabel());
            if (v == null) LOG.warn("release source {}/{}: the pod template has no label {}", config.namespace(), config.deployment(), config.versionLabel());
            return Optional.ofNullable(v);
        }
        return container(d).map(c -> ClusterClient.tagOf(c.getImage()));
    }

    private String imageOf(Deployment d) {
        return container(d).map(Container::getImage).orElse(null);
    }

    private Optional<Container> container(Deployment d) {
        List<Container> containers = d.getSpec().getTemplate().getSpec() == null ? List.of() : d.getSpec().getTemplate().getSpec().getContainers();
        Optional<Container> c = config.container() == null ? containers.stream().findFirst()
                : containers.stream().filter(x -> config.container().equals(x.getName())).findFirst();
        if (c.isEmpty()) LOG.warn("release source {}/{}: no container {}", config.namespace(), config.deployment(),
                config.container() == null ? "at all" : "named " + config.container());
        return c;
    }

    private static String revisionOf(Deployment d) {
        var a = d.getMetadata() == null ? null : d.getMetadata().getAnnotations();
        return a == null ? null : a.get(RevisionHistory.REVISION);
    }

    private void report(Revision r) {
        try {
            listener.revision(r);
        } catch (RuntimeException e) {
            LOG.warn("release source {}/{}: version {} was not registered: {}", r.namespace(), r.deployment(), r.version(), e.getMessage());
        }
    }

    @Override
    public void close() {
        if (informer != null) informer.close();
        if (ownsClient) client.close();
    }
}
