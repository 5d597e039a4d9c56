package dev.rewind.controller;

import dev.rewind.model.MetricSeries;
import dev.rewind.model.Observations;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.Sample;
import dev.rewind.observe.MetricScope;
import dev.rewind.observe.MetricSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The series an incident chart draws: before the deploy, the previous version; from the deploy until it
 * stopped serving, the release; after that, the previous version again. At each instant the chart follows
 * whichever version users were on.
 */
public final class IncidentObservations {
    private IncidentObservations() {
    }

    /** @param restoredAt when traffic went back (null: never), so samples after it come from the previous version */
    public static Observations around(MetricSource source, Release release, RollbackPolicy policy, Set<String> metrics,
                                      Instant restoredAt, Instant now) {
        Instant from = release.deployedAt().minus(policy.baselineWindow());
        Instant backAt = restoredAt == null ? now : restoredAt;
        MetricScope bad = new MetricScope(release.service(), release.environment(), release.version());
        MetricScope good = new MetricScope(release.service(), release.environment(), release.previousVersion());
        Map<String, MetricSeries> out = new LinkedHashMap<>();
        for (String metric : metrics) {
            List<Sample> samples = new ArrayList<>();
            source.range(good, metric, from, now).samples().stream()
                    .filter(s -> s.at().isBefore(release.deployedAt()) || s.at().isAfter(backAt)).forEach(samples::add);
            source.range(bad, metric, from, now).samples().stream()
                    .filter(s -> !s.at().isBefore(release.deployedAt()) && !s.at().isAfter(backAt)).forEach(samples::add);
            out.put(metric, new MetricSeries(metric, samples));
        }
        return new Observations(out);
    }
}
