package dev.rewind.integrations.webhook;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.report.notify.Channel;
import dev.rewind.report.notify.Endpoint;
import dev.rewind.report.notify.HttpDelivery;
import dev.rewind.report.notify.Secrets;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/** {@code type: webhook}: {@code url} and {@code secret} (the HMAC key, at least 16 characters; required: an unsigned hook is an open door). */
public final class WebhookChannel {
    static final int MIN_SECRET = 16;

    private WebhookChannel() {
    }

    public static Channel<WebhookPayload.Body> from(String name, IntegrationConfig c, Duration timeout, Clock clock) {
        c.allowOnly(Set.of("url", "secret"));
        URI url;
        try {
            url = Endpoint.check(c.requireString("url"));
        } catch (IllegalArgumentException e) {
            throw c.error("url", e.getMessage());
        }
        String secret = c.requireString("secret");
        if (secret.length() < MIN_SECRET) throw c.error("secret", "expected at least " + MIN_SECRET + " characters, found " + secret.length());
        Secrets secrets = Secrets.of(secret);
        return new Channel<>(name, "webhook", new WebhookPayload(), new SignedWebhook(url, secret, clock, new HttpDelivery(timeout, secrets)), secrets);
    }
}
