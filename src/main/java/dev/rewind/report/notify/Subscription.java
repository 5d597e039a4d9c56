package dev.rewind.report.notify;

import dev.rewind.model.AlertEvent;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which events go to a channel (Argo's trigger + subscription), and how hard that channel tries. The events a
 * channel gets when its config names none depend on its kind, not on any event: a new event is off until a
 * config or {@link #DEFAULT_EVENTS} turns it on.
 */
public record Subscription(Channel<?> channel, Set<AlertEvent> events, DeliveryPolicy policy) {

    /** What people act on: a rollback began, ended (each way), or waits for them. */
    public static final Set<AlertEvent> DEFAULT_EVENTS = Set.copyOf(EnumSet.of(AlertEvent.STARTED, AlertEvent.SUCCEEDED,
            AlertEvent.SUCCESS_UNVERIFIED, AlertEvent.FAILED, AlertEvent.ESCALATED, AlertEvent.ABORTED, AlertEvent.AWAITING_APPROVAL,
            AlertEvent.METRICS_BLIND, AlertEvent.METRICS_READABLE));

    /**
     * Kinds whose defaults differ: an issue tracker gets the post-mortem; an incident pager opens on what needs a
     * person and resolves on success (an unverified recovery keeps the incident open).
     */
    private static final Map<String, Set<AlertEvent>> DEFAULTS_BY_TYPE = Map.of(
            "github", Set.of(AlertEvent.POST_MORTEM_READY),
            "pagerduty", Set.copyOf(EnumSet.of(AlertEvent.STARTED, AlertEvent.FAILED, AlertEvent.ESCALATED, AlertEvent.ABORTED,
                    AlertEvent.AWAITING_APPROVAL, AlertEvent.SUCCEEDED, AlertEvent.METRICS_BLIND, AlertEvent.METRICS_READABLE)));

    public Subscription {
        events = events.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(events));
        policy = policy == null ? DeliveryPolicy.DEFAULT : policy;
    }

    public static Set<AlertEvent> defaultsFor(String type) {
        return DEFAULTS_BY_TYPE.getOrDefault(type, DEFAULT_EVENTS);
    }

    public boolean wants(AlertEvent e) {
        return events.contains(e);
    }
}
