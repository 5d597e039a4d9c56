package dev.rewind.integrations.gitops;

import static dev.rewind.integrations.gitops.GitOpsCluster.annotations;
import static dev.rewind.integrations.gitops.GitOpsCluster.at;
import static dev.rewind.integrations.gitops.GitOpsCluster.child;
import static dev.rewind.integrations.gitops.GitOpsCluster.map;
import static dev.rewind.integrations.gitops.GitOpsCluster.spec;

import dev.rewind.act.SyncController;
import dev.rewind.act.SyncState;
import dev.rewind.time.TimeSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An Argo CD {@code Application} (argoproj.io/v1alpha1). Pausing drops {@code spec.syncPolicy.automated}, the
 * switch that makes Argo CD re-apply Git by itself, and keeps what it was in an annotation on the Application, so
 * a resume (from this process or another) puts back exactly that: prune, selfHeal, allowEmpty, whatever was set.
 */
public final class ArgoCdApplication implements SyncController, AutoCloseable {
    /** Where a pause keeps what it took away: {@code {"automated": {...} or null, "paused_at": "..."}}. */
    public static final String SAVED = "rewind.dev/paused-sync";
    /** Argo CD's documented way to ask for a refresh now rather than at the next poll of Git. */
    static final String REFRESH = "argocd.argoproj.io/refresh";

    private final GitOpsCluster cluster;
    private final TimeSource time;

    public ArgoCdApplication(KubernetesClient client, String namespace, String name, TimeSource time) {
        this.cluster = new GitOpsCluster(client, GitOpsCluster.APPLICATION, namespace, name);
        this.time = time;
    }

    @Override
    public String app() {
        return "Argo CD " + cluster.describe();
    }

    @Override
    public Map<String, Object> pause() {
        AtomicReference<Map<String, Object>> out = new AtomicReference<>();
        cluster.edit("pause the automated sync of", app -> {
            Map<String, String> annotations = annotations(app);
            Map<String, Object> syncPolicy = map(spec(app).get("syncPolicy"));
            Object automated = syncPolicy == null ? null : syncPolicy.get("automated");
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("app", app());
            data.put("annotation", SAVED);
            if (annotations.containsKey(SAVED)) {
                // an earlier attempt paused it: what it saved is the original, what is there now is not
                Map<String, Object> saved = Json.read(annotations.get(SAVED));
                data.put("automated", orNone(saved.get("automated")));
                data.put("already_paused_by_rewind", true);
                data.put("paused_at", String.valueOf(saved.get("paused_at")));
            } else {
                Map<String, Object> saved = new LinkedHashMap<>();
                saved.put("automated", automated);
                saved.put("paused_at", time.now().toString());
                annotations.put(SAVED, Json.write(saved));
                data.put("automated", orNone(automated));
                data.put("already_paused_by_rewind", false);
            }
            if (syncPolicy != null) syncPolicy.remove("automated");
            out.set(data);
            return app;
        });
        return out.get();
    }

    @Override
    public Map<String, Object> resume() {
        AtomicReference<Map<String, Object>> out = new AtomicReference<>();
        cluster.edit("restore the automated sync of", app -> {
            Map<String, String> annotations = annotations(app);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("app", app());
            String raw = annotations.remove(SAVED);
            if (raw == null) {
                data.put("restored", "nothing: the Application carries no " + SAVED + " annotation (not paused by Rewind, or resumed already)");
            } else {
                Object automated = Json.read(raw).get("automated");
                if (automated != null) child(spec(app), "syncPolicy").put("automated", automated);
                data.put("restored", automated == null ? "nothing: sync was manual before the pause" : "automated sync");
                data.put("automated", orNone(automated));
            }
            annotations.put(REFRESH, "normal");
            out.set(data);
            return app;
        });
        return out.get();
    }

    @Override
    public SyncState state() {
        GenericKubernetesResource app = cluster.read();
        Object status = app.getAdditionalProperties().get("status");
        String sync = String.valueOf(at(status, "sync", "status"));
        String health = String.valueOf(at(status, "health", "status"));
        List<String> revisions = new ArrayList<>();
        if (at(status, "sync", "revision") instanceof String r) revisions.add(r);
        if (at(status, "sync", "revisions") instanceof List<?> many) many.forEach(r -> revisions.add(String.valueOf(r)));
        Object automated = at(app.getAdditionalProperties(), "spec", "syncPolicy", "automated");
        boolean paused = automated == null || Boolean.FALSE.equals(at(automated, "enabled"));
        Object phase = at(status, "operationState", "phase");
        String detail = "sync " + sync + ", health " + health + (revisions.isEmpty() ? "" : ", revision " + String.join(",", revisions))
                + (phase == null ? "" : ", last operation " + phase) + (paused ? ", automated sync off" : "");
        return new SyncState(revisions, true, "Synced".equals(sync), "Healthy".equals(health), paused, detail);
    }

    @Override
    public void close() {
        cluster.client().close();
    }

    private static Object orNone(Object automated) {
        return automated == null ? "none (manual sync)" : automated;
    }
}
