package dev.rewind.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.Alert;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.model.Severity;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RollbackAlertTest {
    private final RollbackResult result = new DiagnosisBuilder().complete(IncidentFixtures.facts());

    @Test
    void carriesBothVersionsMetricsBeforeAndAfterAndTheRecommendation() {
        Alert alert = new RollbackAlert().of(result, Map.of("p95_latency_ms", 125.4), IncidentFixtures.VERIFIED);

        assertThat(alert.title()).isEqualTo("Rollback of orders 2.4.0-abc123 in production: success");
        assertThat(alert.fields()).containsEntry("reverted_from", "2.4.0-abc123").containsEntry("current_version", "2.3.1")
                .containsEntry("metrics_after_rollback", Map.of("p95_latency_ms", 125L));
        assertThat(alert.fields().get("metrics_at_detection")).asString().contains("p95_latency_ms=340").contains("baseline_p95_latency_ms=120");
        assertThat(alert.body()).contains("abc123").contains("before re-deploying");
        assertThat(alert.at()).isEqualTo(IncidentFixtures.VERIFIED);
    }

    @ParameterizedTest
    @CsvSource({"SUCCESS, HIGH", "FAILED, CRITICAL", "ESCALATED, CRITICAL", "DRY_RUN, MEDIUM", "AWAITING_APPROVAL, HIGH"})
    void severityFollowsHowTheRollbackEnded(RollbackStatus status, Severity expected) {
        RollbackResult r = new RollbackResult("x", status, "orders", "production", "2", "1", false, false, null, 1, null, null,
                java.util.List.of(), null);

        assertThat(new RollbackAlert().of(r, Map.of(), IncidentFixtures.VERIFIED).severity()).isEqualTo(expected);
    }
}
