package dev.rewind.integrations.gitops;

import static dev.rewind.integrations.gitops.GitOpsCluster.annotations;
import static dev.rewind.integrations.gitops.GitOpsCluster.at;
import static dev.rewind.integrations.gitops.GitOpsCluster.spec;

import dev.rewind.act.SyncController;
import dev.rewind.act.SyncState;
import dev.rewind.model.ActionFailedException;
import dev.rewind.time.TimeSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Flux {@code Kustomization} (kustomize.toolkit.fluxcd.io/v1) or {@code HelmRelease} (helm.toolkit.fluxcd.io/v2).
 * Pausing sets {@code spec.suspend: true}, as {@code flux suspend} does, and keeps what {@code suspend} was (absent,
 * false or already true) in an annotation, so a resume restores exactly that and asks for a reconcile now.
 */
public final class FluxResource implements SyncController, AutoCloseable {
    public static final String SAVED = ArgoCdApplication.SAVED;
    /** What {@code flux reconcile} sets: the controller reconciles at once instead of at its next interval. */
    static final String RECONCILE = "reconcile.fluxcd.io/requestedAt";
    private static final String ABSENT = "absent";

    private final GitOpsCluster cluster;
    private final boolean helmRelease;
    private final String namespace;
    private final TimeSource time;

    /** @param kind Kustomization or HelmRelease */
    public FluxResource(KubernetesClient client, String kind, String namespace, String name, TimeSource time) {
        this.helmRelease = switch (kind) {
            case "Kustomization" -> false;
            case "HelmRelease" -> true;
            default -> throw new IllegalArgumentException("expected Kustomization or HelmRelease, found " + kind);
        };
        this.cluster = new GitOpsCluster(client, helmRelease ? GitOpsCluster.HELM_RELEASE : GitOpsCluster.KUSTOMIZATION, namespace, name);
        this.namespace = namespace;
        this.time = time;
    }

    @Override
    public String app() {
        return "Flux " + cluster.describe();
    }

    @Override
    public Map<String, Object> pause() {
        AtomicReference<Map<String, Object>> out = new AtomicReference<>();
        cluster.edit("suspend", r -> {
            Map<String, String> annotations = annotations(r);
            Map<String, Object> spec = spec(r);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("app", app());
            data.put("annotation", SAVED);
            if (annotations.containsKey(SAVED)) {
                Map<String, Object> saved = Json.read(annotations.get(SAVED));
                data.put("suspend_before", Objects.toString(saved.get("suspend"), ABSENT));
                data.put("already_paused_by_rewind", true);
            } else {
                Map<String, Object> saved = new LinkedHashMap<>();
                saved.put("suspend", spec.get("suspend"));
                saved.put("paused_at", time.now().toString());
                annotations.put(SAVED, Json.write(saved));
                data.put("suspend_before", Objects.toString(spec.get("suspend"), ABSENT));
                data.put("already_paused_by_rewind", false);
            }
            spec.put("suspend", true);
            out.set(data);
            return r;
        });
        return out.get();
    }

    @Override
    public Map<String, Object> resume() {
        AtomicReference<Map<String, Object>> out = new AtomicReference<>();
        AtomicReference<Object> sourceRef = new AtomicReference<>();
        String requestedAt = time.now().toString();
        cluster.edit("resume", r -> {
            Map<String, String> annotations = annotations(r);
            Map<String, Object> spec = spec(r);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("app", app());
            String raw = annotations.remove(SAVED);
            if (raw == null) {
                data.put("restored", "nothing: it carries no " + SAVED + " annotation (not paused by Rewind, or resumed already)");
            } else {
                Object suspend = Json.read(raw).get("suspend");
                if (suspend == null) spec.remove("suspend");
                else spec.put("suspend", suspend);
                data.put("restored", "suspend: " + Objects.toString(suspend, ABSENT));
            }
            annotations.put(RECONCILE, requestedAt);
            sourceRef.set(spec.get("sourceRef"));
            out.set(data);
            return r;
        });
        Map<String, Object> data = out.get();
        data.put("source_reconcile", requestSourceReconcile(sourceRef.get(), requestedAt));
        return data;
    }

    /** A Kustomization applies what its GitRepository last fetched: ask the source to fetch now too (flux reconcile --with-source). */
    private String requestSourceReconcile(Object sourceRef, String requestedAt) {
        if (helmRelease || !"GitRepository".equals(at(sourceRef, "kind")) || !(at(sourceRef, "name") instanceof String name)) {
            return "not requested (no GitRepository source)";
        }
        String ns = at(sourceRef, "namespace") instanceof String s ? s : namespace;
        GitOpsCluster source = new GitOpsCluster(cluster.client(), GitOpsCluster.GIT_REPOSITORY, ns, name);
        try {
            source.edit("request a reconcile of", g -> {
                annotations(g).put(RECONCILE, requestedAt);
                return g;
            });
            return "requested for GitRepository " + ns + "/" + name;
        } catch (ActionFailedException e) {
            // the Kustomization still reconciles at its own interval; the convergence check will tell
            return "not requested: " + e.getMessage();
        }
    }

    /**
     * Ready for the current generation. A Kustomization reports the Git revision it applied; a HelmRelease reports
     * chart versions only, so for it readiness after the resume is all there is to read.
     */
    @Override
    public SyncState state() {
        GenericKubernetesResource r = cluster.read();
        Map<String, Object> status = GitOpsCluster.status(r);
        Map<String, Object> ready = readyCondition(status);
        long generation = r.getMetadata().getGeneration() == null ? 0 : r.getMetadata().getGeneration();
        long observed = status.get("observedGeneration") instanceof Number n ? n.longValue() : -1;
        boolean current = observed >= generation;
        boolean isReady = ready != null && "True".equals(ready.get("status")) && current;
        boolean paused = Boolean.TRUE.equals(spec(r).get("suspend"));
        List<String> revisions = status.get("lastAppliedRevision") instanceof String rev ? List.of(rev) : List.of();
        String detail = "Ready " + (ready == null ? "unknown" : ready.get("status") + " (" + ready.get("reason") + ": " + ready.get("message") + ")")
                + (current ? "" : ", generation " + generation + " not yet observed (observed " + observed + ")")
                + (revisions.isEmpty() ? "" : ", last applied " + revisions.getFirst()) + (paused ? ", suspended" : "");
        return new SyncState(revisions, !helmRelease, isReady && !paused, isReady, paused, detail);
    }

    private static Map<String, Object> readyCondition(Map<String, Object> status) {
        if (!(status.get("conditions") instanceof List<?> conditions)) return null;
        return conditions.stream().map(GitOpsCluster::map).filter(c -> c != null && "Ready".equals(c.get("type"))).findFirst().orElse(null);
    }

    @Override
    public void close() {
        cluster.client().close();
    }
}
