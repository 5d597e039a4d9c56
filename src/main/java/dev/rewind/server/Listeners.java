package dev.rewind.server;

import dev.rewind.act.RollbackListener;
import dev.rewind.controller.FleetListener;
import dev.rewind.controller.ReleaseWatcher;
import dev.rewind.model.Alert;
import dev.rewind.model.Phase;
import dev.rewind.model.Step;
import dev.rewind.model.StepOutcome;
import dev.rewind.store.Incidents;
import dev.rewind.store.ReleaseRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Several fleet listeners as one: the event stream and the metrics hear the same events. */
final class Listeners implements FleetListener {
    private final List<FleetListener> all;

    private Listeners(List<FleetListener> all) {
        this.all = List.copyOf(all);
    }

    static FleetListener of(List<FleetListener> listeners) {
        return listeners.size() == 1 ? listeners.getFirst() : new Listeners(listeners);
    }

    @Override
    public void registered(ReleaseRecord release) {
        all.forEach(l -> l.registered(release));
    }

    @Override
    public void trafficMoved(ReleaseRecord release, int from) {
        all.forEach(l -> l.trafficMoved(release, from));
    }

    @Override
    public void checked(ReleaseRecord release, ReleaseWatcher.Check check, long lagMillis) {
        all.forEach(l -> l.checked(release, check, lagMillis));
    }

    @Override
    public void incident(Incidents.Incident incident, boolean opened) {
        all.forEach(l -> l.incident(incident, opened));
    }

    @Override
    public void rollback(String rollbackId, String status, Map<String, Object> fields) {
        all.forEach(l -> l.rollback(rollbackId, status, fields));
    }

    @Override
    public RollbackListener progress(String rollbackId) {
        List<RollbackListener> each = all.stream().map(l -> l.progress(rollbackId)).toList();
        return new RollbackListener() {
            @Override
            public void attemptStarted(String id, int attempt, int max) {
                each.forEach(l -> l.attemptStarted(id, attempt, max));
            }

            @Override
            public void phaseStarted(Phase phase) {
                each.forEach(l -> l.phaseStarted(phase));
            }

            @Override
            public void stepStarted(Phase phase, Step step) {
                each.forEach(l -> l.stepStarted(phase, step));
            }

            @Override
            public void stepFinished(Phase phase, Step step, StepOutcome outcome, Duration took) {
                each.forEach(l -> l.stepFinished(phase, step, outcome, took));
            }

            @Override
            public void phaseFinished(Phase phase, Duration took, boolean ok) {
                each.forEach(l -> l.phaseFinished(phase, took, ok));
            }

            @Override
            public void alerted(Alert alert) {
                each.forEach(l -> l.alerted(alert));
            }
        };
    }

    @Override
    public void stable(ReleaseRecord release) {
        all.forEach(l -> l.stable(release));
    }

    @Override
    public void autoRollback(String service, boolean enabled, String reason) {
        all.forEach(l -> l.autoRollback(service, enabled, reason));
    }
}
