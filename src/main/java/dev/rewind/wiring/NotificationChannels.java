package dev.rewind.wiring;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.config.NotificationConfig;
import dev.rewind.integrations.email.EmailChannel;
import dev.rewind.integrations.github.GitHubChannel;
import dev.rewind.integrations.pagerduty.PagerDutyChannel;
import dev.rewind.integrations.slack.SlackChannel;
import dev.rewind.integrations.webhook.WebhookChannel;
import dev.rewind.model.BadInputException;
import dev.rewind.report.notify.Channel;
import dev.rewind.report.notify.DeliveryPolicy;
import dev.rewind.report.notify.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Config → channels: {@code type} picks the integration (one line per kind), the config's {@code events} (or
 * the kind's defaults) subscribe it, and its delivery limits shape its policy. Building a channel resolves its
 * {@code ${VAR}}s and checks its URL and settings, so a bad channel stops a command before anything acts.
 */
public final class NotificationChannels {
    private NotificationChannels() {
    }

    public static List<Subscription> build(NotificationConfig config, Clock clock) {
        List<Subscription> out = new ArrayList<>();
        for (NotificationConfig.ChannelConfig c : config.active()) {
            DeliveryPolicy policy = policy(c);
            Channel<?> channel = channel(c.name(), c.settings(), policy.timeout(), clock);
            out.add(new Subscription(channel, c.events().isEmpty() ? Subscription.defaultsFor(c.type()) : c.events(), policy));
        }
        return out;
    }

    static Channel<?> channel(String name, IntegrationConfig c, Duration timeout, Clock clock) {
        return switch (c.type()) {
            case "slack" -> SlackChannel.from(name, c, timeout);
            case "pagerduty" -> PagerDutyChannel.from(name, c, timeout);
            case "email" -> EmailChannel.from(name, c, timeout);
            case "webhook" -> WebhookChannel.from(name, c, timeout, clock);
            case "github" -> GitHubChannel.from(name, c, timeout);
            default -> throw new BadInputException(c.file(), c.line(), c.path() + ".type",
                    "unknown notification type '" + c.type() + "'; expected one of: slack, pagerduty, email, webhook, github");
        };
    }

    private static DeliveryPolicy policy(NotificationConfig.ChannelConfig c) {
        DeliveryPolicy p = DeliveryPolicy.DEFAULT;
        if (c.maxAttempts() != null) p = p.withMaxAttempts(c.maxAttempts());
        if (c.timeout() != null) p = p.withTimeout(c.timeout());
        if (c.backoff() != null) p = p.withBackoff(c.backoff());
        if (c.queueSize() != null) p = p.withQueueCapacity(c.queueSize());
        return p;
    }

    /** What a reader of the console should know about the channels: seed 004 names that match none. */
    public static List<String> notes(NotificationConfig config) {
        List<String> notes = new ArrayList<>();
        for (String name : config.unmatched()) {
            notes.add("notification_channels lists '" + name + "', but no channel of that name or type is configured: nothing goes there"
                    + " (add it under notifications:, see the README)");
        }
        return notes;
    }
}
