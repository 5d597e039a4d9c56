package dev.rewind.integrations.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * Builds Deployments and ReplicaSets the way the Deployment controller would leave them, and plays
 * that controller's part in status. The mock API server in CRUD mode runs no controller: it stores
 * objects and nothing more, so revisions and rollout progress are ours to write.
 */
record ClusterFixture(KubernetesClient client, String namespace) {

    static PodTemplateSpec template(String app, String image) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(Map.of("app", app)).endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName(app).withImage(image).build()).endSpec()
                .build();
    }

    Deployment deployment(String name, String app, String image, int replicas, long revision, Map<String, String> labels) {
        Deployment d = new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
                .withAnnotations(Map.of(RevisionHistory.REVISION, Long.toString(revision))).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(Map.of("app", app)).endSelector()
                .withTemplate(template(app, image)).endSpec()
                .build();
        client.apps().deployments().inNamespace(namespace).resource(d).create();
        completeRollout(name);
        return client.apps().deployments().inNamespace(namespace).withName(name).get();
    }

    /** A ReplicaSet owned by the Deployment, as the controller keeps one per revision. */
    void replicaSet(Deployment owner, long revision, String image, Map<String, String> extraEnv) {
        String app = owner.getSpec().getSelector().getMatchLabels().get("app");
        PodTemplateSpec t = template(app, image);
        t.getMetadata().getLabels().put("pod-template-hash", "hash" + revision);
        extraEnv.forEach((k, v) -> t.getSpec().getContainers().getFirst().getEnv().add(new io.fabric8.kubernetes.api.model.EnvVar(k, v, null)));
        client.apps().replicaSets().inNamespace(namespace).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(owner.getMetadata().getName() + "-hash" + revision).withNamespace(namespace)
                .withLabels(Map.of("app", app, "pod-template-hash", "hash" + revision))
                .withAnnotations(Map.of(RevisionHistory.REVISION, Long.toString(revision)))
                .withOwnerReferences(new OwnerReferenceBuilder().withKind("Deployment").withApiVersion("apps/v1")
                        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true).build())
                .endMetadata()
                .withNewSpec().withReplicas(0).withNewSelector().withMatchLabels(t.getMetadata().getLabels()).endSelector()
                .withTemplate(t).endSpec()
                .build()).create();
    }

    /** What the controller reports once every replica runs the current template. */
    void completeRollout(String name) {
        Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(replicas).withAvailableReplicas(replicas).withReadyReplicas(replicas).build());
        client.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
    }

    /** What the controller reports while a new template is being rolled out: old pods still serve. */
    void startRollout(String name) {
        Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(replicas + 1).withUpdatedReplicas(1).withAvailableReplicas(replicas).build());
        client.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
    }

    Deployment read(String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name).get();
    }

    static String image(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
    }
}
