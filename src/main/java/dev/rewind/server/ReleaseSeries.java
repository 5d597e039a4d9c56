package dev.rewind.server;

import dev.rewind.controller.Fleet;
import dev.rewind.controller.FleetEnvironment;
import dev.rewind.controller.IncidentObservations;
import dev.rewind.controller.ReleaseWatcher;
import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Baseline;
import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Observations;
import dev.rewind.model.Release;
import dev.rewind.model.Sample;
import dev.rewind.model.Trigger;
import dev.rewind.model.NotFoundException;
import dev.rewind.observe.MetricSource;
import dev.rewind.report.IncidentTimeline;
import dev.rewind.secrets.Redactor;
import dev.rewind.store.Incidents;
import dev.rewind.store.ReleaseRecord;
import dev.rewind.store.RollbackRecord;
import dev.rewind.time.TimeSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A release's metrics against its baseline, for the dashboard's charts: the series users saw (the release while it
 * served, the previous version before and after, as in the report's chart.svg), each metric's baseline mean and its
 * trigger's threshold, and the instants the incident hangs on (deploy, detection, rollback, recovery). Read from the
 * metric source when asked: nothing is kept twice.
 */
final class ReleaseSeries {
    /** At most this long after the baseline window starts; a day-long watch is shown by its last hours. */
    static final Duration SPAN = Duration.ofHours(6);
    static final Duration AFTER_END = Duration.ofMinutes(10);
    static final int MAX_POINTS = 720;

    private final Fleet fleet;
    private final Clock clock;

    ReleaseSeries(Fleet fleet, Clock clock) {
        this.fleet = fleet;
        this.clock = clock;
    }

    Map<String, Object> of(FleetEnvironment env, String version) {
        String service = env.config().service();
        ReleaseRecord rec = fleet.store().releases().find(service, env.name(), version)
                .orElseThrow(() -> new NotFoundException("release", service + " " + version + " in " + env.name()));
        Release release = rec.toRelease();
        Instant now = clock.instant();
        Optional<RollbackRecord> rollback = fleet.store().history().list(HistoryFacts.MAX_ROWS).stream()
                .filter(r -> r.service().equals(service) && r.environment().equals(env.name()) && version.equals(r.fromVersion())).findFirst();
        Optional<Incidents.Incident> incident = incident(rollback, service, env.name(), version);
        Instant detectedAt = incident.map(ReleaseSeries::detected).orElse(rollback.map(RollbackRecord::startedAt).orElse(null));
        List<ActionLogEntry> actions = rollback.map(r -> fleet.store().journal().actionsLog(r.id())).orElse(List.of());
        IncidentTimeline t = IncidentTimeline.fromActions(release.deployedAt(), detectedAt == null ? release.deployedAt() : detectedAt, actions);

        Instant from = release.deployedAt().minus(env.policy().baselineWindow());
        Instant end = rollback.map(r -> r.finishedAt() == null ? now : min(now, r.finishedAt().plus(AFTER_END))).orElse(now);
        if (Duration.between(from, end).compareTo(SPAN) > 0) from = end.minus(SPAN);

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", service);
        m.put("environment", env.name());
        m.put("version", version);
        m.put("previous", rec.previousVersion());
        m.put("status", rec.status().label());
        m.put("from", from.toString());
        m.put("to", end.toString());
        m.put("now", now.toString());
        m.put("rollback_id", rollback.map(RollbackRecord::id).orElse(null));
        m.put("incident_id", incident.map(Incidents.Incident::id).orElse(null));
        m.put("markers", markers(release, detectedAt, t, rollback.orElse(null)));
        List<Map<String, Object>> metrics = new ArrayList<>();
        m.put("metrics", metrics);
        if (env.metrics().isEmpty()) {
            m.put("note", "no metric source is configured for " + env.name());
            return m;
        }
        try {
            java.util.Set<String> fired = new java.util.HashSet<>();
            incident.ifPresent(i -> i.findings().forEach(f -> {
                if (f.get("metric") instanceof String metric) fired.add(MetricNames.canonical(metric));
            }));
            metrics.addAll(metrics(env, env.metrics().get(), release, t.trafficRestoredAt(), from, end));
            metrics.forEach(x -> x.put("fired", fired.contains((String) x.get("metric"))));
        } catch (RuntimeException e) {
            m.put("note", Redactor.redact("the metric source could not be read: " + e.getMessage()));
        }
        return m;
    }

    private List<Map<String, Object>> metrics(FleetEnvironment env, MetricSource source, Release release, Instant restoredAt, Instant from, Instant end) {
        ReleaseWatcher watcher = new ReleaseWatcher(source, env.policy(), timeSource());
        Baseline baseline = release.previousVersion() == null ? null : watcher.baseline(release);
        Observations obs = IncidentObservations.around(source, release, env.policy(), watcher.watchedMetrics(), restoredAt, end);
        List<Map<String, Object>> out = new ArrayList<>();
        for (String metric : watcher.watchedMetrics()) {
            MetricSeries s = obs.get(metric).orElse(null);
            if (s == null) continue;
            List<Sample> samples = s.samples().stream().filter(x -> !x.at().isBefore(from) && !x.at().isAfter(end)).toList();
            if (samples.isEmpty()) continue;
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("metric", metric);
            Double base = baseline == null || baseline.metrics().get(metric) == null ? null : baseline.metrics().get(metric).mean();
            one.put("baseline", rounded(base)); // a mean's last digits are noise on a chart
            env.policy().triggers().stream().filter(tr -> MetricNames.canonical(tr.metric()).equals(metric)).findFirst().ifPresent(tr -> {
                one.put("trigger", tr.name());
                one.put("threshold", rounded(threshold(tr, base)));
            });
            one.put("points", points(samples));
            out.add(one);
        }
        return out;
    }

    private static Double threshold(Trigger t, Double baseline) {
        try {
            return t.threshold().resolve(baseline);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** [epoch seconds, value] pairs; a long series is thinned to bucket means so the page stays light. */
    static List<double[]> points(List<Sample> samples) {
        int bucket = Math.max(1, (samples.size() + MAX_POINTS - 1) / MAX_POINTS);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i += bucket) {
            List<Sample> part = samples.subList(i, Math.min(samples.size(), i + bucket));
            double sum = 0;
            for (Sample x : part) sum += x.value();
            double v = sum / part.size();
            if (Double.isFinite(v)) out.add(new double[] {part.getFirst().at().getEpochSecond(), Math.round(v * 1000) / 1000.0});
        }
        return out;
    }

    private static List<Map<String, Object>> markers(Release release, Instant detectedAt, IncidentTimeline t, RollbackRecord rollback) {
        List<Map<String, Object>> out = new ArrayList<>();
        marker(out, "deploy", release.deployedAt(), release.version() + " deployed");
        if (rollback != null || detectedAt != null) marker(out, "detection", detectedAt, "detected");
        if (rollback != null) marker(out, "rollback", t.rollbackStartedAt() != null ? t.rollbackStartedAt() : null, "rollback started");
        marker(out, "restored", t.trafficRestoredAt(), "traffic restored");
        marker(out, "recovery", t.recoveredAt(), "recovered");
        return out;
    }

    private static void marker(List<Map<String, Object>> out, String kind, Instant at, String label) {
        if (at == null) return;
        out.add(Map.of("kind", kind, "at", at.toString(), "label", label));
    }

    private Optional<Incidents.Incident> incident(Optional<RollbackRecord> rollback, String service, String environment, String version) {
        Optional<Incidents.Incident> linked = rollback.map(RollbackRecord::incidentId).flatMap(fleet.store().incidents()::find);
        if (linked.isPresent()) return linked;
        return fleet.store().incidents().list(null, 1000).stream()
                .filter(i -> i.service().equals(service) && i.environment().equals(environment) && version.equals(i.version())).findFirst();
    }

    /** The first finding's time, else when the incident opened. */
    private static Instant detected(Incidents.Incident i) {
        return i.findings().stream().map(f -> f.get("detected_at")).filter(String.class::isInstance).map(x -> Instant.parse((String) x))
                .min(Instant::compareTo).orElse(i.openedAt());
    }

    private static Double rounded(Double v) {
        Double f = finite(v);
        return f == null ? null : Math.round(f * 1e6) / 1e6;
    }

    private static Double finite(Double v) {
        return v == null || !Double.isFinite(v) ? null : v;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** The watcher reads time only while it watches; here it only reads the baseline. */
    private TimeSource timeSource() {
        return new TimeSource() {
            @Override
            public Instant now() {
                return clock.instant();
            }

            @Override
            public void pause(Duration duration) {
                throw new UnsupportedOperationException("the dashboard never waits");
            }
        };
    }
}
