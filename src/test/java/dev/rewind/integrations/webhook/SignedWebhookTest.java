package dev.rewind.integrations.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.AlertEvent;
import dev.rewind.model.Severity;
import dev.rewind.report.notify.Channel;
import dev.rewind.report.notify.Deliveries;
import dev.rewind.report.notify.DeliveryRecord;
import dev.rewind.report.notify.DeliveryStatus;
import dev.rewind.report.notify.LocalReceiver;
import dev.rewind.report.notify.RecordingPause;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SignedWebhookTest {
    private static final String SECRET = "whsec-0123456789abcdefSECRET";
    private final RecordingPause pause = new RecordingPause();

    private static Channel<WebhookPayload.Body> channel(LocalReceiver hook) {
        return WebhookChannel.from("audit", new IntegrationConfig("webhook", Map.of("url", hook.url("/hooks/rewind"), "secret", SECRET),
                "rewind.yaml", 9, "notifications.audit"), Duration.ofSeconds(5), Deliveries.CLOCK);
    }

    /** What a receiver computes, written out here independently of {@link WebhookSignature}. */
    private static String expectedSignature(String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void theReceiverVerifiesTheSignatureOverTheTimestampAndTheRawBody() throws Exception {
        try (LocalReceiver hook = new LocalReceiver(204)) {
            List<DeliveryRecord> records = Deliveries.send(channel(hook), pause,
                    Deliveries.alert(AlertEvent.SUCCEEDED, Severity.LOW, "Rollback successful: shop on 2.3.1"));

            assertThat(records).singleElement().extracting(DeliveryRecord::status).isEqualTo(DeliveryStatus.DELIVERED);
            LocalReceiver.Request req = hook.requests().getFirst();
            String ts = req.header(WebhookSignature.TIMESTAMP_HEADER);
            assertThat(ts).isEqualTo(Long.toString(Deliveries.T0.getEpochSecond()));
            assertThat(req.header(WebhookSignature.SIGNATURE_HEADER)).isEqualTo(expectedSignature(ts, req.body()));
            assertThat(WebhookSignature.verify(SECRET.getBytes(StandardCharsets.UTF_8), ts, req.body(), req.header(WebhookSignature.SIGNATURE_HEADER),
                    Deliveries.T0.plusSeconds(30), WebhookSignature.DEFAULT_TOLERANCE)).isTrue();
            assertThat(req.header(SignedWebhook.EVENT_HEADER)).isEqualTo("succeeded");

            JsonNode body = new JsonMapper().readTree(req.body());
            assertThat(body.get("event").asString()).isEqualTo("succeeded");
            assertThat(body.get("id").asString()).isEqualTo(req.header(SignedWebhook.DELIVERY_HEADER));
            assertThat(body.get("rollback_id").asString()).isEqualTo("rb-20260126-100000-abcd");
            assertThat(body.get("from_version").asString()).isEqualTo("2.4.0");
            assertThat(body.get("to_version").asString()).isEqualTo("2.3.1");
            assertThat(body.get("details").get("step").asString()).isEqualTo("switch-traffic");
            assertThat(req.text()).doesNotContain(SECRET);
        }
    }

    @Test
    void aTamperedBodyAWrongSecretOrAStaleTimestampFailVerification() {
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        byte[] body = "{\"event\":\"failed\"}".getBytes(StandardCharsets.UTF_8);
        long ts = Deliveries.T0.getEpochSecond();
        String sig = WebhookSignature.sign(secret, ts, body);
        Instant now = Deliveries.T0.plusSeconds(10);

        assertThat(WebhookSignature.verify(secret, Long.toString(ts), body, sig, now, WebhookSignature.DEFAULT_TOLERANCE)).isTrue();
        assertThat(WebhookSignature.verify(secret, Long.toString(ts), "{\"event\":\"succeeded\"}".getBytes(StandardCharsets.UTF_8), sig, now,
                WebhookSignature.DEFAULT_TOLERANCE)).as("body changed").isFalse();
        assertThat(WebhookSignature.verify("another-secret-0123456789".getBytes(StandardCharsets.UTF_8), Long.toString(ts), body, sig, now,
                WebhookSignature.DEFAULT_TOLERANCE)).as("wrong secret").isFalse();
        assertThat(WebhookSignature.verify(secret, Long.toString(ts + 1), body, sig, now, WebhookSignature.DEFAULT_TOLERANCE))
                .as("timestamp changed: it is signed").isFalse();
        assertThat(WebhookSignature.verify(secret, Long.toString(ts), body, sig, Deliveries.T0.plus(Duration.ofMinutes(6)),
                WebhookSignature.DEFAULT_TOLERANCE)).as("replayed after the window").isFalse();
    }

    @Test
    void aRetryKeepsItsDeliveryIdAndIsSignedAgain() {
        try (LocalReceiver hook = new LocalReceiver(502, 200)) {
            List<DeliveryRecord> records = Deliveries.send(channel(hook), pause, Deliveries.alert(AlertEvent.FAILED, Severity.CRITICAL, "Rollback failed"));
            assertThat(records).singleElement().satisfies(r -> assertThat(r.attempts()).isEqualTo(2));
            List<LocalReceiver.Request> reqs = hook.requests();
            assertThat(reqs).hasSize(2);
            assertThat(reqs.get(1).header(SignedWebhook.DELIVERY_HEADER)).isEqualTo(reqs.get(0).header(SignedWebhook.DELIVERY_HEADER));
            assertThat(reqs.get(1).header(WebhookSignature.SIGNATURE_HEADER)).startsWith("sha256=");
        }
    }

    @Test
    void aShortSecretIsRefusedWithoutBeingShown() {
        assertThatThrownBy(() -> WebhookChannel.from("audit", new IntegrationConfig("webhook", Map.of("url", "https://hooks.example.com/x", "secret", "tiny-secret"),
                "rewind.yaml", 9, "notifications.audit"), Duration.ofSeconds(5), Deliveries.CLOCK))
                .hasMessageContaining("notifications.audit.secret").hasMessageContaining("at least 16").hasMessageNotContaining("tiny-secret");
    }
}
