package dev.rewind.report;

import dev.rewind.model.Change;
import dev.rewind.model.LogLine;
import dev.rewind.model.Diagnosis;
import dev.rewind.model.Finding;
import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.MetricSummary;
import dev.rewind.model.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed 001's post-mortem, collected after a rollback: the triggers, the impact, the changes deployed, a log excerpt
 * (at most {@link #MAX_LOG_LINES} lines, errors first), a snapshot of every metric (baseline, at detection, peak while
 * the release served, after the rollback) and the root-cause hypothesis. Pure: built from the incident's facts.
 */
public record PostMortem(String deploymentId, Instant at, List<Map<String, Object>> triggers, Long durationMinutes, Map<String, Object> impact,
                         List<Change> changesDeployed, List<LogLine> logsExcerpt, Map<String, Map<String, Object>> metricsSnapshot,
                         String rootCauseHypothesis) {
    public static final int MAX_LOG_LINES = 100;

    public static PostMortem of(IncidentFacts facts, List<LogLine> logs, Instant now) {
        var release = facts.release();
        Diagnosis d = facts.result().diagnosis();
        IncidentTimeline t = facts.timeline();
        Instant end = t.recoveredAt() != null ? t.recoveredAt() : facts.result().finishedAt();
        Map<String, Object> impact = new LinkedHashMap<>();
        if (d != null) {
            impact.put("impacted_traffic_percent", ReportNumbers.round(d.impactedTrafficPercent()));
            impact.put("impact_duration_sec", d.impactDurationSec());
            impact.put("downtime_minutes", ReportNumbers.round(d.impactDurationSec() / 60.0));
        }
        return new PostMortem(release.service() + "/" + release.environment() + "/" + release.version(), now,
                facts.findings().stream().map(PostMortem::trigger).toList(),
                end == null ? null : Duration.between(t.deployedAt(), end).toMinutes(), impact, release.changes(), excerpt(logs),
                snapshot(facts), d == null ? null : d.probableCause());
    }

    /** Errors and failures first, then the rest, each group in time order; at most {@link #MAX_LOG_LINES}. */
    static List<LogLine> excerpt(List<LogLine> logs) {
        List<LogLine> bad = new ArrayList<>();
        List<LogLine> rest = new ArrayList<>();
        for (LogLine l : logs) (serious(l) ? bad : rest).add(l);
        List<LogLine> out = new ArrayList<>(bad.subList(0, Math.min(bad.size(), MAX_LOG_LINES)));
        out.addAll(rest.subList(0, Math.min(rest.size(), MAX_LOG_LINES - out.size())));
        out.sort(Comparator.comparing(LogLine::at, Comparator.nullsLast(Comparator.naturalOrder())));
        return out;
    }

    private static boolean serious(LogLine l) {
        String s = (l.level() + " " + l.text()).toLowerCase(java.util.Locale.ROOT);
        return s.contains("error") || s.contains("fail") || s.contains("exception") || s.contains("fatal") || s.contains("critical");
    }

    private static Map<String, Object> trigger(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", f.trigger());
        m.put("metric", MetricNames.canonical(f.metric()));
        m.put("severity", f.severity().label());
        if (f.baseline() != null) m.put("baseline", ReportNumbers.round(f.baseline()));
        m.put("current", ReportNumbers.round(f.current()));
        m.put("threshold", ReportNumbers.round(f.threshold()));
        m.put("detected_at", f.detectedAt().toString());
        return m;
    }

    /** Per metric: the baseline mean, the value at detection, the peak while the release served, and after the rollback. */
    static Map<String, Map<String, Object>> snapshot(IncidentFacts facts) {
        IncidentTimeline t = facts.timeline();
        Instant servedUntil = t.trafficRestoredAt() != null ? t.trafficRestoredAt() : facts.result().finishedAt();
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (String metric : facts.observations().metrics().stream().sorted().toList()) {
            MetricSeries s = facts.observations().get(metric).orElseThrow();
            Map<String, Object> m = new LinkedHashMap<>();
            MetricSummary base = facts.baseline() == null ? null : facts.baseline().metrics().get(metric);
            m.put("baseline", base == null ? null : ReportNumbers.round(base.mean()));
            m.put("at_detection", value(last(s.samples(), t.detectedAt())));
            Instant until = servedUntil == null ? Instant.MAX : servedUntil;
            m.put("peak", s.samples().stream().filter(x -> !x.at().isBefore(t.deployedAt()) && !x.at().isAfter(until))
                    .map(Sample::value).max(Double::compare).map(v -> (Object) ReportNumbers.round(v)).orElse(null));
            Double after = facts.afterRollback().get(metric);
            if (after == null && servedUntil != null && !s.samples().isEmpty() && s.samples().getLast().at().isAfter(servedUntil)) {
                after = s.samples().getLast().value();
            }
            m.put("after_rollback", after == null ? null : ReportNumbers.round(after));
            if (m.values().stream().anyMatch(v -> v != null)) out.put(metric, m);
        }
        return out;
    }

    private static Sample last(List<Sample> samples, Instant at) {
        Sample found = null;
        for (Sample s : samples) {
            if (s.at().isAfter(at)) break;
            found = s;
        }
        return found;
    }

    private static Object value(Sample s) {
        return s == null ? null : ReportNumbers.round(s.value());
    }

    /** Seed 001's report object, snake_case, for post-mortem.json and the API. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deployment_id", deploymentId);
        m.put("timestamp", at.toString());
        m.put("triggers", triggers);
        m.put("duration_minutes", durationMinutes);
        m.put("impact", impact);
        m.put("changes_deployed", changesDeployed.stream().map(c -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("kind", c.kind());
            x.put("id", c.id());
            x.put("summary", c.summary());
            x.put("touches", c.touches());
            return x;
        }).toList());
        m.put("logs_excerpt", logsExcerpt.stream().map(l -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("at", l.at() == null ? null : l.at().toString());
            x.put("source", l.source());
            x.put("level", l.level());
            x.put("text", l.text());
            return x;
        }).toList());
        m.put("metrics_snapshot", metricsSnapshot);
        m.put("root_cause_hypothesis", rootCauseHypothesis);
        return m;
    }
}
