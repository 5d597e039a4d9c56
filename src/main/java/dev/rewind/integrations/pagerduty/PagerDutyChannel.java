package dev.rewind.integrations.pagerduty;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.report.notify.Channel;
import dev.rewind.report.notify.Endpoint;
import dev.rewind.report.notify.HttpDelivery;
import dev.rewind.report.notify.Secrets;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * {@code type: pagerduty}: {@code routing_key} (the Events API v2 integration key, a secret), {@code source}
 * (default: the service and environment), {@code url} (default PagerDuty's enqueue endpoint; another only for a relay or a test).
 */
public final class PagerDutyChannel {
    private PagerDutyChannel() {
    }

    public static Channel<PagerDutyEvent.Event> from(String name, IntegrationConfig c, Duration timeout) {
        c.allowOnly(Set.of("routing_key", "source", "url"));
        String key = c.requireString("routing_key").trim();
        if (!key.matches("[A-Za-z0-9]{20,64}")) throw c.error("routing_key", "expected an Events API v2 integration key (20-64 letters and digits)");
        URI url;
        try {
            url = Endpoint.check(c.string("url", PagerDutyEvents.ENQUEUE.toString()));
        } catch (IllegalArgumentException e) {
            throw c.error("url", e.getMessage());
        }
        Secrets secrets = Secrets.of(key);
        return new Channel<>(name, "pagerduty", new PagerDutyEvent(c.string("source", null)),
                new PagerDutyEvents(url, key, new HttpDelivery(timeout, secrets)), secrets);
    }
}
