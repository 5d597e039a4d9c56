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
        return build(config, clock, System::getenv, new ArrayList<>());
    }

    /**
     * @param skipped receives a note for each channel left out because a variable its settings name is not set:
     *                a channel that cannot deliver must not keep a rollback from running, but nobody may miss that it is off
     */
    public static List<Subscription> build(NotificationConfig config, Clock clock, java.util.function.Function<String, String> env,
                                           List<String> skipped) {
        List<Subscription> out = new ArrayList<>();
        for (NotificationConfig.ChannelConfig c : config.active()) {
            List<String> unset = unsetVariables(c.settings().settings(), env);
            if (!unset.isEmpty()) {
                skipped.add(c.name()); // notes(config) says why, on the console
                continue;
            }
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

    private static final java.util.regex.Pattern VARIABLE = java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** The ${VAR}s a channel's raw settings name that the environment does not have, in order, once each. */
    static List<String> unsetVariables(java.util.Map<String, Object> settings, java.util.function.Function<String, String> env) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        collect(settings, env, out);
        return List.copyOf(out);
    }

    private static void collect(Object value, java.util.function.Function<String, String> env, java.util.Set<String> out) {
        switch (value) {
            case String text -> {
                var m = VARIABLE.matcher(text);
                while (m.find()) if (env.apply(m.group(1)) == null) out.add(m.group(1));
            }
            case java.util.Map<?, ?> map -> map.values().forEach(v -> collect(v, env, out));
            case List<?> list -> list.forEach(v -> collect(v, env, out));
            case null, default -> { }
        }
    }

    private static DeliveryPolicy policy(NotificationConfig.ChannelConfig c) {
        DeliveryPolicy p = DeliveryPolicy.DEFAULT;
        if (c.maxAttempts() != null) p = p.withMaxAttempts(c.maxAttempts());
        if (c.timeout() != null) p = p.withTimeout(c.timeout());
        if (c.backoff() != null) p = p.withBackoff(c.backoff());
        if (c.queueSize() != null) p = p.withQueueCapacity(c.queueSize());
        return p;
    }

    /** What a reader of the console should know about the channels: those left off, and seed 004 names that match none. */
    public static List<String> notes(NotificationConfig config) {
        List<String> notes = new ArrayList<>();
        for (NotificationConfig.ChannelConfig c : config.active()) {
            List<String> unset = unsetVariables(c.settings().settings(), System::getenv);
            if (!unset.isEmpty()) {
                notes.add("notification channel '" + c.name() + "' (" + c.type() + ") is OFF: " + String.join(", ", unset)
                        + (unset.size() == 1 ? " is" : " are") + " not set (" + c.settings().file() + ":" + c.settings().line() + ")");
            }
        }
        for (String name : config.unmatched()) {
            notes.add("notification_channels lists '" + name + "', but no channel of that name or type is configured: nothing goes there"
                    + " (add it under notifications:, see the README)");
        }
        return notes;
    }
}
