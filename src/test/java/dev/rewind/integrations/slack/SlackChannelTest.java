package dev.rewind.integrations.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.AlertEvent;
import dev.rewind.model.BadInputException;
import dev.rewind.model.Severity;
import dev.rewind.report.notify.Channel;
import dev.rewind.report.notify.Deliveries;
import dev.rewind.report.notify.DeliveryRecord;
import dev.rewind.report.notify.DeliveryStatus;
import dev.rewind.report.notify.LocalReceiver;
import dev.rewind.report.notify.DeliveryPolicy;
import dev.rewind.report.notify.InMemoryDeliveryLog;
import dev.rewind.report.notify.NotificationDispatcher;
import dev.rewind.report.notify.RecordingPause;
import dev.rewind.report.notify.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SlackChannelTest {
    private static final String SECRET_PATH = "/services/T0001/B0002/XyZsecretTokenValue";
    private final RecordingPause pause = new RecordingPause();

    private static Channel<String> channel(String url) {
        return SlackChannel.from("incidents", new IntegrationConfig("slack", Map.of("webhook_url", url), "rewind.yaml", 3, "notifications.incidents"),
                Duration.ofSeconds(5));
    }

    @Test
    void postsBlockKitWithHeaderFieldsContextAndTheSeverityColour() {
        try (LocalReceiver slack = new LocalReceiver(200)) {
            List<DeliveryRecord> records = Deliveries.send(channel(slack.url(SECRET_PATH)), pause,
                    Deliveries.alert(AlertEvent.STARTED, Severity.CRITICAL, "Rollback initiated: shop 2.4.0 -> 2.3.1"));

            assertThat(records).singleElement().extracting(DeliveryRecord::status).isEqualTo(DeliveryStatus.DELIVERED);
            LocalReceiver.Request req = slack.requests().getFirst();
            assertThat(req.method()).isEqualTo("POST");
            assertThat(req.path()).isEqualTo(SECRET_PATH);
            assertThat(req.header("Content-Type")).startsWith("application/json");
            JsonNode msg = new JsonMapper().readTree(req.text());
            assertThat(msg.get("text").asString()).isEqualTo(":rotating_light: Rollback initiated: shop 2.4.0 -> 2.3.1");
            JsonNode attachment = msg.get("attachments").get(0);
            assertThat(attachment.get("color").asString()).isEqualTo("#D50200");
            JsonNode blocks = attachment.get("blocks");
            assertThat(blocks.get(0).get("type").asString()).isEqualTo("header");
            assertThat(blocks.get(0).get("text").get("type").asString()).isEqualTo("plain_text");
            assertThat(blocks.get(0).get("text").get("text").asString()).startsWith(":rotating_light: Rollback initiated");
            JsonNode section = blocks.get(1);
            assertThat(section.get("type").asString()).isEqualTo("section");
            // alert text cannot become a mention or a link
            assertThat(section.get("text").get("text").asString()).isEqualTo("error_rate 5.2 &gt; 1.0 &lt;@channel&gt; &amp; more");
            assertThat(section.get("fields").valueStream().map(f -> f.get("text").asString()).toList()).containsExactly(
                    "*Rollback*\nrb-20260126-100000-abcd", "*Service*\nshop (production)", "*From → to*\n2.4.0 → 2.3.1",
                    "*Trigger*\nerror_rate", "*Severity*\ncritical");
            assertThat(blocks.get(2).get("text").get("text").asString()).isEqualTo("<https://grafana.example.com/d/shop|dashboard>");
            assertThat(blocks.get(3).get("type").asString()).isEqualTo("context");
            assertThat(blocks.get(3).get("elements").get(0).get("text").asString()).isEqualTo("Rewind · started · 2026-01-26T10:00:00Z");
        }
    }

    @Test
    void aSuccessIsGreenWithACheckMark() {
        try (LocalReceiver slack = new LocalReceiver(200)) {
            Deliveries.send(channel(slack.url(SECRET_PATH)), pause, Deliveries.alert(AlertEvent.SUCCEEDED, Severity.LOW, "Rollback successful"));
            JsonNode msg = new JsonMapper().readTree(slack.requests().getFirst().text());
            assertThat(msg.get("attachments").get(0).get("color").asString()).isEqualTo("#2EB67D");
            assertThat(msg.get("text").asString()).startsWith(":white_check_mark:");
        }
    }

    @Test
    void retriesSlackOutagesThenDeliversAndNeverRecordsTheWebhookUrl() {
        try (LocalReceiver slack = new LocalReceiver(500, 503, 200).answering("internal_error " + SECRET_PATH)) {
            List<DeliveryRecord> records = Deliveries.send(channel(slack.url(SECRET_PATH)), pause,
                    Deliveries.alert(AlertEvent.FAILED, Severity.CRITICAL, "Rollback failed"));

            assertThat(slack.requests()).hasSize(3);
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(DeliveryStatus.DELIVERED);
                assertThat(r.attempts()).isEqualTo(3);
            });
            assertThat(pause.waits()).hasSize(2);
            assertThat(records.toString()).doesNotContain("XyZsecretTokenValue");
        }
    }

    @Test
    void aRejectedWebhookIsNotRetriedAndItsAnswerIsMasked() {
        try (LocalReceiver slack = new LocalReceiver(404).answering("no_service for " + SECRET_PATH)) {
            List<DeliveryRecord> records = Deliveries.send(channel(slack.url(SECRET_PATH)), pause,
                    Deliveries.alert(AlertEvent.STARTED, Severity.CRITICAL, "x"));
            assertThat(slack.requests()).hasSize(1);
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(DeliveryStatus.FAILED);
                assertThat(r.httpStatus()).isEqualTo(404);
                assertThat(r.detail()).contains("HTTP 404").contains("no_service for ****").doesNotContain("XyZsecretTokenValue");
            });
        }
    }

    @Test
    void aSlackThatNeverAnswersHoldsNeitherTheCallerNorPastTheTimeout() throws Exception {
        try (LocalReceiver slack = new LocalReceiver(200).hold()) {
            Channel<String> ch = SlackChannel.from("incidents", new IntegrationConfig("slack", Map.of("webhook_url", slack.url(SECRET_PATH)),
                    "rewind.yaml", 3, "notifications.incidents"), Duration.ofMillis(300));
            InMemoryDeliveryLog log = new InMemoryDeliveryLog();
            try (NotificationDispatcher d = new NotificationDispatcher(List.of(new Subscription(ch, Subscription.DEFAULT_EVENTS,
                    DeliveryPolicy.DEFAULT.withMaxAttempts(2).withTimeout(Duration.ofMillis(300)))), log, Deliveries.CLOCK, pause)) {
                d.notify(Deliveries.alert(AlertEvent.STARTED, Severity.CRITICAL, "Rollback initiated"));
                // the receiver has the request and is not answering, and the caller is already here
                assertThat(slack.awaitFirst(10)).isTrue();
                assertThat(log.records()).isEmpty();
                assertThat(d.flush(Duration.ofSeconds(30))).isTrue();
            }
            assertThat(log.records()).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(DeliveryStatus.FAILED);
                assertThat(r.attempts()).isEqualTo(2);
                assertThat(r.detail()).contains("no answer from http://127.0.0.1:").contains("within 300 ms").doesNotContain("XyZsecretTokenValue");
            });
        }
    }

    @Test
    void refusesPlainHttpToAnotherHostWithoutRepeatingTheUrl() {
        assertThatThrownBy(() -> channel("http://hooks.slack.com" + SECRET_PATH))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("rewind.yaml:3").hasMessageContaining("notifications.incidents.webhook_url")
                .hasMessageContaining("expected https://")
                .hasMessageNotContaining("XyZsecretTokenValue");
    }

    @Test
    void anUnknownSettingNamesTheClosestKnownOne() {
        assertThatThrownBy(() -> SlackChannel.from("s", new IntegrationConfig("slack", Map.of("webhook_ur", "x"), "rewind.yaml", 3, "notifications.s",
                Map.of("webhook_ur", 4)), Duration.ofSeconds(1)))
                .hasMessageStartingWith("rewind.yaml:4: field 'notifications.s.webhook_ur'").hasMessageContaining("did you mean 'webhook_url'");
    }
}
