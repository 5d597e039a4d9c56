package dev.rewind.report;

import static dev.rewind.report.IncidentFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.Diagnosis;
import dev.rewind.model.Observations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiagnosisBuilderTest {
    private final DiagnosisBuilder builder = new DiagnosisBuilder();

    @Test
    void reproducesSeed000sDiagnosisForTheLatencyCanary() {
        Diagnosis d = builder.build(facts());

        assertThat(d.trigger()).isEqualTo("latency exceeded threshold (p95_latency_ms 340 > 250)");
        assertThat(d.detectedAt()).isEqualTo(DETECTED);
        assertThat(d.impactedTrafficPercent()).isEqualTo(5.0);
        assertThat(d.impactDurationSec()).isEqualTo(180);
        assertThat(d.metricsAtDetection()).containsEntry("p95_latency_ms", 340L)
                .containsEntry("baseline_p95_latency_ms", 120L).containsEntry("delta_percent", 183L);
        assertThat(d.probableCause()).contains("abc123").contains("endpoint").contains("+183%");
        assertThat(d.recommendation()).contains("abc123").contains("before re-deploying 2.4.0-abc123");
    }

    @Test
    void measuresImpactFromTheDeployWhenNoSampleShowsTheBreach() {
        IncidentFacts noSamples = facts(List.of(latencyFinding()), List.of(ORDERS_ENDPOINT), new Observations(Map.of()));

        ImpactWindow w = builder.impactWindow(noSamples);

        assertThat(w.basis()).isEqualTo(ImpactWindow.DEPLOY);
        assertThat(builder.build(noSamples).impactDurationSec()).isEqualTo(Duration.between(DEPLOYED, FLAG_OFF).toSeconds());
    }

    @Test
    void measuresImpactFromTheFirstBadSampleUntilTheFlagWentOff() {
        ImpactWindow w = builder.impactWindow(facts());

        assertThat(w.basis()).isEqualTo(ImpactWindow.FIRST_BAD_SAMPLE);
        assertThat(w.start()).isEqualTo(FIRST_BAD);
        assertThat(w.end()).isEqualTo(FLAG_OFF);
    }

    @Test
    void listsActionsAndStateFromTheActionsLog() {
        Diagnosis d = builder.build(facts());

        assertThat(d.actionTaken()).containsExactly(
                "FLAG_DEACTIVATED: success at 2026-02-24T10:20:00Z",
                "REVERT 2.4.0-abc123 -> 2.3.1: success at 2026-02-24T10:20:30Z",
                "METRICS_VERIFIED: normalized at 2026-02-24T10:22:00Z");
        assertThat(d.currentState()).startsWith("running 2.3.1 (rolled back from 2.4.0-abc123)")
                .contains("after 90s").contains("p95_latency_ms 125 vs baseline 120");
        assertThat(d.whatFailed()).singleElement().asString().contains("340 vs baseline 120 (+183%)").contains("[critical]");
    }

    @Test
    void namesEveryFiringMetricWithItsOwnDelta() {
        IncidentFacts two = facts(List.of(latencyFinding(), finding("error_rate", 0.5, 5.2, 1.0)), List.of(ORDERS_ENDPOINT), observations());

        Diagnosis d = builder.build(two);

        assertThat(d.trigger()).contains("latency exceeded threshold").contains("error_rate exceeded threshold (error_rate 5.2 > 1)");
        assertThat(d.metricsAtDetection()).containsEntry("delta_percent", 183L)
                .containsEntry("delta_percent_error_rate", 940L).containsEntry("error_rate", 5.2).containsEntry("baseline_error_rate", 0.5);
    }

    @Test
    void withoutFindingsItSaysNothingFiredInsteadOfInventingACause() {
        Diagnosis d = builder.build(facts(List.of(), List.of(ORDERS_ENDPOINT), observations()));

        assertThat(d.trigger()).isEqualTo("none");
        assertThat(d.detectedAt()).isEqualTo(DETECTED);
        assertThat(d.probableCause()).startsWith("no matching change").contains("no trigger fired");
        assertThat(d.recommendation()).startsWith("No trigger fired");
        assertThat(d.metricsAtDetection()).isEmpty();
    }

    @Test
    void anOperatorsRollbackIsDiagnosedAsSuch() {
        Diagnosis d = builder.build(facts(List.of(dev.rewind.model.Finding.manual("checkout broken", DETECTED)), List.of(ORDERS_ENDPOINT), observations()));

        assertThat(d.trigger()).isEqualTo("manual rollback: checkout broken");
        assertThat(d.probableCause()).contains("operator command");
        assertThat(d.recommendation()).startsWith("Find the root cause the operator saw");
    }

    @Test
    void saysAMetricFellBelowItsThresholdWhenItDropped() {
        IncidentFacts drop = facts(List.of(finding("request_rate", 50, 10, 25)), List.of(), observations());

        assertThat(builder.build(drop).trigger()).isEqualTo("request_rate fell below threshold (request_rate 10 < 25)");
    }
}
