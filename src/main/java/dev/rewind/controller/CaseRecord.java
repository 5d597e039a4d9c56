package dev.rewind.controller;

import dev.rewind.act.PlanOptions;
import dev.rewind.act.Strategy;
import dev.rewind.model.AutomationLevel;
import dev.rewind.model.Baseline;
import dev.rewind.model.Finding;
import dev.rewind.model.MetricSummary;
import dev.rewind.model.Release;
import dev.rewind.model.Severity;
import dev.rewind.store.ReleaseRecord;
import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A rollback's case as the store keeps it for another process: what the history row does not hold (the release as
 * rolled back, the strategy, --immediate, when and why it was detected, the baseline). A replica that takes a rollback
 * over, or {@code rewind rollback --resume}, rebuilds the same case, so the plan it computes is the plan the journal
 * was written against.
 */
public final class CaseRecord {
    private CaseRecord() {
    }

    public static Map<String, Object> of(RollbackCase c) {
        Map<String, Object> m = new LinkedHashMap<>();
        Release r = c.release();
        m.put("strategy", c.strategy().label());
        m.put("immediate", c.options().immediate());
        if (r.previousVersion() != null) m.put("previous", r.previousVersion());
        m.put("deployed_at", r.deployedAt().toString());
        if (r.featureFlag() != null) m.put("feature_flag", r.featureFlag());
        if (r.pointOfNoReturn() != null) m.put("point_of_no_return", r.pointOfNoReturn().toString());
        m.put("detected_at", c.detectedAt().toString());
        m.put("findings", c.findings().stream().map(Fleet::finding).toList());
        if (c.baseline() != null) m.put("baseline", baseline(c.baseline()));
        return m;
    }

    /**
     * The case back, for the history row {@code row}. {@code options} builds the plan options as the process that
     * started the rollback did (the environment's dependencies, smoke tests and GitOps block), given the target and
     * whether it was immediate.
     */
    public static RollbackCase read(RewindStore store, RollbackRecord row, BiFunction<String, Boolean, PlanOptions> options, Path outDir) {
        Map<String, Object> m = store.history().resumeState(row.id());
        if (m.isEmpty()) {
            throw new IllegalStateException("rollback " + row.id() + " was started by a Rewind that did not record how to resume it");
        }
        var registered = store.releases().find(row.service(), row.environment(), row.fromVersion());
        Release release = new Release(row.service(), row.environment(), row.fromVersion(), text(m, "previous"),
                Instant.parse(text(m, "deployed_at")), registered.map(ReleaseRecord::changes).orElse(List.of()), text(m, "feature_flag"), 100,
                m.get("point_of_no_return") == null ? null : Instant.parse(text(m, "point_of_no_return")));
        List<Finding> findings = new ArrayList<>();
        if (m.get("findings") instanceof List<?> list) {
            for (Object f : list) if (f instanceof Map<?, ?> fm) findings.add(finding(fm));
        }
        Strategy strategy = Strategy.parse(text(m, "strategy"), "the stored case of " + row.id());
        return new RollbackCase(release, strategy, options.apply(row.toVersion(), Boolean.TRUE.equals(m.get("immediate"))),
                m.get("baseline") instanceof Map<?, ?> b ? baseline(b) : null, findings, Instant.parse(text(m, "detected_at")), row.reason(),
                row.actor(), outDir);
    }

    private static Map<String, Object> baseline(Baseline b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", b.version());
        m.put("from", b.from().toString());
        m.put("to", b.to().toString());
        Map<String, Object> metrics = new LinkedHashMap<>();
        b.metrics().forEach((name, s) -> metrics.put(name, List.of(s.count(), s.mean(), s.sum(), s.min(), s.max(), s.stddev(), s.last())));
        m.put("metrics", metrics);
        return m;
    }

    private static Baseline baseline(Map<?, ?> m) {
        Map<String, MetricSummary> metrics = new LinkedHashMap<>();
        if (m.get("metrics") instanceof Map<?, ?> ms) {
            ms.forEach((name, v) -> {
                List<?> n = (List<?>) v;
                metrics.put(name.toString(), new MetricSummary(num(n.get(0)).intValue(), num(n.get(1)).doubleValue(), num(n.get(2)).doubleValue(),
                        num(n.get(3)).doubleValue(), num(n.get(4)).doubleValue(), num(n.get(5)).doubleValue(), num(n.get(6)).doubleValue()));
            });
        }
        return new Baseline((String) m.get("version"), Instant.parse(m.get("from").toString()), Instant.parse(m.get("to").toString()), metrics);
    }

    private static Finding finding(Map<?, ?> f) {
        return new Finding((String) f.get("trigger"), (String) f.get("metric"), Severity.parse((String) f.get("severity")),
                AutomationLevel.valueOf(f.get("automation").toString().toUpperCase(Locale.ROOT)), f.get("baseline") == null ? null : num(f.get("baseline")).doubleValue(),
                num(f.get("current")).doubleValue(), num(f.get("threshold")).doubleValue(), Instant.parse(f.get("detected_at").toString()),
                (String) f.get("reason"));
    }

    private static Number num(Object o) {
        return o instanceof Number n ? n : Double.parseDouble(String.valueOf(o));
    }

    private static String text(Map<String, Object> m, String key) {
        return m.get(key) == null ? null : m.get(key).toString();
    }
}
