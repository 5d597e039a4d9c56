package dev.rewind.config;

import dev.rewind.model.AlertEvent;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The notification channels a config names: seed 001's {@code rollback_policy.notifications} keys and the
 * top-level {@code notifications:} block, one entry per channel. Settings keep their {@code ${VAR}} until the
 * channel is built, so a config loads without the secrets of channels a command never starts.
 *
 * @param channels channels by config order
 * @param selected seed 004's {@code notification_channels}: only channels whose name or type is listed send;
 *                 empty when the config has no such list (then every channel sends)
 */
public record NotificationConfig(List<ChannelConfig> channels, List<String> selected) {
    public static final NotificationConfig NONE = new NotificationConfig(List.of(), List.of());

    public NotificationConfig {
        channels = List.copyOf(channels);
        selected = List.copyOf(selected);
    }

    /**
     * One channel: its type and own settings, the events it subscribes to (empty: its type's defaults), and
     * delivery limits (null: the defaults).
     */
    public record ChannelConfig(String name, IntegrationConfig settings, Set<AlertEvent> events, Integer maxAttempts,
                                Duration timeout, Duration backoff, Integer queueSize) {
        public ChannelConfig {
            events = Set.copyOf(events);
        }

        public String type() {
            return settings.type();
        }
    }

    /** The channels that send: all of them, or seed 004's selection. */
    public List<ChannelConfig> active() {
        if (selected.isEmpty()) return channels;
        return channels.stream().filter(c -> selected.contains(c.name()) || selected.contains(c.type())).toList();
    }

    /** Names in seed 004's list that no configured channel answers to: said aloud, not silently ignored. */
    public List<String> unmatched() {
        return selected.stream().filter(s -> channels.stream().noneMatch(c -> c.name().equals(s) || c.type().equals(s))).toList();
    }
}
