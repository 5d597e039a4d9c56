package dev.rewind.integrations.kubernetes;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Deployment's past pod templates, read from the ReplicaSets it owns, each numbered by the
 * {@code deployment.kubernetes.io/revision} annotation (what {@code kubectl rollout history} shows).
 */
record RevisionHistory(List<Revision> revisions) {
    static final String REVISION = "deployment.kubernetes.io/revision";

    /** One revision: its number and the pod template it ran, without the controller's pod-template-hash label. */
    record Revision(long number, PodTemplateSpec template) {}

    static RevisionHistory of(KubernetesClient client, Deployment deployment) {
        String namespace = deployment.getMetadata().getNamespace();
        Map<String, String> selector = deployment.getSpec().getSelector() == null
                ? Map.of() : deployment.getSpec().getSelector().getMatchLabels();
        String uid = deployment.getMetadata().getUid();
        List<ReplicaSet> sets = selector == null || selector.isEmpty()
                ? client.apps().replicaSets().inNamespace(namespace).list().getItems()
                : client.apps().replicaSets().inNamespace(namespace).withLabels(selector).list().getItems();
        List<Revision> revisions = sets.stream()
                .filter(rs -> ownedBy(rs, uid, deployment.getMetadata().getName()))
                .filter(rs -> revisionOf(rs) > 0)
                .map(rs -> new Revision(revisionOf(rs), withoutHash(rs.getSpec().getTemplate())))
                .sorted(Comparator.comparingLong(Revision::number))
                .toList();
        return new RevisionHistory(revisions);
    }

    /** The revision before the one the Deployment runs now, as {@code kubectl rollout undo} picks it. */
    Optional<Revision> previous(long current) {
        return revisions.stream().filter(r -> r.number() < current).reduce((a, b) -> b);
    }

    long latest() {
        return revisions.isEmpty() ? 0 : revisions.getLast().number();
    }

    private static boolean ownedBy(ReplicaSet rs, String uid, String name) {
        var owners = rs.getMetadata().getOwnerReferences();
        if (owners == null) return false;
        return owners.stream().anyMatch(o -> "Deployment".equals(o.getKind())
                && (uid != null ? uid.equals(o.getUid()) : name.equals(o.getName())));
    }

    static long revisionOf(io.fabric8.kubernetes.api.model.HasMetadata resource) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(REVISION);
        try {
            return value == null ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    // The hash label is the ReplicaSet's own; copying it into the Deployment would pin the wrong ReplicaSet.
    private static PodTemplateSpec withoutHash(PodTemplateSpec template) {
        var copy = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder(template).build();
        if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
            var labels = new java.util.LinkedHashMap<>(copy.getMetadata().getLabels());
            labels.remove("pod-template-hash");
            copy.getMetadata().setLabels(labels);
        }
        return copy;
    }
}
