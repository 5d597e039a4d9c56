package dev.rewind.report;

import static dev.rewind.report.IncidentFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentReportWriterTest {
    private final IncidentReportWriter writer = new IncidentReportWriter();
    private final IncidentFacts facts = facts().withResult(new DiagnosisBuilder().complete(facts()));

    @Test
    void hasSeed004sSectionsInOrder() {
        String md = writer.render(facts, MetricChart.FILE_NAME);

        List<String> headings = md.lines().filter(l -> l.startsWith("## ")).toList();
        assertThat(headings).containsSubsequence("## Executive Summary", "## Trigger Analysis", "## Rollback Execution",
                "## Impact Assessment", "## Root Cause (probable)", "## Prevention Measures", "## Lessons Learned", "## Follow-up Actions");
        assertThat(headings).contains("## Timeline");
        assertThat(md).startsWith("# Rollback Report: orders 2.4.0-abc123 Deployment\n");
    }

    @Test
    void linksTheChartRelatively() {
        assertThat(writer.render(facts, "chart.svg")).contains("![Metrics around the rollback](chart.svg)");
    }

    @Test
    void timelineListsDeployDetectionEveryActionAndRecoveryInTimeOrder() {
        List<String> rows = writer.render(facts, null).lines().filter(l -> l.startsWith("| 2026-")).toList();

        assertThat(rows).extracting(r -> r.split(" \\| ")[1].replaceFirst(" \\|$", "")).containsExactly(
                "2.4.0-abc123 deployed, serving 5% of traffic", "first bad sample: a firing metric crossed its threshold",
                "detected: " + DiagnosisBuilder.trigger(facts.findings()), "feature flag new-orders-endpoint turned off",
                "version reverted 2.4.0-abc123 → 2.3.1", "metrics back at baseline", "recovered: metrics back within baseline");
        assertThat(rows.get(4)).startsWith("| 2026-02-24T10:20:30Z | version reverted");
        assertThat(writer.render(facts, null)).as("machine names stay in rollback_result.yaml").doesNotContain("FLAG_DEACTIVATED", "{");
    }

    @Test
    void metricsTableComparesDetectionBaselineAndAfterRollback() {
        assertThat(writer.render(facts, null)).contains("| p95_latency_ms | 340 | 120 | +183% | 250 | 125 |");
    }

    @Test
    void statesTheImpactAndWhereItsDurationStarts() {
        String md = writer.render(facts, null);

        assertThat(md).contains("- **Customer Impact**: 5% of traffic for 3m 0s")
                .contains("180s, from the first bad sample (2026-02-24T10:17:00Z) until traffic was restored (2026-02-24T10:20:00Z)");
    }

    @Test
    void aFailedRollbackSaysPeopleMustFinishIt() {
        RollbackResult r = facts.result();
        RollbackResult failed = new RollbackResult(r.id(), RollbackStatus.FAILED, r.service(), r.environment(), r.revertedFrom(), r.revertedTo(),
                true, false, null, 3, r.startedAt(), r.finishedAt(), r.actionsLog(), null);

        String md = writer.render(facts.withResult(failed), null);

        assertThat(md).contains("- **Outcome**: Failed: metrics did not return to baseline").contains("ended failed: people must finish it")
                .contains("- **Metrics Normalized**: no").contains("metrics NOT back at baseline");
    }

    @Test
    void tableCellsCannotBreakOutOfTheirRow() {
        IncidentFacts piped = new IncidentFacts(facts.release(), facts.findings(), facts.baseline(), facts.result(), facts.timeline(),
                facts.observations(), Map.of());
        RollbackResult r = piped.result();
        RollbackResult odd = new RollbackResult(r.id(), r.status(), r.service(), r.environment(), r.revertedFrom(), r.revertedTo(), true, true, 90L, 1,
                r.startedAt(), r.finishedAt(), List.of(new dev.rewind.model.ActionLogEntry("REVERT", "success", REVERTED, Map.of("detail", "a|b\nc"))), r.diagnosis());

        String row = writer.render(piped.withResult(odd), null).lines().filter(l -> l.contains("| version reverted")).findFirst().orElseThrow();

        assertThat(row).endsWith("| version reverted (a\\|b c) |");
    }

    @Test
    void withASequentialTestBesideAWindowRuleTheReportSaysWhichFiredFirst() {
        var ev = new dev.rewind.model.Evidence(124, 0.008, 0.05, 0, "baseline", 17, 1409, 865, 215_700, "requests", DEPLOYED,
                java.time.Duration.ofMinutes(7));
        var sequential = new dev.rewind.model.Finding("error_rate", "error_rate", dev.rewind.model.Severity.CRITICAL,
                dev.rewind.model.AutomationLevel.FULL, 0.004, 0.012, 0.0, DETECTED, "test", ev);
        var floorLater = new dev.rewind.model.Finding("error_rate_floor", "error_rate", dev.rewind.model.Severity.CRITICAL,
                dev.rewind.model.AutomationLevel.FULL, 0.004, 0.06, 0.05, DETECTED.plusSeconds(20), "rule");
        var floorTogether = new dev.rewind.model.Finding("error_rate_floor", "error_rate", dev.rewind.model.Severity.CRITICAL,
                dev.rewind.model.AutomationLevel.FULL, 0.004, 0.06, 0.05, DETECTED, "rule");

        assertThat(IncidentReportWriter.firedFirst(List.of(floorLater, sequential))).contains(
                "error_rate (sequential test) at 2026-02-24T10:17:05Z; then error_rate_floor (window rule) at 2026-02-24T10:17:25Z");
        assertThat(IncidentReportWriter.firedFirst(List.of(sequential, floorTogether)))
                .contains("error_rate (sequential test) and error_rate_floor (window rule) together at 2026-02-24T10:17:05Z");
        assertThat(IncidentReportWriter.firedFirst(List.of(sequential))).as("one trigger: nothing to compare").isEmpty();

        IncidentFacts both = new IncidentFacts(facts.release(), List.of(floorLater, sequential), facts.baseline(), facts.result(), facts.timeline(),
                facts.observations(), Map.of());
        assertThat(writer.render(both, null)).contains("- **Fired first**: error_rate (sequential test) at 2026-02-24T10:17:05Z; then");
    }
}
