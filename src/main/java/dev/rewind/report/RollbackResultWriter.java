package dev.rewind.report;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Diagnosis;
import dev.rewind.model.RollbackResult;
import dev.rewind.secrets.Redactor;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Writes {@code rollback_result.yaml} (DESIGN.md §3.4): seed 000's field names first, in its order, under a
 * {@code rollback_result:} root, then Rewind's extra fields. The same tree serves the API as JSON.
 */
public final class RollbackResultWriter {
    public static final String FILE_NAME = "rollback_result.yaml";

    private final YAMLMapper yaml = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            // Quoted strings, as in seed 000: unquoted, a version like 2.4 or a timestamp would read back as a number or a date.
            .disable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .disable(YAMLWriteFeature.SPLIT_LINES)
            .enable(YAMLWriteFeature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();
    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public String toYaml(RollbackResult result) {
        return toYaml(result, Map.of(), Map.of());
    }

    /**
     * @param extra          more top-level fields after seed 000's (report, chart paths)
     * @param diagnosisExtra more diagnosis fields after seed 000's (impact_measured_from)
     */
    public String toYaml(RollbackResult result, Map<String, Object> extra, Map<String, Object> diagnosisExtra) {
        return yaml.writeValueAsString(Map.of("rollback_result", tree(result, extra, diagnosisExtra)));
    }

    public String toJson(RollbackResult result) {
        return toJson(result, Map.of(), Map.of());
    }

    public String toJson(RollbackResult result, Map<String, Object> extra, Map<String, Object> diagnosisExtra) {
        return json.writeValueAsString(Map.of("rollback_result", tree(result, extra, diagnosisExtra)));
    }

    public Path write(Path file, RollbackResult result, Map<String, Object> extra, Map<String, Object> diagnosisExtra) {
        return ReportFile.write(file, toYaml(result, extra, diagnosisExtra));
    }

    /** The ordered tree under {@code rollback_result}; public so the API can embed it. */
    public Map<String, Object> tree(RollbackResult r, Map<String, Object> extra, Map<String, Object> diagnosisExtra) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", r.status().label());
        out.put("reverted_to", r.revertedTo());
        out.put("flag_deactivated", r.flagDeactivated());
        out.put("metrics_normalized", r.metricsNormalized());
        out.put("normalization_time_sec", r.normalizationTimeSec());
        out.put("actions_log", r.actionsLog().stream().map(RollbackResultWriter::action).toList());
        out.put("diagnosis", r.diagnosis() == null ? null : diagnosis(r.diagnosis(), diagnosisExtra));
        out.put("recovery", recovery(r));
        if (r.verificationNote() != null) out.put("recovery_note", r.verificationNote());
        if (r.heldInMaintenance()) out.put("held_in_maintenance", true); // seed 001: users see the maintenance page until an operator ends it
        out.put("id", r.id());
        out.put("service", r.service());
        out.put("environment", r.environment());
        out.put("reverted_from", r.revertedFrom());
        out.put("attempts", r.attempts());
        out.put("started_at", iso(r.startedAt()));
        out.put("finished_at", iso(r.finishedAt()));
        PlanRunSection.resultFields(r).forEach((k, v) -> out.putIfAbsent(k, plain(v)));
        extra.forEach((k, v) -> out.putIfAbsent(k, plain(v)));
        return Redactor.redactMap(out); // the API embeds this tree: it is masked like the file
    }

    /** verified, not_verifiable (rolled back, metrics unreadable) or not_recovered: what a pipeline reading the file branches on. */
    static String recovery(RollbackResult r) {
        return switch (r.status()) {
            case SUCCESS -> "verified";
            case SUCCESS_UNVERIFIED -> "not_verifiable";
            case DRY_RUN, AWAITING_APPROVAL -> "not_applicable";
            case FAILED, ESCALATED, ABORTED -> "not_recovered";
        };
    }

    private static Map<String, Object> action(ActionLogEntry a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("action", a.action());
        out.put("status", a.status());
        out.put("timestamp", iso(a.timestamp()));
        SecretMask.mask(a.details()).forEach((k, v) -> out.putIfAbsent(k, plain(v)));
        return out;
    }

    private static Map<String, Object> diagnosis(Diagnosis d, Map<String, Object> extra) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("trigger", d.trigger());
        out.put("detected_at", iso(d.detectedAt()));
        out.put("impacted_traffic_percent", ReportNumbers.round(d.impactedTrafficPercent()));
        out.put("impact_duration_sec", d.impactDurationSec());
        out.put("probable_cause", d.probableCause());
        out.put("metrics_at_detection", new LinkedHashMap<>(orderedMetrics(d)));
        out.put("recommendation", d.recommendation());
        out.put("what_failed", d.whatFailed());
        out.put("action_taken", d.actionTaken());
        out.put("current_state", d.currentState());
        extra.forEach((k, v) -> out.putIfAbsent(k, plain(v)));
        return out;
    }

    /** Diagnosis copies its map (losing order); metric, baseline, threshold and delta keys are regrouped per metric. */
    private static Map<String, Object> orderedMetrics(Diagnosis d) {
        Map<String, Object> src = d.metricsAtDetection();
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> metrics = src.keySet().stream()
                .filter(k -> !k.startsWith("baseline_") && !k.startsWith("threshold_") && !k.startsWith("delta_percent")).sorted().toList();
        for (String m : metrics) {
            out.put(m, plain(src.get(m)));
            for (String prefix : List.of("baseline_", "threshold_", "delta_percent_")) {
                if (src.containsKey(prefix + m)) out.put(prefix + m, plain(src.get(prefix + m)));
            }
        }
        if (src.containsKey("delta_percent")) out.put("delta_percent", src.get("delta_percent"));
        src.keySet().stream().sorted().forEach(k -> out.putIfAbsent(k, plain(src.get(k))));
        return out;
    }

    private static Object plain(Object v) {
        if (v instanceof Instant i) return iso(i);
        if (v instanceof Double x) return ReportNumbers.round(x);
        if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) return v;
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
            return out;
        }
        if (v instanceof List<?> l) return l.stream().map(RollbackResultWriter::plain).toList();
        return v.toString();
    }

    static String iso(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
