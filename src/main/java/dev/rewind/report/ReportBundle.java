package dev.rewind.report;

import dev.rewind.model.RollbackResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** One call that writes the three report files of an incident into a directory. */
public final class ReportBundle {
    private final DiagnosisBuilder diagnosis = new DiagnosisBuilder();
    private final RollbackResultWriter resultWriter = new RollbackResultWriter();
    private final IncidentReportWriter reportWriter = new IncidentReportWriter();
    private final MetricChart chart = new MetricChart();

    /** Where the files went, and the result with its diagnosis (for the journal and the API). */
    public record Written(Path resultYaml, Path incidentReport, Path chart, RollbackResult result) {
    }

    /** Builds the diagnosis when the result lacks one, then writes rollback_result.yaml, incident-report.md and chart.svg. */
    public Written write(Path dir, IncidentFacts facts) {
        IncidentFacts complete = facts.result().diagnosis() == null ? facts.withResult(diagnosis.complete(facts)) : facts;
        try {
            Files.createDirectories(dir);
            Path chartFile = dir.resolve(MetricChart.FILE_NAME);
            ReportFile.write(chartFile, chart.render(complete));
            Path report = reportWriter.write(dir.resolve(IncidentReportWriter.FILE_NAME), complete, MetricChart.FILE_NAME);
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("report", IncidentReportWriter.FILE_NAME);
            extra.put("chart", MetricChart.FILE_NAME);
            Path yaml = resultWriter.write(dir.resolve(RollbackResultWriter.FILE_NAME), complete.result(), extra, impactFields(complete));
            return new Written(yaml, report, chartFile, complete.result());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Says where impact_duration_sec starts, since it is measured from the first bad sample or, without one, the deploy. */
    Map<String, Object> impactFields(IncidentFacts facts) {
        ImpactWindow w = diagnosis.impactWindow(facts);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("impact_measured_from", w.basis());
        out.put("impact_started_at", w.start());
        out.put("impact_ended_at", w.end());
        return out;
    }
}
