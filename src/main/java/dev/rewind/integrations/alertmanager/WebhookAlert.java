package dev.rewind.integrations.alertmanager;

import java.time.Instant;
import java.util.Map;

/** One alert of an Alertmanager webhook message (payload version 4). */
public record WebhookAlert(String status, Map<String, String> labels, Map<String, String> annotations,
                           Instant startsAt, Instant endsAt, String generatorUrl, String fingerprint) {
    public WebhookAlert {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    public boolean firing() {
        return "firing".equals(status);
    }

    public String alertname() {
        return labels.get("alertname");
    }
}
