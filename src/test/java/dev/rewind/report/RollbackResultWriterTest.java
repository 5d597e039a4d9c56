package dev.rewind.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.RollbackResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

class RollbackResultWriterTest {
    private static final String ISO = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";
    private final RollbackResultWriter writer = new RollbackResultWriter();
    private final RollbackResult result = new DiagnosisBuilder().complete(IncidentFixtures.facts());

    @Test
    void yamlParsesBackWithEverySeed000FieldInOrderAndTyped() {
        JsonNode root = new YAMLMapper().readTree(writer.toYaml(result)).get("rollback_result");

        assertThat(root.propertyNames().stream().limit(7).toList()).containsExactly(
                "status", "reverted_to", "flag_deactivated", "metrics_normalized", "normalization_time_sec", "actions_log", "diagnosis");
        assertThat(root.get("status").isString()).isTrue();
        assertThat(root.get("status").asString()).isEqualTo("success");
        assertThat(root.get("reverted_to").asString()).isEqualTo("2.3.1");
        assertThat(root.get("flag_deactivated").isBoolean()).isTrue();
        assertThat(root.get("metrics_normalized").booleanValue()).isTrue();
        assertThat(root.get("normalization_time_sec").isIntegralNumber()).isTrue();
        assertThat(root.get("normalization_time_sec").asInt()).isEqualTo(90);
    }

    @Test
    void actionsLogCarriesActionStatusIsoTimestampAndDetails() {
        JsonNode log = new YAMLMapper().readTree(writer.toYaml(result)).get("rollback_result").get("actions_log");

        assertThat(log.isArray()).isTrue();
        assertThat(log.size()).isEqualTo(3);
        for (JsonNode a : log) {
            assertThat(a.get("action").isString()).isTrue();
            assertThat(a.get("status").isString()).isTrue();
            assertThat(a.get("timestamp").asString()).matches(ISO);
        }
        assertThat(log.get(0).get("timestamp").asString()).isEqualTo("2026-02-24T10:20:00Z");
        assertThat(log.get(1).get("from").asString()).isEqualTo("2.4.0-abc123");
        assertThat(log.get(1).get("to").asString()).isEqualTo("2.3.1");
        assertThat(log.get(2).get("status").asString()).isEqualTo("normalized");
    }

    @Test
    void diagnosisHasSeed000sFieldsWithTheRightTypes() {
        JsonNode d = new YAMLMapper().readTree(writer.toYaml(result)).get("rollback_result").get("diagnosis");

        assertThat(d.propertyNames().stream().limit(7).toList()).containsExactly("trigger", "detected_at", "impacted_traffic_percent",
                "impact_duration_sec", "probable_cause", "metrics_at_detection", "recommendation");
        assertThat(d.get("trigger").isString()).isTrue();
        assertThat(d.get("detected_at").asString()).isEqualTo("2026-02-24T10:17:05Z");
        assertThat(d.get("impacted_traffic_percent").isNumber()).isTrue();
        assertThat(d.get("impacted_traffic_percent").asInt()).isEqualTo(5);
        assertThat(d.get("impact_duration_sec").isIntegralNumber()).isTrue();
        assertThat(d.get("impact_duration_sec").asLong()).isEqualTo(180);
        assertThat(d.get("probable_cause").asString()).contains("abc123");
        JsonNode m = d.get("metrics_at_detection");
        assertThat(m.get("p95_latency_ms").asInt()).isEqualTo(340);
        assertThat(m.get("baseline_p95_latency_ms").asInt()).isEqualTo(120);
        assertThat(m.get("delta_percent").isIntegralNumber()).isTrue();
        assertThat(m.get("delta_percent").asInt()).isEqualTo(183);
        assertThat(d.get("recommendation").asString()).contains("before re-deploying");
    }

    @Test
    void extraFieldsFollowTheSeedOnesWithoutReplacingThem() {
        JsonNode root = new YAMLMapper().readTree(writer.toYaml(result, Map.of("report", "incident-report.md", "status", "overwritten"),
                Map.of("impact_measured_from", "first_bad_sample"))).get("rollback_result");

        assertThat(root.get("report").asString()).isEqualTo("incident-report.md");
        assertThat(root.get("status").asString()).isEqualTo("success");
        assertThat(root.get("reverted_from").asString()).isEqualTo("2.4.0-abc123");
        assertThat(root.get("started_at").asString()).isEqualTo("2026-02-24T10:20:00Z");
        assertThat(root.get("diagnosis").get("impact_measured_from").asString()).isEqualTo("first_bad_sample");
    }

    @Test
    void versionsAndTimestampsStayStringsForYaml11Readers() {
        String yaml = writer.toYaml(result);

        assertThat(yaml).contains("reverted_to: \"2.3.1\"").contains("detected_at: \"2026-02-24T10:17:05Z\"");
    }

    @Test
    void jsonFormHasTheSameTreeAsTheYaml() {
        JsonNode fromJson = new JsonMapper().readTree(writer.toJson(result, Map.of(), Map.of()));
        JsonNode fromYaml = new YAMLMapper().readTree(writer.toYaml(result));

        assertThat(fromJson).isEqualTo(fromYaml);
    }

    @Test
    void secretLookingActionDetailsAreMasked() {
        RollbackResult withSecret = new RollbackResult("rb-2", result.status(), "orders", "production", "2.4.0", "2.3.1", true, true, 90L, 1,
                null, null, List.of(new ActionLogEntry("NOTIFIED", "success", IncidentFixtures.VERIFIED,
                Map.of("channel", "slack", "webhook_url", "https://hooks.example/T000/B000/XyZsecret"))), result.diagnosis());

        String yaml = writer.toYaml(withSecret);

        JsonNode action = new YAMLMapper().readTree(yaml).get("rollback_result").get("actions_log").get(0);
        assertThat(yaml).doesNotContain("XyZsecret");
        assertThat(action.get("webhook_url").asString()).isEqualTo(SecretMask.MASK);
        assertThat(action.get("channel").asString()).isEqualTo("slack");
    }
}
