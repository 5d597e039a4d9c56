package dev.rewind.integrations.webhook;

import dev.rewind.report.notify.DeliveryFailure;
import dev.rewind.report.notify.HttpDelivery;
import dev.rewind.report.notify.Receipt;
import dev.rewind.report.notify.Transport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * POSTs the JSON body with {@link WebhookSignature}'s headers, signed afresh at each attempt (a retry carries
 * a new timestamp, so it stays inside the receiver's replay window), plus the event and a delivery id that
 * stays the same across retries so that a receiver can drop duplicates.
 */
public final class SignedWebhook implements Transport<WebhookPayload.Body> {
    public static final String EVENT_HEADER = "X-Rewind-Event";
    public static final String DELIVERY_HEADER = "X-Rewind-Delivery";
    private final URI url;
    private final byte[] secret;
    private final Clock clock;
    private final HttpDelivery http;

    public SignedWebhook(URI url, String secret, Clock clock, HttpDelivery http) {
        this.url = url;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
        this.http = http;
    }

    @Override
    public Receipt deliver(WebhookPayload.Body body) throws DeliveryFailure {
        long ts = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put(EVENT_HEADER, body.event());
        headers.put(DELIVERY_HEADER, body.deliveryId());
        headers.put(WebhookSignature.TIMESTAMP_HEADER, Long.toString(ts));
        headers.put(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, ts, body.bytes()));
        HttpDelivery.Answer a = http.post(url, headers, body.bytes());
        return new Receipt(a.status(), "posted to " + url.getHost());
    }

    @Override
    public String toString() {
        return "SignedWebhook[" + url.getHost() + ", secret=****]";
    }
}
