package dev.rewind.report;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.RollbackResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a plan as code adds to the report, read from the journal: the regions one after another, seed 003's completion
 * criteria, and seed 004's escalation timeline (the levels reached, and those due if the failure is not resolved).
 */
final class PlanRunSection {
    static final String REGION = "REGION";
    static final String COMPLETION = "COMPLETION_CRITERIA";
    static final String ESCALATION = "ESCALATION";

    private PlanRunSection() {
    }

    /** rollback_result.yaml's extra fields: {@code regions}, {@code completion_criteria}, {@code escalation_timeline}, when present. */
    static Map<String, Object> resultFields(RollbackResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> regions = new ArrayList<>();
        for (ActionLogEntry e : entries(r, REGION)) {
            if (e.status().equals("started")) continue;
            Map<String, Object> region = new LinkedHashMap<>();
            region.put("region", e.details().get("region"));
            region.put("status", e.status());
            copy(e, region, "took_sec", "sla_sec", "sla_met");
            regions.add(region);
        }
        if (!regions.isEmpty()) out.put("regions", regions);
        entries(r, COMPLETION).stream().reduce((a, b) -> b).ifPresent(e -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("met", e.status().equals("met"));
            copy(e, c, "sla_met", "targets", "targets_rolled_back", "rolled_back_percent", "min_rolled_back_percent");
            out.put("completion_criteria", c);
        });
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (ActionLogEntry e : entries(r, ESCALATION)) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("level", e.details().get("level"));
            t.put("name", e.details().get("name"));
            t.put("status", e.status());
            t.put("timestamp", e.status().equals("due") ? e.details().get("due_at") : RollbackResultWriter.iso(e.timestamp()));
            t.put("window", e.details().get("window"));
            copy(e, t, "trigger", "actions");
            timeline.add(t);
        }
        if (!timeline.isEmpty()) out.put("escalation_timeline", timeline);
        return out;
    }

    static void append(StringBuilder md, RollbackResult r) {
        regions(md, r);
        completion(md, r);
        escalation(md, r);
    }

    private static void regions(StringBuilder md, RollbackResult r) {
        List<ActionLogEntry> ended = entries(r, REGION).stream().filter(e -> !e.status().equals("started")).toList();
        if (ended.isEmpty()) return;
        md.append("## Regions\n| region | outcome | took | SLA |\n|---|---|---|---|\n");
        for (ActionLogEntry e : ended) {
            Object took = e.details().get("took_sec");
            Object sla = e.details().get("sla_sec");
            md.append("| ").append(e.details().get("region")).append(" | ").append(e.status().equals("skipped") ? "not rolled back (stopped)" : e.status())
                    .append(" | ").append(took == null ? "-" : took + " s").append(" | ")
                    .append(sla == null ? "-" : sla + " s" + (Boolean.FALSE.equals(e.details().get("sla_met")) ? " **breached**" : " met")).append(" |\n");
        }
        md.append('\n');
    }

    private static void completion(StringBuilder md, RollbackResult r) {
        entries(r, COMPLETION).stream().reduce((a, b) -> b).ifPresent(e -> {
            md.append("## Completion Criteria\n");
            md.append("- **Within the SLA**: ").append(Boolean.TRUE.equals(e.details().get("sla_met")) ? "yes" : "no").append('\n');
            md.append("- **Targets rolled back**: ").append(e.details().get("targets_rolled_back")).append(" of ").append(e.details().get("targets"))
                    .append(" (").append(e.details().get("rolled_back_percent")).append("%, needs more than ")
                    .append(e.details().get("min_rolled_back_percent")).append("%)\n");
            md.append("- **Criteria**: ").append(e.status().equals("met") ? "met" : "**not met**").append("\n\n");
        });
    }

    private static void escalation(StringBuilder md, RollbackResult r) {
        List<ActionLogEntry> rungs = entries(r, ESCALATION);
        if (rungs.isEmpty()) return;
        md.append("## Rollback Failure Escalation\n| level | window | when (UTC) | status | what to do |\n|---|---|---|---|---|\n");
        for (ActionLogEntry e : rungs) {
            Map<String, Object> d = e.details();
            String when = e.status().equals("due") ? "due " + d.get("due_at") : RollbackResultWriter.iso(e.timestamp());
            String actions = d.get("actions") instanceof List<?> l ? String.join("; ", l.stream().map(String::valueOf).toList()) : "";
            md.append("| ").append(d.get("level")).append(" (").append(d.get("name")).append(") | ").append(d.get("window")).append(" | ")
                    .append(when).append(" | ").append(e.status().equals("due") ? "due if not resolved" : "reached: " + d.getOrDefault("trigger", ""))
                    .append(" | ").append(actions).append(" |\n");
        }
        md.append('\n');
    }

    private static List<ActionLogEntry> entries(RollbackResult r, String action) {
        return r.actionsLog().stream().filter(e -> action.equals(e.action())).toList();
    }

    private static void copy(ActionLogEntry e, Map<String, Object> to, String... keys) {
        for (String k : keys) {
            if (e.details().containsKey(k)) to.put(k, e.details().get(k));
        }
    }
}
