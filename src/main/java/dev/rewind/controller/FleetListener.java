package dev.rewind.controller;

import dev.rewind.act.RollbackListener;
import dev.rewind.store.Incidents;
import dev.rewind.store.ReleaseRecord;
import java.util.Map;

/**
 * What happens in server mode, as it happens: the server turns these into server-sent events and metrics. Every
 * method has a no-op default; listeners must be quick and must not throw (the fleet logs and drops a throw).
 */
public interface FleetListener {
    FleetListener NONE = new FleetListener() {
    };

    default void registered(ReleaseRecord release) {
    }

    /** @param check the check's evaluations and decision; {@code lagMillis} how late it ran after it was due */
    default void checked(ReleaseRecord release, ReleaseWatcher.Check check, long lagMillis) {
    }

    default void incident(Incidents.Incident incident, boolean opened) {
    }

    /** A rollback changed state: running, awaiting_approval, paused, or how it ended. */
    default void rollback(String rollbackId, String status, Map<String, Object> fields) {
    }

    /** Step by step progress of one rollback. */
    default RollbackListener progress(String rollbackId) {
        return RollbackListener.NONE;
    }

    /** A canary's traffic moved ({@code from} percent before); below 100 it is checked against its control, at 100 against the baseline. */
    default void trafficMoved(ReleaseRecord release, int from) {
    }

    /** A release left its watch and became the stable baseline. */
    default void stable(ReleaseRecord release) {
    }

    default void autoRollback(String service, boolean enabled, String reason) {
    }
}
