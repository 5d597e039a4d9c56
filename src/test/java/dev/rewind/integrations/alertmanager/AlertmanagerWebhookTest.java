package dev.rewind.integrations.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.model.AutomationLevel;
import dev.rewind.model.BadInputException;
import dev.rewind.model.Finding;
import dev.rewind.model.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class AlertmanagerWebhookTest {
    private final AlertmanagerWebhook webhook = new AlertmanagerWebhook(WebhookAuth.none(), AlertMapping.defaults());

    static String message(String alerts) {
        return """
                {"version":"4","groupKey":"{}:{alertname=\\"HighErrorRate\\"}","truncatedAlerts":0,"status":"firing",
                 "receiver":"rewind","groupLabels":{"alertname":"HighErrorRate"},"commonLabels":{"alertname":"HighErrorRate"},
                 "commonAnnotations":{},"externalURL":"http://alertmanager:9093","alerts":[%s]}
                """.formatted(alerts);
    }

    static String alert(String status, String labels, String annotations) {
        return """
                {"status":"%s","labels":{%s},"annotations":{%s},"startsAt":"2026-01-26T10:05:00.123456789Z",
                 "endsAt":"%s","generatorURL":"http://prometheus/graph","fingerprint":"c0ffee"}
                """.formatted(status, labels, annotations, status.equals("firing") ? "0001-01-01T00:00:00Z" : "2026-01-26T10:09:00+00:00");
    }

    private List<AlertBatch> read(String json) {
        return webhook.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void turnsAFiringAlertIntoAFindingForItsServiceAndEnvironment() {
        List<AlertBatch> batches = read(message(alert("firing",
                "\"alertname\":\"HighErrorRate\",\"service\":\"checkout\",\"env\":\"production\",\"severity\":\"critical\",\"metric\":\"error_rate\",\"automation\":\"full\"",
                "\"summary\":\"5xx ratio above 5%\",\"value\":\"0.12\",\"threshold\":\"0.05\"")));

        assertThat(batches).singleElement().satisfies(b -> {
            assertThat(b.receiver()).isEqualTo("rewind");
            assertThat(b.service()).isEqualTo("checkout");
            assertThat(b.environment()).isEqualTo("production");
            assertThat(b.resolved()).isEmpty();
            assertThat(b.findings()).containsExactly(new Finding("HighErrorRate", "error_rate", Severity.CRITICAL, AutomationLevel.FULL,
                    null, 0.12, 0.05, Instant.parse("2026-01-26T10:05:00.123456789Z"), "5xx ratio above 5% [alertmanager c0ffee]"));
        });
    }

    @Test
    void withoutMetricAutomationOrNumbersTheFindingUsesAlertnameTheConfiguredLevelAndOneOfOne() {
        Finding f = read(message(alert("firing", "\"alertname\":\"PodCrashLooping\",\"app\":\"cart\",\"environment\":\"staging\"", "")))
                .getFirst().findings().getFirst();

        assertThat(f.metric()).isEqualTo("PodCrashLooping");
        assertThat(f.automation()).isEqualTo(AutomationLevel.SEMI);
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.current()).isEqualTo(1.0);
        assertThat(f.threshold()).isEqualTo(1.0);
        assertThat(f.reason()).contains("PodCrashLooping is firing");
    }

    @Test
    void resolvedAlertsAreReportedAsResolvedNotAsFindings() {
        AlertBatch b = read(message(alert("resolved", "\"alertname\":\"HighErrorRate\",\"service\":\"checkout\",\"env\":\"production\"", "")))
                .getFirst();

        assertThat(b.findings()).isEmpty();
        assertThat(b.resolved()).containsExactly(new ResolvedAlert("HighErrorRate", "c0ffee",
                Instant.parse("2026-01-26T10:05:00.123456789Z"), Instant.parse("2026-01-26T10:09:00Z")));
    }

    @Test
    void alertsForDifferentServicesGoToSeparateBatches() {
        List<AlertBatch> batches = read(message(String.join(",",
                alert("firing", "\"alertname\":\"A\",\"service\":\"checkout\",\"env\":\"prod\"", ""),
                alert("firing", "\"alertname\":\"B\",\"service\":\"cart\",\"env\":\"prod\"", ""),
                alert("firing", "\"alertname\":\"C\",\"service\":\"checkout\",\"env\":\"prod\"", ""))));

        assertThat(batches).extracting(AlertBatch::service).containsExactly("checkout", "cart");
        assertThat(batches.getFirst().findings()).extracting(Finding::trigger).containsExactly("A", "C");
    }

    @Test
    void configuredLabelNamesAndDefaultEnvironmentAreUsed() {
        AlertMapping mapping = new AlertMapping(List.of("job"), List.of("cluster"), "metric", "automation",
                AutomationLevel.MANUAL, Severity.LOW, "production");
        AlertmanagerWebhook custom = new AlertmanagerWebhook(WebhookAuth.none(), mapping);

        AlertBatch b = custom.read(message(alert("firing", "\"alertname\":\"A\",\"job\":\"payments\"", "")).getBytes(StandardCharsets.UTF_8)).getFirst();

        assertThat(b.service()).isEqualTo("payments");
        assertThat(b.environment()).isEqualTo("production");
        assertThat(b.findings().getFirst().automation()).isEqualTo(AutomationLevel.MANUAL);
        assertThat(b.findings().getFirst().severity()).isEqualTo(Severity.LOW);
    }

    @ParameterizedTest(name = "severity {0} -> {1}")
    @CsvSource({"critical,CRITICAL", "CRITICAL,CRITICAL", "page,CRITICAL", "high,HIGH", "error,HIGH", "warning,MEDIUM",
            "info,LOW", "low,LOW", "whatever,HIGH"})
    void mapsTheSeverityLabel(String word, Severity expected) {
        Finding f = read(message(alert("firing", "\"alertname\":\"A\",\"service\":\"s\",\"env\":\"e\",\"severity\":\"" + word + "\"", "")))
                .getFirst().findings().getFirst();

        assertThat(f.severity()).isEqualTo(expected);
        assertThat(f.reason().contains("unknown severity")).isEqualTo(word.equals("whatever"));
    }

    static Stream<Arguments> badPayloads() {
        String ok = "\"alertname\":\"A\",\"service\":\"s\",\"env\":\"e\"";
        return Stream.of(
                Arguments.of("{\"version\":\"4\",", "body"),
                Arguments.of("[]", "body"),
                Arguments.of(message("").replace("\"version\":\"4\"", "\"version\":\"3\""), "version"),
                Arguments.of("{\"version\":\"4\",\"alerts\":{}}", "alerts"),
                Arguments.of(message(alert("firing", ok, "").replace("\"firing\"", "\"pending\"")), "alerts[0].status"),
                Arguments.of(message(alert("firing", ok, "").replace("2026-01-26T10:05:00.123456789Z", "yesterday")), "alerts[0].startsAt"),
                Arguments.of(message(alert("firing", ok, "").replace("\"endsAt\":\"0001-01-01T00:00:00Z\",", "")), "alerts[0].endsAt"),
                Arguments.of(message(alert("firing", "\"service\":\"s\",\"env\":\"e\"", "")), "alerts[0].labels.alertname"),
                Arguments.of(message(alert("firing", "\"alertname\":\"A\",\"env\":\"e\"", "")), "alerts[0].labels.service"),
                Arguments.of(message(alert("firing", "\"alertname\":\"A\",\"service\":\"s\"", "")), "alerts[0].labels.environment"),
                Arguments.of(message(alert("firing", ok + ",\"automation\":\"auto\"", "")), "alerts[0].labels.automation"),
                Arguments.of(message(alert("firing", ok + ",\"n\":3", "")), "alerts[0].labels.n"),
                Arguments.of(message(alert("firing", ok, "\"value\":\"lots\"")), "alerts[0].annotations.value"),
                Arguments.of(message(alert("firing", ok, "").replace("2026-01-26T10:05:00.123456789Z", "+10000-01-01T00:00:00Z")), "alerts[0].startsAt"),
                Arguments.of(message(alert("resolved", ok, "").replace("2026-01-26T10:09:00+00:00", "-0001-01-01T00:00:00Z")), "alerts[0].endsAt"));
    }

    /** What a rule's {{ $value }} prints for 0/0 or x/0 (NaN, +Inf), and what Double.parseDouble took besides. */
    @ParameterizedTest(name = "{0}: \"{1}\"")
    @CsvSource(delimiter = '|', value = {"value|NaN", "value|nan", "value|+Inf", "value|-Inf", "value|Infinity", "value|-Infinity",
            "threshold|NaN", "threshold|Infinity", "value|1e400", "value|-1e309", "value|1e16", "threshold|-2e15", "value|0x1p3",
            "value|1d", "value|2.5f", "value|1_000", "value|1,5", "value|12345678901234567890123456789012345678901", "value|s3cr3t-value"})
    void aNumberThatIsNotFiniteBoundedAndDecimalIsBadInputNamingTheAnnotation(String annotation, String number) {
        String json = message(alert("firing", "\"alertname\":\"A\",\"service\":\"s\",\"env\":\"e\"",
                "\"" + annotation + "\":\"" + number + "\""));

        assertThatThrownBy(() -> read(json)).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.field()).isEqualTo("alerts[0].annotations." + annotation);
            assertThat(e.getMessage()).doesNotContain(number);
        });
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource({"0.12,0.12", "1e+06,1000000", "1.5E-3,0.0015", ".5,0.5", "5.,5", "-3,-3", "+7,7", "1e15,1e15", "-1e15,-1e15", "' 42 ',42"})
    void aFiniteDecimalWithinBoundsIsTheFindingsValue(String number, double expected) {
        Finding f = read(message(alert("firing", "\"alertname\":\"A\",\"service\":\"s\",\"env\":\"e\"",
                "\"value\":\"" + number + "\",\"threshold\":\"" + number + "\""))).getFirst().findings().getFirst();

        assertThat(f.current()).isEqualTo(expected);
        assertThat(f.threshold()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badPayloads")
    void aBadPayloadIsBadInputNamingTheField(String json, String field) {
        assertThatThrownBy(() -> read(json)).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.exitCode()).isEqualTo(2);
            assertThat(e.getMessage()).contains("alertmanager webhook");
        });
    }
}
