package dev.rewind.act;

import java.util.Map;

/** A GitOps controller's object for one app (an Argo CD Application, a Flux Kustomization or HelmRelease). */
public interface SyncController {

    /** What it is, for messages and the report: "Argo CD Application argocd/shop". */
    String app();

    /**
     * Stops automatic sync, keeping what was there on the object itself (an annotation) so that {@link #resume}
     * restores it exactly, even from another process. A second pause keeps what the first one saved.
     *
     * @return what was there and what was done, for the journal
     */
    Map<String, Object> pause();

    /** Restores what {@link #pause} saved and asks the controller to read Git now; returns what was restored. */
    Map<String, Object> resume();

    /** What the controller reports now. */
    SyncState state();
}
