package dev.rewind.report;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Change;
import dev.rewind.model.Diagnosis;
import dev.rewind.model.Finding;
import dev.rewind.model.MetricNames;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The Markdown incident report, shaped like seed 004's "Rollback Report", with a timeline, a metrics table
 * (detection vs baseline vs after rollback) and the chart. Expects {@code facts.result().diagnosis()} built.
 */
public final class IncidentReportWriter {
    public static final String FILE_NAME = "incident-report.md";

    public String render(IncidentFacts facts, String chartFile) {
        RollbackResult r = facts.result();
        Diagnosis d = r.diagnosis() != null ? r.diagnosis() : new DiagnosisBuilder().build(facts);
        ImpactWindow impact = new DiagnosisBuilder().impactWindow(facts);
        StringBuilder md = new StringBuilder();
        md.append("# Rollback Report: ").append(cell(facts.release().service())).append(' ').append(cell(facts.release().version()))
                .append(" Deployment\n\n");
        executiveSummary(md, facts, d);
        triggerAnalysis(md, facts, d);
        timeline(md, facts, impact);
        rollbackExecution(md, r);
        GitOpsSection.append(md, r);
        PlanRunSection.append(md, r);
        impactAssessment(md, facts, d, impact);
        metricsTable(md, facts);
        if (chartFile != null) md.append("![Metrics around the rollback](").append(chartFile).append(")\n\n");
        md.append("## Root Cause (probable)\n").append(d.probableCause()).append("\n\n");
        changes(md, facts.release().changes());
        prevention(md, d);
        lessons(md, facts, d);
        followUp(md, facts, d);
        return md.toString();
    }

    public Path write(Path file, IncidentFacts facts, String chartFile) {
        return ReportFile.write(file, render(facts, chartFile));
    }

    private static void executiveSummary(StringBuilder md, IncidentFacts facts, Diagnosis d) {
        RollbackResult r = facts.result();
        md.append("## Executive Summary\n");
        bullet(md, "Operation", "Deploy " + facts.release().service() + " " + facts.release().version() + " to " + facts.release().environment());
        bullet(md, "Rollback Triggered", iso(r.startedAt() != null ? r.startedAt() : d.detectedAt()));
        bullet(md, "Rollback Completed", iso(r.finishedAt()));
        if (r.startedAt() != null && r.finishedAt() != null) bullet(md, "Duration", human(Duration.between(r.startedAt(), r.finishedAt())));
        bullet(md, "Outcome", outcome(r.status()) + (r.revertedTo() == null ? "" : " (reverted " + r.revertedFrom() + " -> " + r.revertedTo() + ")"));
        bullet(md, "Customer Impact", ReportNumbers.text(d.impactedTrafficPercent()) + "% of traffic for " + human(Duration.ofSeconds(d.impactDurationSec())));
        bullet(md, "Current State", d.currentState());
        md.append('\n');
    }

    private static void triggerAnalysis(StringBuilder md, IncidentFacts facts, Diagnosis d) {
        md.append("## Trigger Analysis\n");
        boolean manual = facts.findings().stream().anyMatch(f -> f.trigger().equals("manual"));
        bullet(md, "Trigger Type", manual ? "Manual" : "Automatic");
        bullet(md, "Reason", d.trigger());
        for (Finding f : facts.findings()) {
            if (f.trigger().equals("manual")) continue;
            if (f.evidence() != null) {
                md.append("- **Sequential test**: ").append(cell(MetricNames.canonical(f.metric()))).append(", ").append(cell(SequentialText.summary(f)))
                        .append(" (severity: ").append(f.severity().label()).append(")\n");
                continue;
            }
            md.append("- **Metric**: ").append(cell(MetricNames.canonical(f.metric()))).append(" = ").append(ReportNumbers.text(f.current()))
                    .append(" (threshold: ").append(ReportNumbers.text(f.threshold()))
                    .append(f.baseline() == null ? "" : ", baseline: " + ReportNumbers.text(f.baseline()))
                    .append(", severity: ").append(f.severity().label()).append(")\n");
        }
        firedFirst(facts.findings()).ifPresent(text -> bullet(md, "Fired first", text));
        long delay = Duration.between(facts.timeline().deployedAt(), d.detectedAt()).toSeconds();
        bullet(md, "Detection", "at " + iso(d.detectedAt()) + ", " + human(Duration.ofSeconds(Math.max(0, delay))) + " after the deploy");
        md.append('\n');
    }

