package dev.rewind.act;

import java.util.Optional;

/**
 * Where a service's configuration lives (a Kubernetes ConfigMap or Secret, a file), with snapshots to go back to
 * (seed 003: configuration changes are reverted to the previous configuration). Values never leave the
 * implementation: snapshots carry keys and hashes only, so no secret reaches a journal or a log.
 */
public interface ConfigStore {

    /** Reads {@code target} now and keeps its data as snapshot {@code label}. */
    ConfigSnapshot capture(String target, String label);

    /**
     * Replaces {@code target}'s data with snapshot {@code label} (the newest kept one when null; never one kept
     * by a restore itself), keeping the target's own metadata, and runs the reload hook when there is one. The
     * data it replaces is kept first as snapshot {@code keepCurrentAs}, so the restore can itself be undone;
     * a snapshot that does not exist is refused before anything is kept or changed.
     */
    Restored restore(String target, String label, String keepCurrentAs);

    /** {@code target} as it is now, or empty when it does not exist. */
    Optional<ConfigSnapshot> current(String target);

    /**
     * @param snapshot what was put back
     * @param replaced what was there before, kept as {@code keepCurrentAs}; null when the target did not exist
     * @param reload   what the reload hook did ("POST https://... -> 204", "SIGHUP to pid 42"), or null without one
     */
    record Restored(ConfigSnapshot snapshot, ConfigSnapshot replaced, String reload) {
    }
}
