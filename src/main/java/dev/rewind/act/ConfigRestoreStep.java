package dev.rewind.act;

import dev.rewind.model.BadInputException;
import dev.rewind.model.StepAction;
import dev.rewind.model.StepOutcome;
import dev.rewind.model.StepOutcome.Failed;
import dev.rewind.model.StepOutcome.Succeeded;
import dev.rewind.time.TimeSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Seed 003's configuration rollback: keep what is there now (so the rollback itself can be undone), put the
 * snapshot back, read it back and compare, key by key, by hash. Only keys and hashes reach the journal.
 *
 * <p>Params: {@code snapshot} (the label to restore; default the newest one not kept by a restore).
 * The step's target is the ConfigMap or Secret name, or the file, that the environment's config store holds.
 */
final class ConfigRestoreStep {
    static final Set<String> PARAMS = Set.of("snapshot");
    /** Kubernetes object names are the strictest place a label goes: lower-case DNS labels. */
    static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'-'HHmmss").withZone(ZoneOffset.UTC);

    private final ConfigStore store;
    private final TimeSource time;

    ConfigRestoreStep(ConfigStore store, TimeSource time) {
        this.store = store;
        this.time = time;
    }

    /** @throws BadInputException naming {@code params.snapshot} */
    static String snapshotParam(String target, Map<String, String> params) {
        StepParams p = new StepParams("restore_config " + target, params, PARAMS);
        String label = p.string("snapshot", null);
        if (label != null && !LABEL.matcher(label).matches()) {
            throw p.error("snapshot", "expected a snapshot label of lower-case letters, digits, '.' and '-' (at most 63), found '" + label + "'");
        }
        return label; // a pre-restore-* label is allowed: it undoes an earlier restore
    }

    StepOutcome run(StepAction.RestoreConfig r) {
        String label;
        try {
            label = snapshotParam(r.target(), r.params());
        } catch (BadInputException e) {
            return new Failed(e.getMessage(), Map.of(StepRunner.RETRYABLE, false));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("target", r.target());
        ConfigStore.Restored restored;
        try {
            restored = store.restore(r.target(), label, ConfigSnapshot.PRE_RESTORE + STAMP.format(time.now()));
        } catch (BadInputException e) { // no such snapshot, an immutable object: another attempt would meet the same
            return new Failed(e.getMessage(), Map.of(StepRunner.RETRYABLE, false, "target", r.target()));
        }
        ConfigSnapshot snap = restored.snapshot();
        data.put("snapshot", Map.of("label", snap.label(), "taken_at", String.valueOf(snap.takenAt())));
        data.put("kept_before_restore", restored.replaced() == null ? "nothing: the target did not exist" : restored.replaced().label());
        Map<String, String> was = restored.replaced() == null ? Map.of() : restored.replaced().hashes();
        data.put("keys", keyChanges(was, snap.hashes()));
        if (restored.reload() != null) data.put("reload", restored.reload());
        Optional<ConfigSnapshot> now = store.current(r.target());
        data.put("hashes_after", now.map(ConfigSnapshot::hashes).orElse(Map.of()));
        if (now.isEmpty()) return new Failed(r.target() + " does not exist after restoring snapshot " + snap.label(), data);
        if (!now.get().hashes().equals(snap.hashes())) {
            List<String> differ = new ArrayList<>();
            for (String k : union(now.get().hashes(), snap.hashes())) {
                if (!java.util.Objects.equals(now.get().hashes().get(k), snap.hashes().get(k))) differ.add(k);
            }
            return new Failed("read back after the restore, " + r.target() + " differs from snapshot " + snap.label() + " in keys " + differ, data);
        }
        return new Succeeded(r.target() + " restored to snapshot " + snap.label() + " (" + snap.hashes().size() + " keys, verified by reading back)"
                + (restored.reload() == null ? "" : "; " + restored.reload()), data);
    }

    private static Map<String, Object> keyChanges(Map<String, String> was, Map<String, String> restored) {
        List<String> changed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (String k : union(was, restored)) {
            if (!was.containsKey(k)) added.add(k);
            else if (!restored.containsKey(k)) removed.add(k);
            else if (!was.get(k).equals(restored.get(k))) changed.add(k);
            else unchanged.add(k);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("changed", changed);
        out.put("added", added);
        out.put("removed", removed);
        out.put("unchanged", unchanged);
        return out;
    }

    private static TreeSet<String> union(Map<String, String> a, Map<String, String> b) {
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }
}
