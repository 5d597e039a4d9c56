package dev.rewind.config;

import dev.rewind.model.RollbackPolicy;
import java.util.List;
import java.util.Map;

/**
 * Everything one config file says. {@code source} is the file it came from ("built-in defaults" for none).
 *
 * @param notificationChannels channel names (slack, pagerduty, email) as configured; values resolved lazily
 * @param settings             raw notification settings (webhook URLs may hold ${VAR}: resolved when used)
 * @param alertmanager         the Alertmanager webhook receiver to start while watching (type alertmanager), or null
 */
public record RewindConfig(
        String source,
        RollbackPolicy policy,
        Map<String, EnvironmentConfig> environments,
        IntegrationConfig metrics,
        List<String> notificationChannels,
        Map<String, String> settings,
        IntegrationConfig alertmanager) {

    public RewindConfig {
        environments = Map.copyOf(environments);
        notificationChannels = List.copyOf(notificationChannels);
        settings = Map.copyOf(settings);
    }
}
