package dev.rewind.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.config.ConfigLoader;
import dev.rewind.config.RewindConfig;
import dev.rewind.model.AlertEvent;
import dev.rewind.model.BadInputException;
import dev.rewind.report.notify.Subscription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Config → channels: the README's example as printed, the type factory, and what it refuses. */
class NotificationChannelsTest {
    private static final String MARKER = "<!-- readme-config: notifications -->";
    private static final Map<String, String> VARS = Map.of(
            "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T0/B0/readmeSecret",
            "PAGERDUTY_ROUTING_KEY", "R0UT1NGK3Yabcdef0123456789abcdef",
            "CEO_EMAIL", "ceo@example.com",
            "SMTP_PASSWORD", "smtp-password-readme",
            "REWIND_WEBHOOK_SECRET", "webhook-secret-0123456789",
            "GITHUB_TOKEN", "ghp_readmeToken0123456789");

    private static String readmeBlock() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int marker = readme.indexOf(MARKER);
        assertThat(marker).as("README.md holds the marker %s", MARKER).isNotNegative();
        int start = readme.indexOf("```yaml\n", marker) + "```yaml\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    /** Channels resolve ${VAR} from the process environment; a test fills the values in as text instead. */
    private static String filled(String yaml) {
        String out = yaml;
        for (var e : VARS.entrySet()) out = out.replace("${" + e.getKey() + "}", e.getValue());
        return out;
    }

    private static List<Subscription> build(String yaml) {
        RewindConfig cfg = new ConfigLoader(name -> null).parse("rewind.yaml", yaml).config();
        return NotificationChannels.build(cfg.notifications(), Clock.systemUTC());
    }

    @Test
    void theReadmesExampleLoadsAsPrintedAndBuildsEveryChannelOnceItsVariablesAreSet() throws IOException {
        String printed = readmeBlock();
        RewindConfig raw = new ConfigLoader(name -> null).parse("README.md", printed).config();
        assertThat(raw.notifications().channels()).extracting(c -> c.name() + ":" + c.type())
                .containsExactly("incidents:slack", "oncall:pagerduty", "engineering:email", "audit:webhook", "postmortems:github");

        List<Subscription> subs = build(filled(printed));
        assertThat(subs).extracting(s -> s.channel().name()).containsExactly("incidents", "oncall", "engineering", "audit", "postmortems");
        assertThat(subs.get(0).events()).containsExactlyInAnyOrder(AlertEvent.STARTED, AlertEvent.SUCCEEDED, AlertEvent.SUCCESS_UNVERIFIED,
                AlertEvent.FAILED, AlertEvent.ESCALATED, AlertEvent.ABORTED, AlertEvent.AWAITING_APPROVAL);
        assertThat(subs.get(1).events()).contains(AlertEvent.STARTED, AlertEvent.SUCCEEDED).doesNotContain(AlertEvent.SUCCESS_UNVERIFIED);
        assertThat(subs.get(3).policy().maxAttempts()).isEqualTo(6);
        assertThat(subs.get(3).policy().timeout().toSeconds()).isEqualTo(5);
        assertThat(subs.get(4).events()).containsExactly(AlertEvent.POST_MORTEM_READY);
        String shown = subs.toString();
        for (String secret : VARS.values()) {
            if (!secret.contains("@")) assertThat(shown).doesNotContain(secret);
        }
    }

    @Test
    void anUnknownTypeNamesTheKnownOnes() {
        assertThatThrownBy(() -> build("notifications:\n  chat:\n    type: teams\n    url: https://x.example.com\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("rewind.yaml:2: field 'notifications.chat.type'")
                .hasMessageContaining("slack, pagerduty, email, webhook, github");
    }

    @Test
    void aChannelsOwnUnknownSettingIsNamedAtItsLine() {
        assertThatThrownBy(() -> build("notifications:\n  hook:\n    type: webhook\n    url: https://x.example.com\n    secert: abcdefghijklmnopqrs\n"))
                .hasMessageStartingWith("rewind.yaml:5: field 'notifications.hook.secert'").hasMessageContaining("did you mean 'secret'");
    }

    @Test
    void seed004sSelectionKeepsOnlyTheListedChannelsAndNamesTheMissingOnes() {
        String json = """
                {"auto_rollback": {"notification_channels": ["slack", "pagerduty"]},
                 "notifications": {"chat": {"type": "slack", "webhook_url": "https://hooks.slack.com/services/T/B/X"},
                                   "audit": {"type": "webhook", "url": "https://x.example.com", "secret": "abcdefghijklmnopqrs"}}}""";
        RewindConfig cfg = new ConfigLoader(name -> null).parse("c.json", json).config();
        assertThat(NotificationChannels.build(cfg.notifications(), Clock.systemUTC())).extracting(s -> s.channel().name()).containsExactly("chat");
        assertThat(NotificationChannels.notes(cfg.notifications())).singleElement().asString().contains("'pagerduty'");
    }

    @Test
    void seed001sEmailSendsThroughTheLocalMailServer() {
        String yaml = "rollback_policy:\n  notifications:\n    ceo_alert: true\n    email: ceo@example.com\n";
        assertThat(build(yaml)).singleElement().satisfies(s -> {
            assertThat(s.channel().type()).isEqualTo("email");
            assertThat(s.channel().transport().toString()).contains("localhost:25");
        });
    }
}
