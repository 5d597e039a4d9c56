package dev.rewind.config;

import dev.rewind.config.ConfigNode.MapNode;
import dev.rewind.model.AlertEvent;
import dev.rewind.model.BadInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads notification channels. Seed 001's {@code rollback_policy.notifications} keys become channels named after
 * their kind ({@code slack_webhook} → {@code slack}, {@code email} → {@code email}, ...); the top-level
 * {@code notifications:} block names its own, each with a {@code type}, its settings, the {@code events} it wants
 * and delivery limits. The type's own settings are checked by the channel when it is built (like every integration).
 */
final class NotificationReader {
    /** Keys every channel has, whatever its type; the rest belong to the type. */
    static final Set<String> COMMON_KEYS = Set.of("type", "events", "max_attempts", "timeout_seconds", "backoff_seconds", "queue_size");
    private static final Set<String> EVENT_WORDS = Arrays.stream(AlertEvent.values()).map(AlertEvent::label).collect(Collectors.toUnmodifiableSet());

    private final ConfigValues values;

    NotificationReader(ConfigValues values) {
        this.values = values;
    }

    /**
     * @param block  the top-level {@code notifications:} map, or null
     * @param policy the {@code rollback_policy}/{@code auto_rollback} section, or null
     */
    NotificationConfig read(ConfigNode block, MapNode policy) {
        Map<String, NotificationConfig.ChannelConfig> channels = new LinkedHashMap<>();
        if (policy != null && policy.has("notifications")) seedChannels(values.map(policy.get("notifications")), channels);
        if (block != null) {
            for (Map.Entry<String, ConfigNode> e : values.map(block).entries().entrySet()) {
                ConfigNode node = e.getValue();
                if (!e.getKey().matches("[A-Za-z0-9][A-Za-z0-9_-]{0,39}")) {
                    throw node.error("a channel name is 1-40 letters, digits, '-' or '_', found '" + e.getKey() + "'");
                }
                if (channels.containsKey(e.getKey())) {
                    throw node.error("channel '" + e.getKey() + "' is also made by rollback_policy.notifications; give this one another name");
                }
                channels.put(e.getKey(), channel(e.getKey(), values.map(node)));
            }
        }
        List<String> selected = new ArrayList<>();
        if (policy != null && policy.has("notification_channels")) selected.addAll(values.strings(policy.get("notification_channels")));
        return new NotificationConfig(List.copyOf(channels.values()), selected);
    }

    /** Seed 001: {@code slack_webhook}, {@code email} (unless {@code ceo_alert: false}), and the keys Rewind added beside them. */
    private void seedChannels(MapNode n, Map<String, NotificationConfig.ChannelConfig> out) {
        boolean ceo = !n.has("ceo_alert") || values.bool(n.get("ceo_alert"));
        seed(n, "slack_webhook", "slack", "slack", "webhook_url", out);
        if (ceo) seed(n, "email", "email", "email", "to", out);
        seed(n, "pagerduty_routing_key", "pagerduty", "pagerduty", "routing_key", out);
        if (n.has("webhook_url")) {
            Map<String, Object> settings = new LinkedHashMap<>();
            Map<String, Integer> lines = new LinkedHashMap<>();
            settings.put("url", raw(n.get("webhook_url")));
            lines.put("url", n.get("webhook_url").line());
            if (n.has("webhook_secret")) {
                settings.put("secret", raw(n.get("webhook_secret")));
                lines.put("secret", n.get("webhook_secret").line());
            }
            out.put("webhook", seedChannel("webhook", "webhook", n, settings, lines));
        }
    }

    private void seed(MapNode n, String key, String name, String type, String setting, Map<String, NotificationConfig.ChannelConfig> out) {
        if (!n.has(key)) return;
        out.put(name, seedChannel(name, type, n, Map.of(setting, raw(n.get(key))), Map.of(setting, n.get(key).line())));
    }

    private static NotificationConfig.ChannelConfig seedChannel(String name, String type, MapNode n, Map<String, Object> settings, Map<String, Integer> lines) {
        IntegrationConfig c = new IntegrationConfig(type, settings, n.file(), n.line(), n.path(), lines);
        return new NotificationConfig.ChannelConfig(name, c, Set.of(), null, null, null, null);
    }

    private NotificationConfig.ChannelConfig channel(String name, MapNode m) {
        if (!m.has("type")) throw m.error("a notification channel needs a 'type' (slack, pagerduty, email, webhook or github)");
        Map<String, Object> settings = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        m.entries().forEach((k, v) -> {
            if (COMMON_KEYS.contains(k)) return;
            settings.put(k, plain(v));
            lines.put(k, v.line());
        });
        IntegrationConfig c = new IntegrationConfig(values.string(m.get("type")), settings, m.file(), m.line(), m.path(), lines);
        return new NotificationConfig.ChannelConfig(name, c,
                m.has("events") ? events(m.get("events")) : Set.of(),
                m.has("max_attempts") ? values.wholeNumber(m.get("max_attempts"), ConfigBounds.CHANNEL_ATTEMPTS) : null,
                m.has("timeout_seconds") ? values.seconds(m.get("timeout_seconds"), ConfigBounds.CHANNEL_TIMEOUT_SECONDS) : null,
                m.has("backoff_seconds") ? values.seconds(m.get("backoff_seconds"), ConfigBounds.CHANNEL_BACKOFF_SECONDS) : null,
                m.has("queue_size") ? values.wholeNumber(m.get("queue_size"), ConfigBounds.CHANNEL_QUEUE_SIZE) : null);
    }

    private Set<AlertEvent> events(ConfigNode node) {
        Set<AlertEvent> out = EnumSet.noneOf(AlertEvent.class);
        for (ConfigNode item : values.list(node).items()) {
            String word = values.string(item);
            AlertEvent e = AlertEvent.parse(word);
            if (e == null) {
                String hint = ConfigNode.closest(word, EVENT_WORDS);
                throw new BadInputException(item.file(), item.line(), node.path(), "unknown event '" + word + "'"
                        + (hint == null ? "" : "; did you mean '" + hint + "'?") + " Expected any of " + new TreeSet<>(EVENT_WORDS));
            }
            out.add(e);
        }
        if (out.isEmpty()) throw node.error("expected at least one event; remove the channel to send it nothing");
        return out;
    }

    /** A setting as the file has it: ${VAR} stays until the channel is built. */
    private static Object raw(ConfigNode n) {
        if (n instanceof ConfigNode.ScalarNode s && s.value() != null) return s.value();
        throw n.error("expected a single value, found " + n.kind());
    }

    private static Object plain(ConfigNode n) {
        return switch (n) {
            case ConfigNode.ScalarNode s -> {
                if (s.value() == null) throw s.error("expected a value, found null");
                yield s.value();
            }
            case ConfigNode.ListNode l -> l.items().stream().map(NotificationReader::plain).toList();
            case MapNode m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.entries().forEach((k, v) -> out.put(k, plain(v)));
                yield out;
            }
        };
    }
}
