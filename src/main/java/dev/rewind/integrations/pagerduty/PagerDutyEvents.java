package dev.rewind.integrations.pagerduty;

import dev.rewind.report.notify.DeliveryFailure;
import dev.rewind.report.notify.HttpDelivery;
import dev.rewind.report.notify.Receipt;
import dev.rewind.report.notify.Transport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** PagerDuty's Events API v2: POST the event with the integration's routing key to {@code /v2/enqueue}; 202 means queued. */
public final class PagerDutyEvents implements Transport<PagerDutyEvent.Event> {
    public static final URI ENQUEUE = URI.create("https://events.pagerduty.com/v2/enqueue");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final URI url;
    private final String routingKey;
    private final HttpDelivery http;

    public PagerDutyEvents(URI url, String routingKey, HttpDelivery http) {
        this.url = url;
        this.routingKey = routingKey;
        this.http = http;
    }

    @Override
    public Receipt deliver(PagerDutyEvent.Event event) throws DeliveryFailure {
        ObjectNode body = event.body().deepCopy();
        // routing_key first, as PagerDuty documents it; the rendered event never held it
        ObjectNode withKey = JSON.createObjectNode().put("routing_key", routingKey);
        withKey.setAll(body);
        HttpDelivery.Answer a = http.post(url, Map.of("Content-Type", "application/json"), JSON.writeValueAsString(withKey).getBytes(StandardCharsets.UTF_8));
        return new Receipt(a.status(), event.action() + " " + event.dedupKey());
    }

    @Override
    public String toString() {
        return "PagerDutyEvents[" + url.getHost() + ", routing_key=****]";
    }
}
