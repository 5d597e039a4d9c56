package dev.rewind.server;

import dev.rewind.act.RollbackListener;
import dev.rewind.controller.FleetListener;
import dev.rewind.controller.ReleaseWatcher;
import dev.rewind.model.Alert;
import dev.rewind.model.Phase;
import dev.rewind.model.Step;
import dev.rewind.model.StepOutcome;
import dev.rewind.model.TriggerEvaluation;
import dev.rewind.store.Incidents;
import dev.rewind.store.ReleaseRecord;
import io.javalin.http.sse.SseClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fleet's events as server-sent events for the dashboard: each has a type (release, check, incident, rollback,
 * step, stable, auto_rollback) and a JSON body. A client that cannot keep up is dropped, never waited for.
 */
final class EventHub implements FleetListener {
    static final int MAX_CLIENTS = 200;

    private final List<SseClient> clients = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final Clock clock;

    EventHub(Clock clock) {
        this.clock = clock;
    }

    boolean add(SseClient client) {
        if (clients.size() >= MAX_CLIENTS) return false;
        clients.add(client);
        client.onClose(() -> clients.remove(client));
        return true;
    }

    int clients() {
        return clients.size();
    }

    void send(String type, Map<String, Object> data) {
        if (clients.isEmpty()) return; // nobody listens: no JSON to write (a fleet checks thousands of releases a second)
        Map<String, Object> body = new LinkedHashMap<>(data);
        body.put("at", clock.instant().toString());
        String json = RewindServer.redactedJson(body); // events pass the redactor as every API answer does
        String id = Long.toString(ids.incrementAndGet());
        for (SseClient c : clients) {
            try {
                c.sendEvent(type, json, id);
            } catch (RuntimeException gone) {
                clients.remove(c);
            }
        }
    }

    @Override
    public void registered(ReleaseRecord release) {
        send("release", Views.release(release));
    }

    @Override
    public void trafficMoved(ReleaseRecord release, int from) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(Views.release(release));
        m.put("traffic_percent_before", from);
        send("traffic", m);
    }

    @Override
    public void checked(ReleaseRecord release, ReleaseWatcher.Check check, long lagMillis) {
        if (clients.isEmpty()) return;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", release.service());
        m.put("environment", release.environment());
        m.put("version", release.version());
        m.put("decision", check.decision().code());
        m.put("lag_ms", lagMillis);
        m.put("triggers", check.evaluations().stream().map(EventHub::evaluation).toList());
        send("check", m);
    }

    private static Map<String, Object> evaluation(TriggerEvaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trigger", e.trigger().name());
        m.put("metric", e.trigger().metric());
        m.put("status", e.status().name().toLowerCase(java.util.Locale.ROOT));
        if (e.current() != null && Double.isFinite(e.current())) m.put("current", e.current());
        if (e.threshold() != null && Double.isFinite(e.threshold())) m.put("threshold", e.threshold());
        if (e.baseline() != null && Double.isFinite(e.baseline())) m.put("baseline", e.baseline());
        if (e.evidence() != null) {
            m.put("e_value", e.evidence().eValue());
            m.put("p_value", e.evidence().pValue());
        }
        return m;
    }

    @Override
    public void incident(Incidents.Incident incident, boolean opened) {
        Map<String, Object> m = new LinkedHashMap<>(Views.incident(incident));
        m.put("opened", opened);
        send("incident", m);
    }

    @Override
    public void rollback(String rollbackId, String status, Map<String, Object> fields) {
        Map<String, Object> m = new LinkedHashMap<>(fields);
        m.put("id", rollbackId);
        m.put("status", status);
        send("rollback", m);
    }

    @Override
    public RollbackListener progress(String rollbackId) {
        return new RollbackListener() {
            @Override
            public void phaseStarted(Phase phase) {
                send("step", Map.of("rollback", rollbackId, "phase", phase.name(), "state", "started"));
            }

            @Override
            public void stepFinished(Phase phase, Step step, StepOutcome outcome, Duration took) {
                send("step", Map.of("rollback", rollbackId, "phase", phase.name(), "step", step.id(), "state", outcome.status(),
                        "took_ms", took.toMillis()));
            }

            @Override
            public void held(boolean paused) {
                send("rollback", Map.of("id", rollbackId, "status", paused ? "paused" : "running"));
            }

            @Override
            public void alerted(Alert alert) {
                send("alert", Map.of("rollback", rollbackId, "severity", alert.severity().label(), "title", alert.title()));
            }
        };
    }

    @Override
    public void stable(ReleaseRecord release) {
        send("stable", Views.release(release));
    }

    @Override
    public void autoRollback(String service, boolean enabled, String reason) {
        send("auto_rollback", Map.of("service", service, "enabled", enabled, "reason", reason));
    }
}
