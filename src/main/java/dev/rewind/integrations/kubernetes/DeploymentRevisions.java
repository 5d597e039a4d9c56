package dev.rewind.integrations.kubernetes;

import dev.rewind.config.ReleaseSourceConfig;
import dev.rewind.config.ReleaseSourceConfig.Kind;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one Deployment, or one Argo Rollouts {@code Rollout} (argoproj.io/v1alpha1, read as a generic resource: its
 * {@code spec.template} is a pod template like a Deployment's), with a fabric8 informer and reports each new revision:
 * the pod template now runs another version (its image tag, or a label) than before. What the Deployment ran when first seen is reported once, marked
 * {@code initial}, so that a server that was down can catch up. Changes that keep the version (scaling, an annotation,
 * an env var) are not revisions of the release. The listener is called on the informer's thread; its failures are
 * logged and never stop the watch.
 */
public final class DeploymentRevisions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentRevisions.class);

    /**
     * @param previous the version the Deployment ran before, or null when {@code initial}
     * @param deployment the watched object's name (a Deployment's or a Rollout's; {@code kind} says which)
     * @param revision the revision annotation when the controller has set it ({@code deployment.kubernetes.io/revision},
     *                 {@code rollout.argoproj.io/revision}), or null
     * @param image    the watched container's image
     */
    public record Revision(String namespace, String deployment, String version, String previous, String revision, String image, boolean initial,
                           Kind kind) {
    }

    /** Argo Rollouts' Rollout, which fabric8 has no model class for. */
    public static final ResourceDefinitionContext ROLLOUTS = new ResourceDefinitionContext.Builder().withGroup("argoproj.io").withVersion("v1alpha1")
            .withKind("Rollout").withPlural("rollouts").withNamespaced(true).build();
    static final String ROLLOUT_REVISION = "rollout.argoproj.io/revision";

    /** What is read of either kind: the pod template's labels and containers, and the revision annotation. */
    record Template(Map<String, String> labels, List<Container> containers, String revision) {
        static Template of(Deployment d) {
            if (d == null || d.getSpec() == null || d.getSpec().getTemplate() == null) return null;
            var meta = d.getSpec().getTemplate().getMetadata();
            var spec = d.getSpec().getTemplate().getSpec();
            return new Template(meta == null || meta.getLabels() == null ? Map.of() : meta.getLabels(),
                    spec == null || spec.getContainers() == null ? List.of() : spec.getContainers(), annotation(d, RevisionHistory.REVISION));
        }

        /** A Rollout's {@code spec.template}; one with {@code workloadRef} instead has none (watch its Deployment). */
        static Template of(GenericKubernetesResource r) {
            if (r == null || !(r.get("spec", "template") instanceof Map<?, ?>)) return null;
            Map<String, String> labels = new java.util.LinkedHashMap<>();
            if (r.get("spec", "template", "metadata", "labels") instanceof Map<?, ?> m) m.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
            List<Container> containers = new java.util.ArrayList<>();
            if (r.get("spec", "template", "spec", "containers") instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Map<?, ?> c && c.get("name") instanceof String name) {
                        Container x = new Container();
                        x.setName(name);
                        x.setImage(c.get("image") instanceof String image ? image : null);
                        containers.add(x);
                    }
                }
            }
            return new Template(labels, containers, annotation(r, ROLLOUT_REVISION));
        }

        private static String annotation(HasMetadata o, String key) {
            var a = o.getMetadata() == null ? null : o.getMetadata().getAnnotations();
            return a == null ? null : a.get(key);
        }
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
    private SharedIndexInformer<?> informer;

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
        informer = config.kind() == Kind.ROLLOUT
                ? inform(client.genericKubernetesResources(ROLLOUTS).inNamespace(config.namespace()).withName(config.deployment()), Template::of)
                : inform(client.apps().deployments().inNamespace(config.namespace()).withName(config.deployment()), Template::of);
        return this;
    }

    private <T extends HasMetadata> SharedIndexInformer<T> inform(Informable<T> source, Function<T, Template> read) {
        SharedIndexInformer<T> i = source.runnableInformer(config.resync().toMillis());
        i.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T o) {
                Template t = read.apply(o);
                versionOf(t).ifPresent(v -> report(revision(v, null, t, true)));
            }

            @Override
            public void onUpdate(T before, T after) {
                changed(read.apply(before), read.apply(after)).ifPresent(DeploymentRevisions.this::report);
            }

            @Override
            public void onDelete(T o, boolean finalStateUnknown) {
                LOG.warn("release source {}: the {} was deleted; no releases are registered until it is back", where(), config.kind().word());
            }
        });
        i.exceptionHandler((started, t) -> {
            LOG.warn("release source {}: {} ({}); retrying", where(), started ? "the watch broke" : "the cluster cannot be read yet", t.getMessage());
            return !ExceptionHandler.isDeserializationException(t);
        });
        i.start();
        return i;
    }

    private String where() {
        return config.namespace() + "/" + config.deployment() + (config.kind() == Kind.DEPLOYMENT ? "" : " (" + config.kind().word() + ")");
    }

    private Revision revision(String version, String previous, Template t, boolean initial) {
        return new Revision(config.namespace(), config.deployment(), version, previous, t.revision(), container(t).map(Container::getImage).orElse(null),
                initial, config.kind());
    }

    /** Whether the first list has arrived (for a readiness check and for tests). */
    public boolean synced() {
        return informer != null && informer.hasSynced();
    }

    /** A new revision of the release between two states of the Deployment, or nothing when the version stayed. */
    Optional<Revision> changed(Deployment before, Deployment after) {
        return changed(Template.of(before), Template.of(after));
    }

    Optional<Revision> changed(Template before, Template after) {
        Optional<String> now = versionOf(after);
        if (now.isEmpty()) return Optional.empty();
        String was = versionOf(before).orElse(null);
        if (now.get().equals(was)) return Optional.empty();
        return Optional.of(revision(now.get(), was, after, false));
    }

    Optional<String> versionOf(Deployment d) {
        return versionOf(Template.of(d));
    }

    /** The version the pod template runs: the configured label's value, else the watched container's image tag. */
    Optional<String> versionOf(Template t) {
        if (t == null) return Optional.empty();
        if (config.versionLabel() != null) {
            String v = t.labels().get(config.versionLabel());
            if (v == null) LOG.warn("release source {}: the pod template has no label {}", where(), config.versionLabel());
            return Optional.ofNullable(v);
        }
        return container(t).map(c -> ClusterClient.tagOf(c.getImage()));
    }

    private Optional<Container> container(Template t) {
        Optional<Container> c = config.container() == null ? t.containers().stream().findFirst()
                : t.containers().stream().filter(x -> config.container().equals(x.getName())).findFirst();
        if (c.isEmpty()) LOG.warn("release source {}: no container {}", where(), config.container() == null ? "at all" : "named " + config.container());
        return c;
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
