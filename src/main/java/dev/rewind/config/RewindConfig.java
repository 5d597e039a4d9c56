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
 * @param notifications        the channels that tell people (seed 001's keys and the top-level notifications: block)
 * @param server               what {@code rewind serve} needs (the server: block and monitoring.duration)
 */
public record RewindConfig(
        String source,
        RollbackPolicy policy,
        Map<String, EnvironmentConfig> environments,
        IntegrationConfig metrics,
        List<String> notificationChannels,
        Map<String, String> settings,
        IntegrationConfig alertmanager,
        NotificationConfig notifications,
        ServerConfig server) {

    public RewindConfig {
        server = server == null ? ServerConfig.DEFAULTS : server;
        environments = Map.copyOf(environments);
        notificationChannels = List.copyOf(notificationChannels);
        settings = Map.copyOf(settings);
        notifications = notifications == null ? NotificationConfig.NONE : notifications;
    }

    public RewindConfig(String source, RollbackPolicy policy, Map<String, EnvironmentConfig> environments, IntegrationConfig metrics,
                        List<String> notificationChannels, Map<String, String> settings, IntegrationConfig alertmanager) {
        this(source, policy, environments, metrics, notificationChannels, settings, alertmanager, NotificationConfig.NONE, null);
    }

    public RewindConfig(String source, RollbackPolicy policy, Map<String, EnvironmentConfig> environments, IntegrationConfig metrics,
                        List<String> notificationChannels, Map<String, String> settings, IntegrationConfig alertmanager,
                        NotificationConfig notifications) {
        this(source, policy, environments, metrics, notificationChannels, settings, alertmanager, notifications, null);
    }
}
