package dev.rewind.integrations.alertmanager;

import java.util.List;
import java.util.Map;

/** Alertmanager's webhook payload, version 4: one notification for one alert group. */
public record WebhookMessage(String version, String groupKey, String status, String receiver,
                             Map<String, String> groupLabels, Map<String, String> commonLabels,
                             Map<String, String> commonAnnotations, String externalUrl, List<WebhookAlert> alerts) {
    public WebhookMessage {
        groupLabels = Map.copyOf(groupLabels);
        commonLabels = Map.copyOf(commonLabels);
        commonAnnotations = Map.copyOf(commonAnnotations);
        alerts = List.copyOf(alerts);
    }
}