    /**
     * With more than one trigger firing (a sequential test beside a window rule, say), which came first and of what
     * kind: the issue a reader has when choosing between them. Nothing for a single finding.
     */
    static java.util.Optional<String> firedFirst(List<Finding> findings) {
        List<Finding> fired = findings.stream().filter(f -> !f.trigger().equals("manual") && f.detectedAt() != null)
                .sorted(java.util.Comparator.comparing(Finding::detectedAt)).toList();
        if (fired.size() < 2) return java.util.Optional.empty();
        Instant first = fired.getFirst().detectedAt();
        List<String> together = fired.stream().filter(f -> f.detectedAt().equals(first)).map(IncidentReportWriter::named).toList();
        List<String> later = fired.stream().filter(f -> f.detectedAt().isAfter(first))
                .map(f -> named(f) + " at " + iso(f.detectedAt())).toList();
        String head = together.size() == 1 ? together.getFirst() + " at " + iso(first)
                : String.join(" and ", together) + " together at " + iso(first);
        return java.util.Optional.of(later.isEmpty() ? head : head + "; then " + String.join(", ", later));
    }

    private static String named(Finding f) {
        return cell(f.trigger()) + " (" + (f.evidence() != null ? "sequential test" : "window rule") + ")";
    }

    private static void timeline(StringBuilder md, IncidentFacts facts, ImpactWindow impact) {
        record Row(Instant at, String sentence) {
        }
        List<Row> rows = new ArrayList<>();
        IncidentTimeline t = facts.timeline();
        rows.add(new Row(t.deployedAt(), facts.release().version() + " deployed, serving " + ReportNumbers.text(facts.release().trafficPercent()) + "% of traffic"));
        if (impact.basis().equals(ImpactWindow.FIRST_BAD_SAMPLE)) rows.add(new Row(impact.start(), "first bad sample: a firing metric crossed its threshold"));
        rows.add(new Row(t.detectedAt(), "detected: " + DiagnosisBuilder.trigger(facts.findings())));
        for (ActionLogEntry a : facts.result().actionsLog()) {
            if (a.timestamp() != null) rows.add(new Row(a.timestamp(), ActionSentence.of(a)));
        }
        if (t.recoveredAt() != null) rows.add(new Row(t.recoveredAt(), "recovered: metrics back within baseline"));
        md.append("## Timeline\n| time (UTC) | what happened |\n|---|---|\n");
        rows.stream().sorted(Comparator.comparing(Row::at)).forEach(row ->
                md.append("| ").append(iso(row.at())).append(" | ").append(cell(row.sentence())).append(" |\n"));
        md.append('\n');
    }

    private static void rollbackExecution(StringBuilder md, RollbackResult r) {
        md.append("## Rollback Execution\n");
        bullet(md, "Method", "Automated rollback by Rewind (" + r.actionsLog().size() + " journaled actions)");
        bullet(md, "Attempts", r.attempts() + (r.attempts() == 1 && r.status() == RollbackStatus.SUCCESS ? " (successful on first attempt)" : ""));
        bullet(md, "Flag Deactivated", r.flagDeactivated() ? "yes" : "no");
        bullet(md, "Metrics Normalized", r.metricsNormalized()
                ? "yes" + (r.normalizationTimeSec() == null ? "" : ", after " + r.normalizationTimeSec() + "s")
                : r.verificationNote() != null ? "not verifiable: " + r.verificationNote() : "no");
        long failed = r.actionsLog().stream().filter(a -> "failed".equalsIgnoreCase(a.status())).count();
        if (r.heldInMaintenance()) {
            bullet(md, "Maintenance", "HELD: verification failed, so the service stays in maintenance until an operator ends it"
                    + " (`rewind maintenance off`); see MAINTENANCE_HELD in the journal");
        }
        bullet(md, "Manual Intervention", r.heldInMaintenance() ? "Required: the service is held in maintenance"
                : r.status() == RollbackStatus.ESCALATED || failed > 0
                ? "Required (" + failed + " failed actions, status " + r.status().label() + ")"
                : GitOpsSection.leftPaused(r) ? "Required: the GitOps sync stays paused (see GitOps)" : "None required");
        md.append('\n');
    }

    private static void impactAssessment(StringBuilder md, IncidentFacts facts, Diagnosis d, ImpactWindow impact) {
        md.append("## Impact Assessment\n");
        bullet(md, "Affected Traffic", ReportNumbers.text(d.impactedTrafficPercent()) + "% (the release's traffic share)");
        bullet(md, "Impact Duration", d.impactDurationSec() + "s, from the " + (impact.basis().equals(ImpactWindow.DEPLOY) ? "deploy" : "first bad sample")
                + " (" + iso(impact.start()) + ") until traffic was restored (" + iso(impact.end()) + ")");
        for (String line : d.whatFailed()) md.append("- ").append(cell(line)).append('\n');
        md.append('\n');
    }

