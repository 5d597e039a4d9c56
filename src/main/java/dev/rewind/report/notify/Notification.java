package dev.rewind.report.notify;

import dev.rewind.model.Alert;
import dev.rewind.model.AlertEvent;
import dev.rewind.model.Severity;
import dev.rewind.report.SecretMask;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What every channel's template renders from: an alert with the rollback's facts pulled out of its fields.
 * Fields whose key names a secret are masked here, once, before any template sees them.
 *
 * @param id      one id per notification, the same on every channel and every retry (receivers dedupe by it)
 * @param details the alert's other fields, masked by key
 * @param report  the incident report's Markdown, for {@link AlertEvent#POST_MORTEM_READY}; null until the lane reads it
 */
public record Notification(String id, AlertEvent event, Severity severity, String title, String body, Instant at,
                           String rollbackId, String service, String environment, String fromVersion, String toVersion,
                           String trigger, Map<String, String> links, Map<String, Object> details, String report) {

    /** Alert fields with a meaning of their own; everything else is a detail. */
    public static final String ROLLBACK_ID = "rollback_id";
    public static final String SERVICE = "service";
    public static final String ENVIRONMENT = "environment";
    public static final String FROM_VERSION = "from_version";
    public static final String TO_VERSION = "to_version";
    public static final String TRIGGER = "trigger";
    public static final String LINKS = "links";
    /** path of the incident report (Markdown) a post-mortem notification carries */
    public static final String INCIDENT_REPORT = "incident_report";
    private static final Set<String> OWN = Set.of(AlertEvent.FIELD, ROLLBACK_ID, SERVICE, ENVIRONMENT, FROM_VERSION, TO_VERSION, TRIGGER, LINKS);

    public Notification {
        links = links == null ? Map.of() : Map.copyOf(links);
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static Notification of(Alert alert) {
        Map<String, Object> f = alert.fields();
        Map<String, Object> details = new LinkedHashMap<>();
        f.forEach((k, v) -> {
            if (!OWN.contains(k)) details.put(k, v);
        });
        return new Notification(UUID.randomUUID().toString(), AlertEvent.of(alert), alert.severity(), alert.title(), alert.body(), alert.at(),
                text(f, ROLLBACK_ID), text(f, SERVICE), text(f, ENVIRONMENT), text(f, FROM_VERSION), text(f, TO_VERSION), text(f, TRIGGER),
                links(f.get(LINKS)), SecretMask.mask(details), null);
    }

    public Notification withReport(String markdown) {
        return new Notification(id, event, severity, title, body, at, rollbackId, service, environment, fromVersion, toVersion, trigger,
                links, details, markdown);
    }

    /**
     * One key per incident: the same for the trigger and the later resolve of one rollback (PagerDuty's dedup_key).
     * Without a rollback id (an approval request), the release is the incident.
     */
    public String incidentKey() {
        if (rollbackId != null) return "rewind/" + rollbackId;
        // a blind stretch is one incident per environment, opened when it begins and resolved when it ends
        if (event == AlertEvent.METRICS_BLIND || event == AlertEvent.METRICS_READABLE) return "rewind/blind/" + service + "/" + environment;
        return "rewind/" + service + "/" + environment + "/" + fromVersion;
    }

    /** "2.4.0 → 2.3.1", or whichever side is known. */
    public String versions() {
        if (fromVersion == null && toVersion == null) return null;
        return (fromVersion == null ? "?" : fromVersion) + " → " + (toVersion == null ? "?" : toVersion);
    }

    private static String text(Map<String, Object> f, String key) {
        Object v = f.get(key);
        return v == null ? null : v.toString();
    }

    /** Only http(s) links are kept: a link is rendered as something people click. */
    private static Map<String, String> links(Object v) {
        if (!(v instanceof Map<?, ?> m)) return Map.of();
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((name, url) -> {
            String u = String.valueOf(url);
            if (u.startsWith("https://") || u.startsWith("http://")) out.put(String.valueOf(name), u);
        });
        return out;
    }

    @Override
    public String toString() {
        return "Notification[" + id + " " + event.label() + " " + severity.label() + " " + title + "]";
    }
}
