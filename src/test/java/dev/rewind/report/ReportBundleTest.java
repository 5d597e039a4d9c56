package dev.rewind.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class ReportBundleTest {

    @Test
    void writesTheThreeFilesThatPointAtEachOther(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("rewind-out");

        ReportBundle.Written w = new ReportBundle().write(dir, IncidentFixtures.facts());

        assertThat(w.resultYaml()).isEqualTo(dir.resolve("rollback_result.yaml")).isRegularFile();
        assertThat(w.incidentReport()).isEqualTo(dir.resolve("incident-report.md")).isRegularFile();
        assertThat(w.chart()).isEqualTo(dir.resolve("chart.svg")).isRegularFile();
        JsonNode root = new YAMLMapper().readTree(Files.readString(w.resultYaml())).get("rollback_result");
        assertThat(root.get("report").asString()).isEqualTo("incident-report.md");
        assertThat(root.get("chart").asString()).isEqualTo("chart.svg");
        assertThat(root.get("diagnosis").get("impact_measured_from").asString()).isEqualTo("first_bad_sample");
        assertThat(root.get("diagnosis").get("impact_started_at").asString()).isEqualTo("2026-02-24T10:17:00Z");
        assertThat(Files.readString(w.incidentReport())).contains("](chart.svg)").contains(w.result().diagnosis().probableCause());
        assertThat(Files.readString(w.chart())).startsWith("<svg").contains("class=\"series\"");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("chart.svg", "incident-report.md", "rollback_result.yaml"); // no temporary files left
        }
    }

    @Test
    void keepsADiagnosisTheCallerAlreadyMade(@TempDir Path tmp) throws Exception {
        IncidentFacts facts = IncidentFixtures.facts();
        var given = new DiagnosisBuilder().complete(facts);

        ReportBundle.Written w = new ReportBundle().write(tmp, facts.withResult(given));

        assertThat(w.result()).isSameAs(given);
    }
}
