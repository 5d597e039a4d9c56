package dev.rewind.integrations.slack;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.report.notify.Channel;
import dev.rewind.report.notify.Endpoint;
import dev.rewind.report.notify.HttpDelivery;
import dev.rewind.report.notify.Secrets;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/** {@code type: slack}: {@code webhook_url} (a secret: anyone who has it can post). */
public final class SlackChannel {
    private SlackChannel() {
    }

    public static Channel<String> from(String name, IntegrationConfig c, Duration timeout) {
        c.allowOnly(Set.of("webhook_url"));
        URI url;
        try {
            url = Endpoint.check(c.requireString("webhook_url"));
        } catch (IllegalArgumentException e) {
            throw c.error("webhook_url", e.getMessage());
        }
        Secrets secrets = Secrets.ofUrl(url);
        return new Channel<>(name, "slack", new SlackMessage(), new SlackWebhook(url, new HttpDelivery(timeout, secrets)), secrets);
    }
}
