package dev.rewind.controller;

import dev.rewind.decide.RollbackDecider;
import dev.rewind.detect.BaselineCalculator;
import dev.rewind.detect.TriggerEvaluator;
import dev.rewind.detect.Watch;
import dev.rewind.model.Baseline;
import dev.rewind.model.Decision;
import dev.rewind.model.Finding;
import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Observations;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.Trigger;
import dev.rewind.model.TriggerEvaluation;
import dev.rewind.observe.MetricScope;
import dev.rewind.observe.MetricSource;
import dev.rewind.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * observe → detect → decide for one live release: takes the previous stable release's baseline, then
 * checks every {@code check_interval} until a decision that acts (rollback, approval, fix forward) or
 * until {@code maxWatch} ends. The same pure detection and decision code as replay; only the metric
 * source and the time source differ.
 */
public final class ReleaseWatcher {
    private final MetricSource source;
    private final RollbackPolicy policy;
    private final TimeSource time;
    private final TriggerEvaluator evaluator = TriggerEvaluator.live();
    private final RollbackDecider decider = new RollbackDecider();

    public ReleaseWatcher(MetricSource source, RollbackPolicy policy, TimeSource time) {
        this.source = source;
        this.policy = policy;
        this.time = time;
    }

    /** One check's result, for progress output. */
    public record Check(Instant at, List<TriggerEvaluation> evaluations, Decision decision) {
    }

    /** How a watch ended: the deciding check (or the last one), and how many checks ran. */
    public record Outcome(Decision decision, List<TriggerEvaluation> evaluations, Baseline baseline, int checks) {
        public boolean acts() {
            return !(decision instanceof Decision.KeepWatching);
        }

        public List<Finding> findings() {
            return decision.findings();
        }
    }

    public interface Listener {
        void onCheck(Check check);
    }

    /** The metrics the triggers read, plus the seed-001 baseline set, so the report can show them all. */
    public Set<String> watchedMetrics() {
        Set<String> metrics = new LinkedHashSet<>();
        policy.triggers().forEach(t -> metrics.add(MetricNames.canonical(t.metric())));
        metrics.addAll(List.of(MetricNames.ERROR_RATE, MetricNames.P50_LATENCY, MetricNames.P95_LATENCY, MetricNames.P99_LATENCY,
                MetricNames.MEMORY, MetricNames.REQUEST_RATE));
        return metrics;
    }

    /** The previous stable release's metrics over the baseline window that ends at the deploy. */
    public Baseline baseline(Release release) {
        Instant to = release.deployedAt();
        Instant from = to.minus(policy.baselineWindow());
        MetricScope scope = new MetricScope(release.service(), release.environment(), release.previousVersion());
        Observations obs = fetch(scope, watchedMetrics(), from.minusNanos(1), to);
        return baseline(release, obs);
    }

    /** The baseline from the previous release's metrics read elsewhere (server mode reads many releases' at once). */
    public Baseline baseline(Release release, Observations previous) {
        return new BaselineCalculator().calculate(previous, release.previousVersion(), release.deployedAt(), policy.baselineWindow());
    }

    public Outcome watch(Release release, Baseline baseline, Duration maxWatch, Listener listener) {
        return watch(release, baseline, maxWatch, listener, List::of);
    }

    /**
     * @param external findings from outside the metric triggers, taken at each check (a firing Alertmanager alert
     *                 for this release's service and environment); the decision weighs them like any other
     */
    public Outcome watch(Release release, Baseline baseline, Duration maxWatch, Listener listener, Supplier<List<Finding>> external) {
        Session session = session(release, baseline, external);
        Instant deadline = time.now().plus(maxWatch);
        while (true) {
            time.pause(policy.checkInterval());
            Check check = session.check();
            listener.onCheck(check);
            if (!(check.decision() instanceof Decision.KeepWatching) || !check.at().isBefore(deadline)) {
                return new Outcome(check.decision(), check.evaluations(), baseline, session.checks());
            }
        }
    }

    /**
     * One release's watch, a check at a time: what {@link #watch} loops over, and what server mode calls when a
     * release's next check is due. It remembers hold times between checks; checks must come in time order.
     */
    public Session session(Release release, Baseline baseline, Supplier<List<Finding>> external) {
        MetricScope previous = new MetricScope(release.service(), release.environment(), release.previousVersion());
        Observations history = fetch(previous, watchedMetrics(), baseline.from().minusNanos(1), baseline.to().minusNanos(1));
        return session(release, baseline, history, external);
    }

    /** @param history the previous release's samples over the baseline window, read elsewhere (many releases' at once) */
    public Session session(Release release, Baseline baseline, Observations history, Supplier<List<Finding>> external) {
        return new Session(release, baseline, new Watch(policy.triggers(), baseline, evaluator, history), external);
    }

    /** How far back a check reads: the longest trigger window and hold time, plus one interval. */
    public Duration lookBack() {
        return longestWindow().plus(policy.checkInterval());
    }

    public final class Session {
        private final Release release;
        private final Baseline baseline;
        private final Watch watch;
        private final Supplier<List<Finding>> external;
        private final MetricScope scope;
        private final Duration lookBack = lookBack();
        private int checks;

        private Session(Release release, Baseline baseline, Watch watch, Supplier<List<Finding>> external) {
            this.release = release;
            this.baseline = baseline;
            this.watch = watch;
            this.external = external;
            this.scope = new MetricScope(release.service(), release.environment(), release.version());
        }

        /** Reads the metrics now, evaluates every trigger and decides. */
        public Check check() {
            Instant now = time.now();
            return check(fetch(scope, watchedMetrics(), now.minus(lookBack), now), now);
        }

        /** Evaluates every trigger on metrics read elsewhere ({@link #lookBack()} up to {@code now}) and decides. */
        public Check check(Observations obs, Instant now) {
            List<TriggerEvaluation> evaluations = watch.check(obs, now);
            List<Finding> findings = new java.util.ArrayList<>(evaluations.stream().filter(TriggerEvaluation::firing).map(TriggerEvaluation::toFinding).toList());
            findings.addAll(external.get());
            checks++;
            return new Check(now, evaluations, decider.decide(findings, release, now));
        }

        public int checks() {
            return checks;
        }

        public Release release() {
            return release;
        }

        public Baseline baseline() {
            return baseline;
        }
    }

    private Duration longestWindow() {
        Duration longest = Duration.ZERO;
        for (Trigger t : policy.triggers()) {
            Duration span = (t.window() == null ? policy.checkInterval() : t.window()).plus(t.holdFor());
            if (span.compareTo(longest) > 0) longest = span;
        }
        return longest;
    }

    private Observations fetch(MetricScope scope, Set<String> metrics, Instant from, Instant to) {
        Map<String, MetricSeries> series = new LinkedHashMap<>();
        for (String metric : metrics) series.put(metric, source.range(scope, metric, from, to));
        return new Observations(series);
    }
}
