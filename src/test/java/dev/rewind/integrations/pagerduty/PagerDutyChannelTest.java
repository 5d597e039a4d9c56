package dev.rewind.integrations.pagerduty;

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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PagerDutyChannelTest {
    private static final String KEY = "R0UT1NGK3Yabcdef0123456789abcdef";
    private final RecordingPause pause = new RecordingPause();
    private final JsonMapper json = new JsonMapper();

    private static Channel<PagerDutyEvent.Event> channel(LocalReceiver pd) {
        return PagerDutyChannel.from("oncall", new IntegrationConfig("pagerduty", Map.of("routing_key", KEY, "url", pd.url("/v2/enqueue")),
                "rewind.yaml", 7, "notifications.oncall"), Duration.ofSeconds(5));
    }

    @Test
    void triggersOnTheStartAndResolvesOnSuccessUnderOneDedupKey() {
        try (LocalReceiver pd = new LocalReceiver(202).answering("{\"status\":\"success\",\"message\":\"Event processed\"}")) {
            List<DeliveryRecord> records = Deliveries.send(channel(pd), pause,
                    Deliveries.alert(AlertEvent.STARTED, Severity.CRITICAL, "Rollback initiated: shop 2.4.0 -> 2.3.1"),
                    Deliveries.alert(AlertEvent.SUCCEEDED, Severity.LOW, "Rollback successful: shop on 2.3.1"));

            assertThat(records).extracting(DeliveryRecord::status).containsExactly(DeliveryStatus.DELIVERED, DeliveryStatus.DELIVERED);
            assertThat(pd.requests()).extracting(LocalReceiver.Request::path).containsOnly("/v2/enqueue");
            JsonNode trigger = json.readTree(pd.requests().get(0).text());
            JsonNode resolve = json.readTree(pd.requests().get(1).text());
            assertThat(trigger.get("routing_key").asString()).isEqualTo(KEY);
            assertThat(trigger.get("event_action").asString()).isEqualTo("trigger");
            assertThat(resolve.get("event_action").asString()).isEqualTo("resolve");
            assertThat(trigger.get("dedup_key").asString()).isEqualTo("rewind/rb-20260126-100000-abcd")
                    .isEqualTo(resolve.get("dedup_key").asString());
            JsonNode payload = trigger.get("payload");
            assertThat(payload.get("summary").asString()).isEqualTo("Rollback initiated: shop 2.4.0 -> 2.3.1");
            assertThat(payload.get("severity").asString()).isEqualTo("critical");
            assertThat(payload.get("source").asString()).isEqualTo("shop/production");
            assertThat(payload.get("timestamp").asString()).isEqualTo("2026-01-26T10:00:00Z");
            assertThat(payload.get("custom_details").get("rollback_id").asString()).isEqualTo("rb-20260126-100000-abcd");
            assertThat(payload.get("custom_details").get("versions").asString()).isEqualTo("2.4.0 → 2.3.1");
            assertThat(payload.get("custom_details").get("trigger").asString()).isEqualTo("error_rate");
            assertThat(trigger.get("links").get(0).get("href").asString()).isEqualTo("https://grafana.example.com/d/shop");
            assertThat(resolve.has("payload")).isFalse();
            assertThat(resolve.get("routing_key").asString()).isEqualTo(KEY);
            assertThat(records.toString()).doesNotContain(KEY);
        }
    }

    @Test
    void aThrottledEventIsRetriedAndABadOneIsNot() {
        try (LocalReceiver pd = new LocalReceiver(429, 202)) {
            List<DeliveryRecord> records = Deliveries.send(channel(pd), pause, Deliveries.alert(AlertEvent.ESCALATED, Severity.CRITICAL, "Systemic issue"));
            assertThat(records).singleElement().satisfies(r -> assertThat(r.attempts()).isEqualTo(2));
        }
        try (LocalReceiver pd = new LocalReceiver(400).answering("{\"status\":\"invalid event\",\"errors\":[\"routing_key " + KEY + " unknown\"]}")) {
            List<DeliveryRecord> records = Deliveries.send(channel(pd), pause, Deliveries.alert(AlertEvent.FAILED, Severity.CRITICAL, "x"));
            assertThat(pd.requests()).hasSize(1);
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(DeliveryStatus.FAILED);
                assertThat(r.detail()).contains("HTTP 400").doesNotContain(KEY);
            });
        }
    }

    @Test
    void withoutARollbackTheReleaseIsTheIncident() {
        var approval = new dev.rewind.model.Alert(Severity.HIGH, "Rollback awaiting approval", "p95 high", Deliveries.T0,
                AlertEvent.AWAITING_APPROVAL.on(Map.of("service", "shop", "environment", "production", "from_version", "2.4.0")));
        PagerDutyEvent.Event e = new PagerDutyEvent("rewind").render(dev.rewind.report.notify.Notification.of(approval));
        assertThat(e.action()).isEqualTo("trigger");
        assertThat(e.dedupKey()).isEqualTo("rewind/shop/production/2.4.0");
        assertThat(e.body().get("payload").get("severity").asString()).isEqualTo("error");
    }

    @Test
    void aMalformedRoutingKeyIsRefusedWithoutBeingRepeated() {
        assertThatThrownBy(() -> PagerDutyChannel.from("oncall", new IntegrationConfig("pagerduty", Map.of("routing_key", "not a key!"),
                "rewind.yaml", 7, "notifications.oncall"), Duration.ofSeconds(5)))
                .hasMessageContaining("notifications.oncall.routing_key").hasMessageNotContaining("not a key!");
    }
}
