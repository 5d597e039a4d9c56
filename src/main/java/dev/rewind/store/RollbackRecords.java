package dev.rewind.store;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.RollbackResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns an executor's result into a history row, with the rollback_result fields of seed 000 as its JSON. */
public final class RollbackRecords {
    private RollbackRecords() {
    }

    public static RollbackRecord of(RollbackResult r, String reason, String actor, String trigger, String reportPath) {
        return new RollbackRecord(r.id(), r.service(), r.environment(), r.revertedFrom(), r.revertedTo(), r.status().label(),
                reason, actor, trigger, r.startedAt(), r.finishedAt(), resultFields(r), reportPath);
    }

    /** seed 000's names; the diagnosis is left to the report, which owns it. */
    public static Map<String, Object> resultFields(RollbackResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", r.status().label());
        m.put("reverted_to", r.revertedTo());
        m.put("reverted_from", r.revertedFrom());
        m.put("flag_deactivated", r.flagDeactivated());
        m.put("metrics_normalized", r.metricsNormalized());
        m.put("normalization_time_sec", r.normalizationTimeSec());
        m.put("attempts", r.attempts());
        List<Map<String, Object>> log = r.actionsLog().stream().map(RollbackRecords::line).toList();
        m.put("actions_log", log);
        return m;
    }

    private static Map<String, Object> line(ActionLogEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", e.action());
        m.put("status", e.status());
        m.put("timestamp", e.timestamp().toString());
        m.putAll(e.details());
        return m;
    }
}
