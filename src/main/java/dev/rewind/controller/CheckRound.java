package dev.rewind.controller;

import dev.rewind.model.Baseline;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Observations;
import dev.rewind.model.Release;
import dev.rewind.observe.MetricScope;
import dev.rewind.observe.MetricSource;
import dev.rewind.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks that fell due together on one metric source under one policy: each metric is read once for all of them
 * ({@link MetricSource#rangeAll}: for Prometheus one query per metric over every version), then each release is
 * checked on its own part of the answer. Watches that have not started read their baselines the same way, with the
 * deploys that lie close together read over one span. One release's failure is its own; a read that fails leaves
 * every release of the round blind for this check, as a failed read of each would.
 */
final class CheckRound {
    /** Releases per round: bounds a round's reads and its time on one thread when very many checks fall due at once. */
    static final int MAX_RELEASES = 1_000;

    /** A release whose check is due, and when it was due. */
    record Due(Fleet.Watched watched, Instant at) {
    }

    /** One release's part: its check, or why it could not be checked. */
    record Result(Due due, ReleaseWatcher.Check check, RuntimeException error) {
    }

    private final MetricSource source;
    private final ReleaseWatcher reader; // any member's: they share the policy, so the metrics and the look-back
    private final Duration baselineWindow;
    private final Set<String> metrics;
    private final TimeSource time;

    private CheckRound(MetricSource source, Fleet.Watched any, TimeSource time) {
        this.source = source;
        this.reader = any.watcher;
        this.baselineWindow = any.env.policy().baselineWindow();
        this.metrics = reader.watchedMetrics();
        this.time = time;
    }

    /** Checks every member (same metric source and policy); returns one result per member, failed ones last. */
    static List<Result> run(List<Due> members, MetricSource source, TimeSource time) {
        return new CheckRound(source, members.getFirst().watched(), time).run(members);
    }

    private List<Result> run(List<Due> members) {
        Map<Due, RuntimeException> failed = new HashMap<>();
        start(members.stream().filter(d -> d.watched().session == null).toList(), failed);
        List<Due> ready = members.stream().filter(d -> !failed.containsKey(d)).toList();
        List<Result> out = new ArrayList<>(members.size());
        if (!ready.isEmpty()) {
            Instant now = time.now();
            List<MetricScope> scopes = ready.stream().map(d -> scope(d.watched().record.toRelease(), false)).toList();
            Map<String, Map<MetricScope, MetricSeries>> read;
            try {
                read = read(scopes, now.minus(reader.lookBack()), now);
            } catch (RuntimeException e) {
                read = null;
                ready.forEach(d -> failed.put(d, e));
            }
            for (int i = 0; read != null && i < ready.size(); i++) {
                Due d = ready.get(i);
                try {
                    out.add(new Result(d, d.watched().session.check(observations(read, scopes.get(i), null, null), now), null));
                } catch (RuntimeException e) {
                    failed.put(d, e);
                }
            }
        }
        failed.forEach((d, e) -> out.add(new Result(d, null, e)));
        return out;
    }

    /**
     * Reads the previous releases' metrics over each new watch's baseline window and starts its session. Deploys
     * within one baseline window of each other are read over one span (at most twice the window) and cut per release.
     */
    private void start(List<Due> starting, Map<Due, RuntimeException> failed) {
        if (starting.isEmpty()) return;
        Duration window = baselineWindow;
        List<Due> byDeploy = new ArrayList<>(starting);
        byDeploy.sort(Comparator.comparing(d -> d.watched().record.deployedAt()));
        List<Due> span = new ArrayList<>();
        for (Due d : byDeploy) {
            if (!span.isEmpty() && d.watched().record.deployedAt().isAfter(span.getFirst().watched().record.deployedAt().plus(window))) {
                startSpan(span, window, failed);
                span = new ArrayList<>();
            }
            span.add(d);
        }
        startSpan(span, window, failed);
    }

    private void startSpan(List<Due> span, Duration window, Map<Due, RuntimeException> failed) {
        Instant from = span.getFirst().watched().record.deployedAt().minus(window).minusNanos(1);
        Instant to = span.getLast().watched().record.deployedAt();
        List<MetricScope> scopes = span.stream().map(d -> scope(d.watched().record.toRelease(), true)).toList();
        Map<String, Map<MetricScope, MetricSeries>> read;
        try {
            read = read(scopes, from, to);
        } catch (RuntimeException e) {
            span.forEach(d -> failed.put(d, e));
            return;
        }
        for (int i = 0; i < span.size(); i++) {
            Due d = span.get(i);
            Release release = d.watched().record.toRelease();
            try {
                Instant deploy = release.deployedAt();
                Observations previous = observations(read, scopes.get(i), deploy.minus(window).minusNanos(1), deploy);
                Baseline baseline = d.watched().watcher.baseline(release, previous);
                d.watched().session = d.watched().watcher.session(release, baseline, previous, List::of);
            } catch (RuntimeException e) {
                failed.put(d, e);
            }
        }
    }

    /** Each metric once for all scopes: metric, then scope, to series. */
    private Map<String, Map<MetricScope, MetricSeries>> read(List<MetricScope> scopes, Instant from, Instant to) {
        Map<String, Map<MetricScope, MetricSeries>> out = new LinkedHashMap<>();
        for (String metric : metrics) out.put(metric, source.rangeAll(metric, scopes, from, to));
        return out;
    }

    /** One release's series out of a round's reads, cut to {@code (from, to]} when the read spanned more. */
    private static Observations observations(Map<String, Map<MetricScope, MetricSeries>> read, MetricScope scope, Instant from, Instant to) {
        Map<String, MetricSeries> series = new LinkedHashMap<>();
        read.forEach((metric, byScope) -> {
            MetricSeries s = byScope.get(scope);
            if (s == null) throw new IllegalStateException("the metric source answered no series of " + metric + " for " + scope);
            series.put(metric, from == null ? s : new MetricSeries(metric, s.window(from, to)));
        });
        return new Observations(series);
    }

    private static MetricScope scope(Release r, boolean previous) {
        return new MetricScope(r.service(), r.environment(), previous ? r.previousVersion() : r.version());
    }
}
