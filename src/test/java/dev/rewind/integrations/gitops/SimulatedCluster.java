package dev.rewind.integrations.gitops;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The controllers a real cluster would run, played against the mock API server: the Deployment controller (a
 * rollout completes once its new spec is seen) and a GitOps controller (Argo CD with automated sync and selfHeal,
 * or Flux), which applies the image tag that Git says whenever its sync is on, and reports what it synced.
 * Without a pause, this controller puts the bad version back: that is the problem the GitOps steps solve.
 */
public final class SimulatedCluster implements AutoCloseable {
    public static final String IMAGE = "registry.example.com/shop";
    private final KubernetesClient client;
    private final String namespace;
    private final String deployment;
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-controllers");
        t.setDaemon(true);
        return t;
    });
    /** What the GitOps controller saw, in order: "paused", "synced <sha> tag <tag>". */
    public final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean gitopsSyncs = true;
    private volatile String lastRevision;
    private volatile Boolean wasPaused;

    /** Who the controllers' requests come from, so a test can tell their writes from Rewind's in the API server's log. */
    public static final String USER_AGENT = "simulated-controllers";

    public SimulatedCluster(KubernetesClient client, String namespace, String deployment) {
        this.client = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration()).withUserAgent(USER_AGENT).build()).build();
        this.namespace = namespace;
        this.deployment = deployment;
    }

    /** A Deployment running {@code current}, whose history (a ReplicaSet per revision) holds {@code previous} too. */
    public void deployment(String previous, String current) {
        Deployment d = new DeploymentBuilder()
                .withNewMetadata().withName(deployment).withNamespace(namespace).withLabels(Map.of("app", deployment))
                .withAnnotations(Map.of("deployment.kubernetes.io/revision", "2")).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", deployment)).endSelector()
                .withTemplate(template(IMAGE + ":" + current)).endSpec()
                .build();
        Deployment created = client.apps().deployments().inNamespace(namespace).resource(d).create();
        replicaSet(created, 1, previous);
        replicaSet(created, 2, current);
        completeRollout();
    }

    /** Starts the controllers: Argo CD's view ({@code argo}) or Flux's, against the repository in {@code bare}. */
    public SimulatedCluster run(boolean argo, String gitopsNamespace, String app, Path bare, String file) {
        ticks.scheduleWithFixedDelay(() -> {
            try {
                tick(argo, gitopsNamespace, app, bare, file);
            } catch (RuntimeException | IOException e) {
                seen.add("error " + e);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        return this;
    }

    /** From now on the GitOps controller reports what it last synced and never syncs again (a stuck controller). */
    public void stopSyncing() {
        gitopsSyncs = false;
    }

    public String image() {
        return client.apps().deployments().inNamespace(namespace).withName(deployment).get().getSpec().getTemplate().getSpec()
                .getContainers().getFirst().getImage();
    }

    private void tick(boolean argo, String ns, String app, Path bare, String file) throws IOException {
        Deployment d = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
        if (d == null) return;
        long observed = d.getStatus() == null || d.getStatus().getObservedGeneration() == null ? 0 : d.getStatus().getObservedGeneration();
        if (observed < d.getMetadata().getGeneration()) completeRollout();
        var type = argo ? GitOpsCluster.APPLICATION : GitOpsCluster.KUSTOMIZATION;
        GenericKubernetesResource r = client.genericKubernetesResources(type).inNamespace(ns).withName(app).get();
        if (r == null) return;
        boolean paused = argo ? GitOpsCluster.at(r.getAdditionalProperties(), "spec", "syncPolicy", "automated") == null
                : Boolean.TRUE.equals(GitOpsCluster.at(r.getAdditionalProperties(), "spec", "suspend"));
        if (!Boolean.valueOf(paused).equals(wasPaused)) {
            wasPaused = paused;
            if (paused) seen.add("paused");
        }
        if (paused || !gitopsSyncs) return;
        String[] head = gitHead(bare, file);
        String tag = newTag(head[1]);
        if (!image().equals(IMAGE + ":" + tag)) {
            // selfHeal: what Git says wins over what is running
            client.apps().deployments().inNamespace(namespace).withName(deployment).edit(x -> {
                x.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage(IMAGE + ":" + tag);
                return x;
            });
            seen.add("applied " + tag + " from " + head[0]);
        }
        if (!head[0].equals(lastRevision)) {
            lastRevision = head[0];
            seen.add("synced " + head[0] + " tag " + tag);
            GitOpsObjects objects = new GitOpsObjects(client);
            if (argo) objects.argoReports(ns, app, "Synced", "Healthy", head[0]);
            else objects.fluxReports(type, ns, app, "True", "main@sha1:" + head[0]);
        }
    }

    /** The head of main and the file's text there, read from the bare repository as the controller's fetch would. */
    private static String[] gitHead(Path bare, String file) throws IOException {
        try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).build();
             RevWalk walk = new RevWalk(repo)) {
            ObjectId head = repo.resolve("refs/heads/main");
            var tree = walk.parseCommit(head).getTree();
            try (TreeWalk t = TreeWalk.forPath(repo, file, tree)) {
                return new String[] {head.name(), new String(repo.open(t.getObjectId(0)).getBytes(), StandardCharsets.UTF_8)};
            }
        }
    }

    private static String newTag(String kustomization) {
        return kustomization.lines().map(String::strip).filter(l -> l.startsWith("newTag:"))
                .map(l -> l.substring("newTag:".length()).replaceAll("#.*", "").strip().replace("\"", "")).findFirst().orElseThrow();
    }

    private PodTemplateSpec template(String image) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(Map.of("app", deployment)).endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName(deployment).withImage(image).build()).endSpec()
                .build();
    }

    private void replicaSet(Deployment owner, long revision, String tag) {
        PodTemplateSpec t = template(IMAGE + ":" + tag);
        t.getMetadata().getLabels().put("pod-template-hash", "h" + revision);
        client.apps().replicaSets().inNamespace(namespace).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(deployment + "-h" + revision).withNamespace(namespace)
                .withLabels(Map.of("app", deployment, "pod-template-hash", "h" + revision))
                .withAnnotations(Map.of("deployment.kubernetes.io/revision", Long.toString(revision)))
                .withOwnerReferences(new OwnerReferenceBuilder().withKind("Deployment").withApiVersion("apps/v1")
                        .withName(deployment).withUid(owner.getMetadata().getUid()).withController(true).build())
                .endMetadata()
                .withNewSpec().withReplicas(0).withNewSelector().withMatchLabels(t.getMetadata().getLabels()).endSelector()
                .withTemplate(t).endSpec()
                .build()).create();
    }

    private void completeRollout() {
        Deployment d = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        var status = new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(replicas).withAvailableReplicas(replicas).withReadyReplicas(replicas).build();
        // status alone, merged: a spec change Rewind makes meanwhile must not be overwritten by a stale copy
        client.apps().deployments().inNamespace(namespace).withName(deployment)
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON),
                        Json.write(List.of(Map.of("op", "add", "path", "/status",
                                "value", client.getKubernetesSerialization().convertValue(status, Map.class)))));
    }

    /** A kubeconfig for the mock API server, as a new user's would point at their cluster. */
    public static Path kubeconfig(Path dir, KubernetesClient client) throws IOException {
        String server = client.getMasterUrl().toString().replaceAll("/$", "");
        return Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster: {server: "%s", insecure-skip-tls-verify: true}
                contexts:
                  - name: mock
                    context: {cluster: mock, user: rewind}
                current-context: mock
                users:
                  - name: rewind
                    user: {}
                """.formatted(server));
    }

    @Override
    public void close() throws InterruptedException {
        ticks.shutdownNow();
        ticks.awaitTermination(10, TimeUnit.SECONDS);
        client.close();
    }
}
