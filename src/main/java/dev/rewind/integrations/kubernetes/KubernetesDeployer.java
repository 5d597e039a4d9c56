package dev.rewind.integrations.kubernetes;

import static dev.rewind.integrations.kubernetes.ClusterClient.call;

import dev.rewind.act.Deployer;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.ActionFailedException;
import dev.rewind.time.SystemTimeSource;
import dev.rewind.time.TimeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Rolls a Deployment back the way {@code kubectl rollout undo} does (the previous ReplicaSet's pod
 * template), or to a named image tag, then waits for the rollout on the injected clock. The Deployment
 * acted on is the configured one, or the one named like the service when none is configured.
 */
public final class KubernetesDeployer implements Deployer, AutoCloseable {
    /** Pass as {@code version} to {@link #deploy} to roll back to the revision before the current one. */
    public static final String PREVIOUS = "previous";
    private static final Set<String> SETTINGS = Set.of("namespace", "deployment", "container", "kubeconfig", "context",
            "rollout_timeout_seconds", "poll_seconds");

    private final KubernetesClient client;
    private final String namespace;
    private final String deployment;
    private final String container;
    private final RolloutWait rollout;
    private volatile Map<String, Object> lastSnapshot = Map.of();

    /**
     * @param deployment the Deployment's name, or null to use the service name given to each call
     * @param container  the container whose image is the version, or null for the first one
     */
    public KubernetesDeployer(KubernetesClient client, String namespace, String deployment, String container,
                              TimeSource time, Duration rolloutTimeout, Duration pollEvery) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.deployment = deployment;
        this.container = container;
        this.rollout = new RolloutWait(time, rolloutTimeout, pollEvery);
    }

    /** {@code {type: kubernetes, namespace, deployment, container?, kubeconfig?, context?, rollout_timeout_seconds}}. */
    public static KubernetesDeployer from(IntegrationConfig config, TimeSource time) {
        config.allowOnly(SETTINGS);
        int timeout = config.integer("rollout_timeout_seconds", 300, 1, 86_400);
        int poll = config.integer("poll_seconds", 2, 1, 300);
        return new KubernetesDeployer(ClusterClient.connect(config), config.string("namespace", "default"),
                config.string("deployment", null), config.string("container", null), time,
                Duration.ofSeconds(timeout), Duration.ofSeconds(poll));
    }

    public static KubernetesDeployer from(IntegrationConfig config) {
        return from(config, new SystemTimeSource());
    }

    @Override
    public String currentVersion(String service) {
        return ClusterClient.tagOf(containerOf(read(service).getSpec().getTemplate(), service).getImage());
    }

    /** The version runs now or ran in a revision the cluster still keeps (a registry is not asked). */
    @Override
    public boolean versionExists(String service, String version) {
        Deployment d = read(service);
        if (version.equals(currentVersion(service))) return true;
        return history(d).revisions().stream()
                .anyMatch(r -> version.equals(ClusterClient.tagOf(containerOf(r.template(), service).getImage())));
    }

    /**
     * {@code version} {@link #PREVIOUS} applies the previous revision's template; a version some kept revision
     * ran applies that revision's template (like {@code rollout undo --to-revision}); any other sets the image tag.
     */
    @Override
    public void deploy(String service, String version) {
        Deployment d = read(service);
        snapshot(d);
        PodTemplateSpec target = PREVIOUS.equals(version) ? previousTemplate(d) : templateFor(d, service, version);
        call(client, "update deployment " + name(service), () -> resource(service).edit(x -> {
            x.getSpec().setTemplate(target);
            return x;
        }));
        rollout.until("deployment " + namespace + "/" + name(service), () -> resource(service).get());
    }

    @Override
    public void restart(String service, String version) {
        String running = currentVersion(service);
        if (version != null && !version.equals(running)) {
            throw new ActionFailedException("cannot restart " + version + " of deployment " + name(service) + ": it runs " + running);
        }
        snapshot(read(service));
        String at = rollout.time().now().toString();
        call(client, "restart deployment " + name(service), () -> resource(service).edit(x -> {
            var meta = x.getSpec().getTemplate().getMetadata();
            Map<String, String> annotations = meta.getAnnotations() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getAnnotations());
            annotations.put("kubectl.kubernetes.io/restartedAt", at);
            meta.setAnnotations(annotations);
            return x;
        }));
        rollout.until("deployment " + namespace + "/" + name(service), () -> resource(service).get());
    }

    /**
     * Scales to zero every Deployment of the service that runs {@code version} (the failed colour in
     * blue-green), matched by image tag or {@code version} label; the pod template and its image stay.
     */
    @Override
    public void scaleDown(String service, String version) {
        List<Deployment> failed = call(client, "list deployments in " + namespace,
                () -> client.apps().deployments().inNamespace(namespace).list().getItems()).stream()
                .filter(d -> belongsTo(d, service) && runs(d, service, version))
                .toList();
        if (failed.isEmpty()) {
            throw new ActionFailedException("no deployment of " + service + " in namespace " + namespace + " runs version " + version);
        }
        for (Deployment d : failed) {
            snapshot(d);
            String n = d.getMetadata().getName();
            // Only spec.replicas changes: the template, and so the image, stays for debugging.
            call(client, "scale deployment " + n + " to 0", () -> client.apps().deployments().inNamespace(namespace).withName(n).edit(x -> {
                x.getSpec().setReplicas(0);
                return x;
            }));
        }
    }

    @Override
    public Map<String, Object> snapshot(String service) {
        return snapshot(read(service));
    }

    /** The last Deployment captured before acting (the whole object), for the journal. */
    public Map<String, Object> lastSnapshot() {
        return lastSnapshot;
    }

    @Override
    public void close() {
        client.close();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> snapshot(Deployment d) {
        Map<String, Object> map = client.getKubernetesSerialization().convertValue(d, Map.class);
        lastSnapshot = java.util.Collections.unmodifiableMap(map);
        return lastSnapshot;
    }

    private PodTemplateSpec previousTemplate(Deployment d) {
        RevisionHistory history = history(d);
        long current = RevisionHistory.revisionOf(d);
        long from = current > 0 ? current : history.latest();
        return history.previous(from).map(RevisionHistory.Revision::template).orElseThrow(() -> new ActionFailedException(
                "deployment " + d.getMetadata().getName() + " has no revision before " + from + " to roll back to"));
    }

    private PodTemplateSpec templateFor(Deployment d, String service, String version) {
        List<RevisionHistory.Revision> ran = history(d).revisions().stream()
                .filter(r -> version.equals(ClusterClient.tagOf(containerOf(r.template(), service).getImage())))
                .toList();
        if (!ran.isEmpty()) return ran.getLast().template();
        PodTemplateSpec template = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder(d.getSpec().getTemplate()).build();
        Container c = containerOf(template, service);
        c.setImage(ClusterClient.withTag(c.getImage(), version));
        return template;
    }

    private RevisionHistory history(Deployment d) {
        return call(client, "list replica sets of " + d.getMetadata().getName(), () -> RevisionHistory.of(client, d));
    }

    private Container containerOf(PodTemplateSpec template, String service) {
        List<Container> containers = template.getSpec().getContainers();
        if (container == null) {
            if (containers.isEmpty()) throw new ActionFailedException("deployment " + name(service) + " has no container");
            return containers.getFirst();
        }
        return containers.stream().filter(c -> container.equals(c.getName())).findFirst().orElseThrow(() ->
                new ActionFailedException("deployment " + name(service) + " has no container named " + container
                        + "; it has " + containers.stream().map(Container::getName).toList()));
    }

    private boolean belongsTo(Deployment d, String service) {
        Map<String, String> labels = d.getMetadata().getLabels() == null ? Map.of() : d.getMetadata().getLabels();
        return d.getMetadata().getName().equals(name(service)) || service.equals(labels.get("app"))
                || service.equals(labels.get("app.kubernetes.io/name"));
    }

    private boolean runs(Deployment d, String service, String version) {
        Map<String, String> labels = d.getMetadata().getLabels() == null ? Map.of() : d.getMetadata().getLabels();
        if (version.equals(labels.get("version")) || version.equals(d.getMetadata().getName())) return true;
        return d.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> container == null || container.equals(c.getName()))
                .anyMatch(c -> version.equals(ClusterClient.tagOf(c.getImage())));
    }

    private Deployment read(String service) {
        Deployment d = call(client, "read deployment " + name(service), () -> resource(service).get());
        if (d == null) throw new ActionFailedException("deployment " + namespace + "/" + name(service) + " not found");
        return d;
    }

    private RollableScalableResource<Deployment> resource(String service) {
        return client.apps().deployments().inNamespace(namespace).withName(name(service));
    }

    private String name(String service) {
        return deployment != null ? deployment : service;
    }
}
