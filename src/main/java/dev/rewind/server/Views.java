package dev.rewind.server;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.report.ActionSentence;
import dev.rewind.store.AuditEntry;
import dev.rewind.store.Incidents;
import dev.rewind.store.ReleaseRecord;
import dev.rewind.store.RollbackRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON the API answers with: snake_case names, ISO-8601 UTC times, nothing a caller must not see. */
final class Views {
    private Views() {
    }

    static Map<String, Object> release(ReleaseRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", r.service());
        m.put("environment", r.environment());
        m.put("version", r.version());
        m.put("previous", r.previousVersion());
        m.put("status", r.status().label());
        m.put("deployed_at", time(r.deployedAt()));
        m.put("watch_until", time(r.watchUntil()));
        m.put("batch_id", r.batchId());
        m.put("feature_flag", r.featureFlag());
        m.put("traffic_percent", r.trafficPercent());
        m.put("registered_by", r.registeredBy());
        m.put("changes", r.changes().stream().map(c -> Map.of("kind", c.kind(), "id", c.id(), "summary", c.summary() == null ? "" : c.summary(),
                "touches", c.touches())).toList());
        return m;
    }

    static Map<String, Object> incident(Incidents.Incident i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("service", i.service());
        m.put("environment", i.environment());
        m.put("version", i.version());
        m.put("status", i.status());
        m.put("decision", i.decision());
        m.put("opened_at", time(i.openedAt()));
        m.put("updated_at", time(i.updatedAt()));
        m.put("closed_at", time(i.closedAt()));
        m.put("rollback_id", i.rollbackId());
        m.put("findings", i.findings());
        return m;
    }

    static Map<String, Object> rollback(RollbackRecord r, String liveStatus) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("service", r.service());
        m.put("environment", r.environment());
        m.put("from", r.fromVersion());
        m.put("to", r.toVersion());
        m.put("status", liveStatus != null ? liveStatus : r.status());
        m.put("trigger", r.trigger());
        m.put("reason", r.reason());
        m.put("actor", r.actor());
        m.put("started_at", time(r.startedAt()));
        m.put("finished_at", time(r.finishedAt()));
        m.put("incident_id", r.incidentId());
        m.put("batch_id", r.batchId());
        if (!r.approval().isEmpty()) m.put("approval", r.approval());
        return m;
    }

    static Map<String, Object> rollbackWithJournal(RollbackRecord r, String liveStatus, List<ActionLogEntry> journal) {
        Map<String, Object> m = rollback(r, liveStatus);
        m.put("result", r.result());
        m.put("journal", journal.stream().map(e -> {
            Map<String, Object> j = new LinkedHashMap<>();
            // a step without an outcome is interrupted only once its rollback has ended; while it runs, it is in flight
            boolean inFlight = liveStatus != null && e.status().equals(dev.rewind.store.RollbackJournal.INTERRUPTED);
            j.put("action", e.action());
            j.put("status", inFlight ? "in_progress" : e.status());
            j.put("at", time(e.timestamp()));
            j.put("sentence", inFlight ? "in progress: " + e.details().getOrDefault("detail", e.action()) : ActionSentence.of(e));
            j.put("details", e.details());
            return j;
        }).toList());
        return m;
    }

    static Map<String, Object> audit(AuditEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("at", time(e.at()));
        m.put("actor", e.actor());
        m.put("action", e.action());
        m.put("target", e.target());
        m.put("detail", e.detail());
        m.put("hash", e.hash());
        return m;
    }

    static String time(Instant at) {
        return at == null ? null : at.toString();
    }
}
