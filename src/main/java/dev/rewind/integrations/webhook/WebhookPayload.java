package dev.rewind.integrations.webhook;

import dev.rewind.report.notify.Notification;
import dev.rewind.report.notify.Template;
import dev.rewind.report.notify.Text;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The generic webhook's template: the notification as one flat JSON object (documented in the README), with
 * every text bounded. The receiver checks its signature over these exact bytes.
 */
public final class WebhookPayload implements Template<WebhookPayload.Body> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The bytes to send and sign, and the ids a receiver dedupes by. */
    public record Body(String deliveryId, String event, byte[] bytes) {
    }

    @Override
    public Body render(Notification n) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", n.id());
        o.put("event", n.event().label());
        o.put("severity", n.severity().label());
        o.put("title", Text.truncate(Text.oneLine(n.title()), 500));
        o.put("body", Text.truncate(n.body(), 4000));
        o.put("at", n.at() == null ? null : n.at().toString());
        o.put("rollback_id", n.rollbackId());
        o.put("incident_key", n.incidentKey());
        o.put("service", n.service());
        o.put("environment", n.environment());
        o.put("from_version", n.fromVersion());
        o.put("to_version", n.toVersion());
        o.put("trigger", n.trigger());
        ObjectNode links = o.putObject("links");
        n.links().forEach(links::put);
        ObjectNode details = o.putObject("details");
        for (Map.Entry<String, Object> d : n.details().entrySet()) {
            if (details.size() >= 50) break;
            details.put(d.getKey(), Text.truncate(String.valueOf(d.getValue()), 2000));
        }
        return new Body(n.id(), n.event().label(), JSON.writeValueAsString(o).getBytes(StandardCharsets.UTF_8));
    }
}
