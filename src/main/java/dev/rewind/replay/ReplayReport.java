package dev.rewind.replay;

import dev.rewind.model.Decision;
import dev.rewind.model.Evidence;
import dev.rewind.model.Finding;
import dev.rewind.model.TriggerStatus;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link ReplayResult}: the JSON of DESIGN.md §3.3 (with extra fields) or a short text summary. */
public final class ReplayReport {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ReplayReport() {
    }

    public static String json(ReplayResult r, Instant deployedAt) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree(r, deployedAt));
    }

    /** The JSON as maps and lists: contract fields first (decision, decided_at, findings, baseline), then extras. */
    public static Map<String, Object> tree(ReplayResult r, Instant deployedAt) {
        Decision d = r.decision();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("decision", d.code());
        out.put("decided_at", r.actionable() ? d.at().toString() : null);
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding f : d.findings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("trigger", f.trigger());
            m.put("metric", f.metric());
            m.put("severity", f.severity().label());
            m.put("baseline", f.baseline());
            m.put("current", f.current());
            m.put("threshold", f.threshold());
            m.put("automation", f.automation().label());
            m.put("kind", f.kind());
            if (f.evidence() != null) m.put("evidence", evidence(f.evidence()));
            m.put("detected_at", f.detectedAt().toString());
            m.put("reason", f.reason());
            findings.add(m);
        }
        out.put("findings", findings);
        out.put("baseline", r.baseline().means());
        out.put("enforced", r.enforced());
        if (d instanceof Decision.Rollback rb) out.put("immediate", rb.immediate());
        out.put("reason", d.reason());
        out.put("deployed_at", deployedAt.toString());
        out.put("checks", r.checks());
        out.put("first_check", r.firstCheck() == null ? null : r.firstCheck().toString());
        out.put("last_check", r.lastCheck() == null ? null : r.lastCheck().toString());
        Map<String, Object> triggers = new LinkedHashMap<>();
        r.tallies().forEach((name, tally) -> {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (TriggerStatus s : TriggerStatus.values()) counts.put(s.name().toLowerCase(Locale.ROOT), tally.getOrDefault(s, 0));
            triggers.put(name, counts);
        });
        out.put("evaluations", triggers);
        return out;
    }

    /** A sequential finding's statistic and counts (baseline, current and threshold are then per request or second). */
    static Map<String, Object> evidence(Evidence e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test", "sequential");
        m.put("reference", e.reference());
        m.put("e_value", e.eValue());
        m.put("p_value", e.pValue());
        m.put("alpha", e.alpha());
        m.put("tolerance", e.tolerance());
        m.put("events", e.events());
        m.put("exposure", e.exposure());
        m.put("reference_events", e.referenceEvents());
        m.put("reference_exposure", e.referenceExposure());
        m.put("exposure_unit", e.exposureUnit());
        m.put("seconds_to_decision", e.elapsed().toMillis() / 1000.0);
        return m;
    }

    public static String text(ReplayResult r, Instant deployedAt) {
        Decision d = r.decision();
        StringBuilder sb = new StringBuilder();
        sb.append("Decision: ").append(d.code());
        if (r.actionable()) sb.append(" at ").append(d.at());
        if (!r.enforced()) sb.append(" (policy disabled: not enforced)");
        sb.append('\n').append("Reason:   ").append(d.reason()).append('\n');
        sb.append("Deployed: ").append(deployedAt).append(", ").append(r.checks()).append(" check(s)");
        if (r.lastCheck() != null) sb.append(" from ").append(r.firstCheck()).append(" to ").append(r.lastCheck());
        sb.append('\n');
        for (Finding f : d.findings()) {
            sb.append(String.format(Locale.ROOT, "  - %s [%s, %s, %s]: %s%n", f.trigger(), f.severity().label(), f.automation().label(), f.kind(), f.reason()));
        }
        sb.append("Baseline (").append(r.baseline().from()).append(" .. ").append(r.baseline().to()).append("):\n");
        r.baseline().means().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-24s %.4g%n", k, v)));
        r.tallies().forEach((name, t) -> {
            int noData = t.getOrDefault(TriggerStatus.NO_DATA, 0);
            if (noData > 0) sb.append("  note: trigger ").append(name).append(" had no data at ").append(noData).append(" check(s)\n");
        });
        return sb.toString();
    }
}
