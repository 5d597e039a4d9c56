package dev.rewind.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.model.AlertEvent;
import dev.rewind.model.BadInputException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.rewind.secrets.FreshSecrets;
import org.junit.jupiter.api.extension.ExtendWith;

/** The seeds' notification settings as channels, the richer notifications: block, and its errors. */
@ExtendWith(FreshSecrets.class) // the secrets registered here do not outlive the class
class NotificationConfigTest {
    private final ConfigLoader loader = new ConfigLoader(Map.of("SLACK_WEBHOOK_URL", "https://hooks.example/T1", "CEO_EMAIL", "ceo@example.com")::get);

    @Test
    void seed001sSlackWebhookAndEmailBecomeChannelsWithTheirSettingsStillRaw() {
        NotificationConfig n = loader.read(ConfigLoaderTest.resource("seed-001-rollback-config.yml")).config().notifications();
        assertThat(n.channels()).extracting(NotificationConfig.ChannelConfig::name).containsExactly("slack", "email");
        assertThat(n.channels().get(0).settings().settings()).containsEntry("webhook_url", "${SLACK_WEBHOOK_URL}");
        assertThat(n.channels().get(0).settings().lines()).containsEntry("webhook_url", 38);
        assertThat(n.channels().get(1).type()).isEqualTo("email");
        assertThat(n.channels().get(1).settings().settings()).containsEntry("to", "${CEO_EMAIL}");
        assertThat(n.selected()).isEmpty();
        assertThat(n.active()).hasSize(2);
    }

    @Test
    void seed004sChannelListSelectsByTypeAndNamesWhatNothingAnswers() {
        RewindConfig cfg = loader.read(ConfigLoaderTest.resource("seed-004-auto-rollback.json")).config();
        assertThat(cfg.notifications().selected()).containsExactly("slack", "pagerduty", "email");
        assertThat(cfg.notifications().active()).isEmpty();
        assertThat(cfg.notifications().unmatched()).containsExactly("slack", "pagerduty", "email");
    }

    @Test
    void ceoAlertFalseLeavesTheCeoOutOfIt() {
        String yaml = """
                rollback_policy:
                  notifications:
                    ceo_alert: false
                    slack_webhook: https://hooks.slack.com/services/T/B/X
                    email: ceo@example.com
                """;
        assertThat(loader.parse("c.yaml", yaml).config().notifications().channels()).extracting(NotificationConfig.ChannelConfig::name)
                .containsExactly("slack");
    }

    @Test
    void theNotificationsBlockNamesChannelsWithTypeEventsAndDeliveryLimits() {
        String yaml = """
                rollback_policy:
                  notification_channels: [incidents, github]
                notifications:
                  incidents:
                    type: slack
                    webhook_url: "${SLACK_WEBHOOK_URL}"
                    events: [started, failed, escalated]
                    max_attempts: 5
                    timeout_seconds: 3
                    backoff_seconds: 0.5
                    queue_size: 20
                  postmortems:
                    type: github
                    repository: acme/shop
                    token: "${GITHUB_TOKEN}"
                    labels: [incident, rollback, critical]
                  mail:
                    type: email
                    to: [a@example.com]
                """;
        NotificationConfig n = loader.parse("c.yaml", yaml).config().notifications();
        NotificationConfig.ChannelConfig slack = n.channels().getFirst();
        assertThat(slack.name()).isEqualTo("incidents");
        assertThat(slack.events()).containsExactlyInAnyOrder(AlertEvent.STARTED, AlertEvent.FAILED, AlertEvent.ESCALATED);
        assertThat(slack.maxAttempts()).isEqualTo(5);
        assertThat(slack.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(slack.backoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(slack.queueSize()).isEqualTo(20);
        assertThat(slack.settings().settings()).containsOnlyKeys("webhook_url").containsEntry("webhook_url", "${SLACK_WEBHOOK_URL}");
        assertThat(n.channels().get(1).settings().settings()).containsEntry("labels", List.of("incident", "rollback", "critical"));
        assertThat(n.channels().get(1).events()).isEmpty(); // its type's defaults apply
        assertThat(n.active()).extracting(NotificationConfig.ChannelConfig::name).containsExactly("incidents", "postmortems");
        assertThat(n.unmatched()).isEmpty();
    }

    @Test
    void anUnknownEventNamesItsLineAndTheClosestEvent() {
        String yaml = """
                notifications:
                  incidents:
                    type: slack
                    webhook_url: https://hooks.slack.com/services/T/B/X
                    events:
                      - started
                      - suceeded
                """;
        assertThatThrownBy(() -> loader.parse("c.yaml", yaml))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("c.yaml:7: field 'notifications.incidents.events'")
                .hasMessageContaining("unknown event 'suceeded'").hasMessageContaining("did you mean 'succeeded'");
    }

    @Test
    void aMisspelledCommonKeyIsNamedWithItsLine() {
        String yaml = """
                notifications:
                  incidents:
                    type: slack
                    max_attempt: 3
                """;
        NotificationConfig n = loader.parse("c.yaml", yaml).config().notifications();
        // the channel's own settings are checked when it is built, with the key's own line
        IntegrationConfig settings = n.channels().getFirst().settings();
        assertThatThrownBy(() -> settings.allowOnly(java.util.Set.of("webhook_url", "max_attempts")))
                .hasMessageStartingWith("c.yaml:4: field 'notifications.incidents.max_attempt'").hasMessageContaining("did you mean 'max_attempts'");
    }

    @Test
    void limitsAreBoundedAndAChannelNeedsAType() {
        assertThatThrownBy(() -> loader.parse("c.yaml", "notifications:\n  a:\n    type: slack\n    queue_size: 1000000\n"))
                .hasMessageStartingWith("c.yaml:4: field 'notifications.a.queue_size'").hasMessageContaining("1 to 10000");
        assertThatThrownBy(() -> loader.parse("c.yaml", "notifications:\n  a:\n    webhook_url: x\n"))
                .hasMessageStartingWith("c.yaml:2: field 'notifications.a'").hasMessageContaining("needs a 'type'");
        assertThatThrownBy(() -> loader.parse("c.yaml", "notifications:\n  a:\n    type: slack\n    events: []\n"))
                .hasMessageContaining("at least one event");
        assertThatThrownBy(() -> loader.parse("c.yaml", "notifications:\n  a:\n    type: slack\n    timeout_seconds: 900\n"))
                .hasMessageContaining("from 0.1 to 300");
    }

    @Test
    void aRicherChannelCannotTakeTheNameOfASeedOne() {
        String yaml = """
                rollback_policy:
                  notifications:
                    slack_webhook: https://hooks.slack.com/services/T/B/X
                notifications:
                  slack:
                    type: slack
                    webhook_url: https://hooks.slack.com/services/T/B/Y
                """;
        assertThatThrownBy(() -> loader.parse("c.yaml", yaml)).hasMessageStartingWith("c.yaml:5: field 'notifications.slack'")
                .hasMessageContaining("also made by rollback_policy.notifications");
    }
}
