package dev.rewind.controller;

import dev.rewind.model.Baseline;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Observations;
import dev.rewind.model.Release;
import dev.rewind.observe.MetricScope;
import dev.rewind.observe.MetricSource;
import dev.rewind.time.TimeSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The checks that fell due together on one metric source under one policy: each watched metric is read once for all
 * of them ({@link MetricSource#rangeAll(String, List, Instant, Instant)}: for Prometheus one query per metric over
 * every version), then each release is checked on its own part of the answer. The shared read is retried once for
 * all (as a session retries its own); still failing, it leaves every release of the round blind for this check,
 * never rolled back, with the blind time counted per release as before. A new watch starts
 * its session as before (baseline and previous release read per release, with the session's retries and blind time).
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
    private final Set<String> metrics;
    private final TimeSource time;

    private CheckRound(MetricSource source, Fleet.Watched any, TimeSource time) {
        this.source = source;
        this.reader = any.watcher;
        this.metrics = reader.watchedMetrics();
        this.time = time;
    }

    /** Checks every member (same metric source and policy); returns one result per member. */
    static List<Result> run(List<Due> members, MetricSource source, TimeSource time) {
        return new CheckRound(source, members.getFirst().watched(), time).run(members);
    }

    private List<Result> run(List<Due> members) {
        List<Result> out = new ArrayList<>(members.size());
        List<Due> ready = new ArrayList<>(members.size());
        for (Due d : members) {
            try {
                start(d.watched());
                ready.add(d);
            } catch (RuntimeException e) {
                out.add(new Result(d, null, e));
            }
        }
        if (ready.isEmpty()) return out;
        Instant now = time.now();
        List<MetricScope> scopes = ready.stream().map(d -> scope(d.watched().record.toRelease())).toList();
        Map<String, Map<MetricScope, MetricSeries>> read = null;
        RuntimeException failed = null;
        try {
            read = MetricReads.retried(time, () -> read(scopes, now.minus(reader.lookBack()), now));
        } catch (RuntimeException e) {
            failed = e;
        }
        for (int i = 0; i < ready.size(); i++) {
            Due d = ready.get(i);
            MetricScope scope = scopes.get(i);
            Map<String, Map<MetricScope, MetricSeries>> answer = read;
            RuntimeException error = failed;
            Supplier<Observations> batched = () -> {
                if (error != null) throw error;
                return observations(answer, scope);
            };
            try {
                out.add(new Result(d, d.watched().session.check(batched), null));
            } catch (RuntimeException e) {
                out.add(new Result(d, null, e));
            }
        }
        return out;
    }

    /** A new watch: its baseline and session, read for this release alone (as main's Fleet did per check). */
    private static void start(Fleet.Watched w) {
        if (w.session != null) return;
        Release release = w.record.toRelease();
        Baseline baseline = w.watcher.baseline(release);
        w.session = w.watcher.session(release, baseline, List::of);
        // the traffic moved while the baseline was read: the session takes it up at its first check
        int now = w.record.trafficPercent();
        if (now != release.trafficPercent()) w.session.traffic(now);
    }

    /** Each metric once for all scopes: metric, then scope, to series. */
    private Map<String, Map<MetricScope, MetricSeries>> read(List<MetricScope> scopes, Instant from, Instant to) {
        Map<String, Map<MetricScope, MetricSeries>> out = new LinkedHashMap<>();
        for (String metric : metrics) out.put(metric, source.rangeAll(metric, scopes, from, to));
        return out;
    }

    /** One release's series out of a round's reads. */
    private static Observations observations(Map<String, Map<MetricScope, MetricSeries>> read, MetricScope scope) {
        Map<String, MetricSeries> series = new LinkedHashMap<>();
        read.forEach((metric, byScope) -> {
            MetricSeries s = byScope.get(scope);
            if (s == null) throw new IllegalStateException("the metric source answered no series of " + metric + " for " + scope);
            series.put(metric, s);
        });
        return new Observations(series);
    }

    private static MetricScope scope(Release r) {
        return new MetricScope(r.service(), r.environment(), r.version());
    }
}
