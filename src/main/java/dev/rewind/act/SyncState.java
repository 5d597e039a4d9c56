package dev.rewind.act;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a GitOps controller reports about its app.
 *
 * @param revisions the Git revisions it last synced or applied ("3f2c...", "main@sha1:3f2c..."); empty when the object
 *                  reports none it could be matched with (a HelmRelease reports chart versions, not commits)
 * @param synced    Argo CD: sync status Synced; Flux: the Ready condition is True for the current generation
 * @param healthy   Argo CD: health status Healthy; Flux: the same Ready condition
 * @param paused    automatic sync is off (no automated policy, or suspend: true)
 * @param detail    the controller's own words, for the journal ("Synced/Healthy at 3f2c...")
 */
public record SyncState(List<String> revisions, boolean tracksRevision, boolean synced, boolean healthy, boolean paused, String detail) {
    public SyncState {
        revisions = revisions == null ? List.of() : List.copyOf(revisions);
        detail = detail == null ? "" : detail;
    }

    /** Synced and healthy on {@code commit}, or, for an object that reports no Git revision, synced and healthy. */
    public boolean convergedOn(String commit) {
        return synced && healthy && (!tracksRevision || revisions.stream().anyMatch(r -> sameCommit(r, commit)));
    }

    /** Argo CD reports the bare SHA; Flux reports {@code branch@sha1:SHA} (older: {@code branch/SHA}). */
    static boolean sameCommit(String reported, String commit) {
        if (reported == null || commit == null || commit.isBlank()) return false;
        return reported.equals(commit) || reported.endsWith(":" + commit) || reported.endsWith("/" + commit) || reported.endsWith("@" + commit);
    }

    public Map<String, Object> data() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("revisions", revisions);
        d.put("synced", synced);
        d.put("healthy", healthy);
        d.put("paused", paused);
        d.put("status", detail);
        return d;
    }
}
