package dev.rewind.integrations.slack;

import dev.rewind.report.notify.DeliveryFailure;
import dev.rewind.report.notify.HttpDelivery;
import dev.rewind.report.notify.Receipt;
import dev.rewind.report.notify.Transport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Slack's incoming webhook: POST the Block Kit JSON to the webhook URL, which is itself the secret. */
public final class SlackWebhook implements Transport<String> {
    private final URI url;
    private final HttpDelivery http;

    public SlackWebhook(URI url, HttpDelivery http) {
        this.url = url;
        this.http = http;
    }

    @Override
    public Receipt deliver(String json) throws DeliveryFailure {
        HttpDelivery.Answer a = http.post(url, Map.of("Content-Type", "application/json; charset=utf-8"), json.getBytes(StandardCharsets.UTF_8));
        return new Receipt(a.status(), "posted to Slack");
    }

    @Override
    public String toString() {
        return "SlackWebhook[****]";
    }
}
