package dev.rewind.integrations.pagerduty;

import dev.rewind.model.AlertEvent;
import dev.rewind.report.notify.Notification;
import dev.rewind.report.notify.Template;
import dev.rewind.report.notify.Text;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The PagerDuty template: an Events API v2 event. A verified recovery resolves the incident; every other event
 * triggers (or updates) it. Both carry the incident's {@code dedup_key}, so one rollback is one PagerDuty
 * incident from its trigger to its resolve. The routing key is the transport's: the template never sees it.
 */
public final class PagerDutyEvent implements Template<PagerDutyEvent.Event> {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final String source;

    /** @param source payload.source as configured, or null: then the service and environment (or "rewind") */
    public PagerDutyEvent(String source) {
        this.source = source;
    }

    /** The rendered event without its routing key. */
    public record Event(String action, String dedupKey, ObjectNode body) {
    }

    @Override
    public Event render(Notification n) {
        String action = n.event() == AlertEvent.SUCCEEDED || n.event() == AlertEvent.METRICS_READABLE ? "resolve" : "trigger";
        ObjectNode body = JSON.createObjectNode();
        body.put("event_action", action);
        body.put("dedup_key", Text.truncate(n.incidentKey(), 255));
        if (action.equals("trigger")) {
            ObjectNode payload = body.putObject("payload");
            payload.put("summary", Text.truncate(Text.oneLine(n.title()), 1024));
            payload.put("source", Text.truncate(source(n), 255));
            payload.put("severity", severity(n));
            if (n.at() != null) payload.put("timestamp", n.at().toString());
            if (n.service() != null) payload.put("component", Text.truncate(n.service(), 255));
            if (n.environment() != null) payload.put("group", Text.truncate(n.environment(), 255));
            payload.put("class", n.event().label());
            ObjectNode custom = payload.putObject("custom_details");
            put(custom, "event", n.event().label());
            put(custom, "rollback_id", n.rollbackId());
            put(custom, "versions", n.versions());
            put(custom, "trigger", n.trigger());
            put(custom, "body", Text.truncate(n.body(), 4000));
            for (Map.Entry<String, Object> d : n.details().entrySet()) {
                if (custom.size() >= 30) break;
                put(custom, d.getKey(), Text.truncate(String.valueOf(d.getValue()), 1000));
            }
            if (!n.links().isEmpty()) {
                var links = body.putArray("links");
                n.links().forEach((name, url) -> links.addObject().put("href", url).put("text", Text.truncate(name, 200)));
            }
        }
        body.put("client", "Rewind");
        return new Event(action, n.incidentKey(), body);
    }

    private String source(Notification n) {
        if (source != null) return source;
        if (n.service() == null) return "rewind";
        return n.service() + (n.environment() == null ? "" : "/" + n.environment());
    }

    /** Events API severities: critical, error, warning, info. */
    private static String severity(Notification n) {
        return switch (n.severity()) {
            case CRITICAL -> "critical";
            case HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW -> "info";
        };
    }

    private static void put(ObjectNode o, String key, String value) {
        if (value != null) o.put(key, value);
    }
}
