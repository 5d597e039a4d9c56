package dev.rewind.report;

import dev.rewind.model.LogLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a rollback's post-mortem beside its report: {@code post-mortem.json} in seed 001's shape, and a "Post-Mortem
 * Data" section (metrics snapshot, log excerpt) added to {@code incident-report.md}, whose other sections already
 * hold the triggers, the impact, the changes deployed and the root cause.
 */
public final class PostMortemWriter {
    public static final String FILE_NAME = "post-mortem.json";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public Path write(Path dir, Path incidentReport, PostMortem pm) {
        Path json = ReportFile.write(dir.resolve(FILE_NAME), JSON.writeValueAsString(pm.toMap()) + "\n");
        try {
            String report = Files.exists(incidentReport) ? Files.readString(incidentReport) : "";
            ReportFile.write(incidentReport, report + section(pm));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add the post-mortem to " + incidentReport + ": " + e.getMessage(), e);
        }
        return json;
    }

    static String section(PostMortem pm) {
        StringBuilder md = new StringBuilder("\n## Post-Mortem Data\n");
        md.append("Collected ").append(pm.at()).append(" for ").append(pm.deploymentId()).append(" (also in ").append(FILE_NAME).append(").\n\n");
        md.append("### Metrics Snapshot\n| metric | baseline | at detection | peak while deployed | after rollback |\n|---|---|---|---|---|\n");
        if (pm.metricsSnapshot().isEmpty()) md.append("| (no metrics could be read) | | | | |\n");
        for (Map.Entry<String, Map<String, Object>> e : pm.metricsSnapshot().entrySet()) {
            Map<String, Object> v = e.getValue();
            md.append("| ").append(e.getKey()).append(" | ").append(cell(v.get("baseline"))).append(" | ").append(cell(v.get("at_detection")))
                    .append(" | ").append(cell(v.get("peak"))).append(" | ").append(cell(v.get("after_rollback"))).append(" |\n");
        }
        md.append("\n### Log Excerpt\n");
        if (pm.logsExcerpt().isEmpty()) {
            md.append("No log lines were collected.\n");
            return md.toString();
        }
        md.append(pm.logsExcerpt().size()).append(" lines, errors first when there were more than ").append(PostMortem.MAX_LOG_LINES).append(":\n\n");
        md.append("```text\n");
        for (LogLine l : pm.logsExcerpt()) {
            md.append(l.at() == null ? "-" : l.at()).append(' ').append(l.source()).append(l.level().isEmpty() ? "" : " [" + l.level() + "]")
                    .append(' ').append(l.text().replace("```", "'''")).append('\n');
        }
        md.append("```\n");
        return md.toString();
    }

    private static String cell(Object v) {
        return v == null ? "n/a" : v.toString();
    }
}
