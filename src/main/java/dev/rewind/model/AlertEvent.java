package dev.rewind.model;

import java.util.Locale;
import java.util.Map;

/**
 * What an alert is about in a rollback's life. Notification subscriptions pick channels by it (Argo's
 * notifications-engine "triggers"), so a channel never parses titles. The label is the config word.
 */
public enum AlertEvent {
    STARTED,
    SUCCEEDED,
    SUCCESS_UNVERIFIED,
    FAILED,
    ESCALATED,
    ABORTED,
    AWAITING_APPROVAL,
    POST_MORTEM_READY,
    /** a watch cannot read its metrics (after retries), or gave up for it: nobody is looking, nothing rolls back */
    METRICS_BLIND,
    /** the metrics of a watch that was blind can be read again */
    METRICS_READABLE,
    /** anything else worth telling: a retried attempt, a step that failed while the rollback went on, an SLA breach */
    NOTICE;

    /** The alert field that carries the event's label. */
    public static final String FIELD = "event";

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a label ({@code started}, {@code post_mortem_ready}, ...); null for an unknown word, so callers can name the field. */
    public static AlertEvent parse(String text) {
        if (text == null) return null;
        for (AlertEvent e : values()) {
            if (e.label().equals(text.trim().toLowerCase(Locale.ROOT))) return e;
        }
        return null;
    }

    /** The event an alert carries in its fields; NOTICE when it carries none. */
    public static AlertEvent of(Alert alert) {
        AlertEvent e = parse(String.valueOf(alert.fields().get(FIELD)));
        return e == null ? NOTICE : e;
    }

    /** The fields of an alert about this event: {@code fields} plus the event's label. */
    public Map<String, Object> on(Map<String, Object> fields) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(fields);
        out.put(FIELD, label());
        return out;
    }
}