    private static void metricsTable(StringBuilder md, IncidentFacts facts) {
        md.append("### Metrics: detection vs baseline vs after rollback\n| metric | at detection | baseline | change | threshold | after rollback |\n|---|---|---|---|---|---|\n");
        Map<String, Double> after = facts.afterRollback();
        facts.findings().stream().filter(f -> !f.trigger().equals("manual") && f.evidence() == null).forEach(f -> {
            String m = MetricNames.canonical(f.metric());
            Double delta = f.deltaPercent();
            md.append("| ").append(cell(m)).append(" | ").append(ReportNumbers.text(f.current())).append(" | ")
                    .append(f.baseline() == null ? "n/a" : ReportNumbers.text(f.baseline())).append(" | ")
                    .append(delta == null ? "n/a" : ReportNumbers.signedPercent(delta)).append(" | ")
                    .append(ReportNumbers.text(f.threshold())).append(" | ")
                    .append(after.containsKey(m) ? ReportNumbers.text(after.get(m)) : "not measured").append(" |\n");
        });
        md.append('\n');
    }

    private static void changes(StringBuilder md, List<Change> changes) {
        if (changes.isEmpty()) return;
        md.append("Changes deployed in this release:\n");
        for (Change c : changes) {
            md.append("- ").append(cell(c.kind())).append(" `").append(cell(c.id()).replace("`", "'")).append("`: ").append(cell(c.summary()))
                    .append(c.touches().isEmpty() ? "" : " (touches " + String.join(", ", c.touches()) + ")").append('\n');
        }
        md.append('\n');
    }

    private static void prevention(StringBuilder md, Diagnosis d) {
        md.append("## Prevention Measures\n");
        md.append("1. ").append(d.recommendation()).append('\n');
        md.append("2. Add the firing metrics' thresholds to the pre-production load test\n");
        md.append("3. Keep the feature flag and rollback plan for the re-deploy\n\n");
    }

    private static void lessons(StringBuilder md, IncidentFacts facts, Diagnosis d) {
        RollbackResult r = facts.result();
        md.append("## Lessons Learned\n");
        long delay = Duration.between(facts.timeline().deployedAt(), d.detectedAt()).toSeconds();
        md.append("- Monitoring detected the regression ").append(human(Duration.ofSeconds(Math.max(0, delay)))).append(" after the deploy\n");
        md.append("- ").append(switch (r.status()) {
            case SUCCESS -> "Automated rollback restored the previous version";
            case SUCCESS_UNVERIFIED -> "Automated rollback restored the previous version, but its recovery could not be measured: make the metrics readable during rollbacks";
            default -> "The rollback ended " + r.status().label() + ": people must finish it";
        }).append('\n');
        md.append("- ").append(d.probableCause().startsWith("no matching change")
                ? "The release's change list did not explain the regression: record what each change touches"
                : "The change list pointed at a probable cause; confirm it before the fix").append("\n\n");
    }

    private static void followUp(StringBuilder md, IncidentFacts facts, Diagnosis d) {
        md.append("## Follow-up Actions\n");
        md.append("- [ ] Confirm the root cause: ").append(d.probableCause()).append('\n');
        md.append("- [ ] Fix and test before re-deploying ").append(facts.release().version()).append('\n');
        md.append("- [ ] Review this report with the team\n");
    }

    private static String outcome(RollbackStatus s) {
        return switch (s) {
            case SUCCESS -> "Successful: rolled back, recovery verified";
            case SUCCESS_UNVERIFIED -> "Rolled back, recovery not verifiable: the metrics could not be read";
            case ABORTED -> "Aborted by an operator";
            case FAILED -> "Failed: metrics did not return to baseline";
            case ESCALATED -> "Escalated: the previous version is unhealthy too";
            case DRY_RUN -> "Dry run: nothing changed";
            case AWAITING_APPROVAL -> "Awaiting approval";
        };
    }

    private static void bullet(StringBuilder md, String label, String value) {
        md.append("- **").append(label).append("**: ").append(value == null ? "n/a" : cell(value)).append('\n');
    }

    /** Pipes and newlines would break a table row. */
    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    private static String iso(Instant at) {
        return at == null ? "n/a" : DiagnosisBuilder.iso(at);
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 60) return s + "s";
        if (s < 3600) return (s / 60) + "m " + (s % 60) + "s";
        return (s / 3600) + "h " + (s % 3600 / 60) + "m";
    }
}
