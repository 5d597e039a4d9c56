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
import dev.rewind.model.UnreachableException;
import dev.rewind.observe.MetricScope;
import dev.rewind.observe.MetricSource;
import dev.rewind.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /**
     * One check's result, for progress output.
     *
     * @param blind null when the metrics were read; else how long the watch has been blind, and why
     */
    public record Check(Instant at, List<TriggerEvaluation> evaluations, Decision decision, Blind blind) {
        public Check(Instant at, List<TriggerEvaluation> evaluations, Decision decision) {
            this(at, evaluations, decision, null);
        }
    }

    /**
     * A check (or a baseline read) that could not read the metrics, even after retries: blind since {@code since}, for
     * {@code blindFor} of at most {@code limit}.
     */
    public record Blind(Instant since, Duration blindFor, Duration limit, String error) {
    }

    /**
     * The blind time of a whole watch: the finding that metrics were missing, kept apart from the triggers' findings
     * (missing data never rolls anything back).
     *
     * @param total      time without readable metrics, all stretches
     * @param checks     checks that could not read them
     * @param retries    failed reads that a retry made good
     * @param gaveUp     blind for the whole limit: the watch ended there, deciding nothing
     * @param endedBlind the watch ended (at its --for, or giving up) while blind
     * @param lastError  why the last unreadable check failed, or null
     */
    public record BlindTime(Duration total, int checks, int retries, boolean gaveUp, boolean endedBlind, String lastError) {
        public static final BlindTime NONE = new BlindTime(Duration.ZERO, 0, 0, false, false, null);

        public boolean any() {
            return checks > 0;
        }
    }

    /** How a watch ended: the deciding check (or the last one), how many checks ran, and how long it was blind. */
    public record Outcome(Decision decision, List<TriggerEvaluation> evaluations, Baseline baseline, int checks, BlindTime blind) {
        public Outcome(Decision decision, List<TriggerEvaluation> evaluations, Baseline baseline, int checks) {
            this(decision, evaluations, baseline, checks, BlindTime.NONE);
        }

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

    /**
     * What the sequential tests count, when a trigger has one and the source serves it: errors and requests per sample,
     * and the latency histogram's buckets. Read beside {@link #watchedMetrics()}, with a longer history.
     */
    public Set<String> countMetrics() {
        Set<String> metrics = new LinkedHashSet<>();
        for (Trigger t : policy.triggers()) {
            if (!t.detection().sequential()) continue;
            String m = MetricNames.canonical(t.metric());
            if (m.contains("latency")) metrics.add("latency_bucket");
            else if (m.contains("error") || m.contains("fail")) metrics.addAll(List.of(countOf(m), "request_count"));
        }
        metrics.removeIf(m -> !source.serves(m));
        return metrics;
    }

    private static String countOf(String rate) {
        return (rate.endsWith("_rate") ? rate.substring(0, rate.length() - "_rate".length()) : rate) + "_count";
    }

    /** How far before the deploy the sequential tests read the previous release's counts. */
    private Duration countLookBack() {
        return policy.triggers().stream().filter(t -> t.detection().sequential()).map(t -> t.detection().baselineLookback())
                .max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /**
     * The previous stable release's metrics over the baseline window that ends at the deploy. A transient failure is
     * retried a few times ({@link MetricReads#RETRY}); one that lasts is thrown (exit 3).
     */
    public Baseline baseline(Release release) {
        MetricReads reads = new MetricReads(time, Duration.ZERO);
        return reads.read(() -> readBaseline(release)).orElseThrow(reads::lastError);
    }

    /**
     * The baseline for a live watch, which may start while the source is down: tried again every check interval while
     * blind, each blind try told to {@code onBlind}, and given up (the last failure thrown, exit 3) after the blind limit.
     */
    public Baseline awaitBaseline(Release release, java.util.function.Consumer<Blind> onBlind) {
        MetricReads reads = new MetricReads(time, policy.blindLimit());
        while (true) {
            Optional<Baseline> baseline = reads.read(() -> readBaseline(release));
            if (baseline.isPresent()) return baseline.get();
            if (reads.pastLimit()) throw gaveUp(reads, "the baseline of " + release.previousVersion());
            onBlind.accept(blind(reads));
            time.pause(policy.checkInterval());
        }
    }

    private Baseline readBaseline(Release release) {
        Instant to = release.deployedAt();
        Instant from = to.minus(policy.baselineWindow());
        MetricScope scope = new MetricScope(release.service(), release.environment(), release.previousVersion());
        Observations obs = fetch(scope, watchedMetrics(), from.minusNanos(1), to);
        return new BaselineCalculator().calculate(obs, release.previousVersion(), to, policy.baselineWindow());
    }

    /** The end of a watch that stayed blind for its whole limit: exit 3, saying for how long, what it waited for and why. */
    private static UnreachableException gaveUp(MetricReads reads, String what) {
        UnreachableException last = reads.lastError();
        return new UnreachableException(last.url(), "could not be read for " + human(reads.blindFor()) + " (monitoring.blind_limit_seconds: "
                + reads.limit().toSeconds() + ") while reading " + what + "; gave up, nothing was rolled back. Last error: "
                + last.getMessage(), last);
    }

    private static Blind blind(MetricReads reads) {
        return new Blind(reads.blindSince(), reads.blindFor(), reads.limit(), reads.lastError().getMessage());
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
            Decision decision = check.decision();
            boolean gaveUp = session.gaveUp() && decision instanceof Decision.KeepWatching;
            if (gaveUp) {
                decision = new Decision.KeepWatching(check.at(), List.of(), gaveUp(session.reads, "the metrics of " + release.version()).getMessage());
            }
            if (gaveUp || !(decision instanceof Decision.KeepWatching) || !check.at().isBefore(deadline)) {
                return new Outcome(decision, check.evaluations(), baseline, session.checks(), session.blindTime(gaveUp));
            }
        }
    }

    /**
     * One release's watch, a check at a time: what {@link #watch} loops over, and what server mode calls when a
     * release's next check is due. It remembers hold times and blind time between checks; checks must come in time
     * order.
     */
    public Session session(Release release, Baseline baseline, Supplier<List<Finding>> external) {
        return new Session(release, baseline, external);
    }

    /** How far back a check reads: the longest trigger window and hold time, plus one interval. */
    public Duration lookBack() {
        return longestWindow().plus(policy.checkInterval());
    }

    public final class Session {
        private Release release;
        // a traffic change asked for on another thread (the API), taken up by the next check, which runs on the checks' thread
        private volatile Double moveTo;
        private final Baseline baseline;
        private final Supplier<List<Finding>> external;
        private final MetricScope scope;
        private final Duration lookBack = lookBack();
        // a source that cannot be read is retried, then leaves the watch blind: checks go on, nothing is decided from
        // missing data, and only a blind stretch of the whole blind limit gives up (BlindTime.gaveUp)
        private final MetricReads reads = new MetricReads(time, policy.blindLimit());
        // the previous release's samples feed the noise guards: without them there is no watch yet, only blind checks
        private Optional<Watch> watch;
        private int checks;

        private Session(Release release, Baseline baseline, Supplier<List<Finding>> external) {
            this.release = release;
            this.baseline = baseline;
            this.external = external;
            this.scope = new MetricScope(release.service(), release.environment(), release.version());
            this.watch = history(reads, release, baseline);
        }

        /** Reads the metrics now (retrying a transient failure), evaluates every trigger and decides. */
        public Check check() {
            return check(null);
        }

        /**
         * Like {@link #check()}, with the watched metrics already read for many releases at once ({@link #lookBack()}
         * up to now; server mode's check rounds), and retried there: a failure of that read leaves this release blind
         * at once, as its own read would after its retries.
         *
         * @param batched gives this release's watched metrics, or throws what the shared read threw; null to read
         *                everything here
         */
        public Check check(Supplier<Observations> batched) {
            Instant now = time.now();
            takeTraffic();
            if (watch.isEmpty()) watch = history(reads, release, baseline);
            Optional<Observations> obs = watch.isEmpty() ? Optional.empty()
                    : reads.read(() -> current(now.minus(lookBack), now, batched == null ? null : batched.get()), batched != null);
            Watch w = watch.orElse(null);
            List<TriggerEvaluation> evaluations = obs.map(o -> w.check(o, now)).orElse(List.of());
            if (obs.isEmpty() && w != null) w.unseen();
            List<Finding> findings = new java.util.ArrayList<>(evaluations.stream().filter(TriggerEvaluation::firing).map(TriggerEvaluation::toFinding).toList());
            findings.addAll(external.get()); // an alert from outside is a finding, blind or not
            checks++;
            return new Check(now, evaluations, decider.decide(findings, release, now), obs.isEmpty() ? blind(reads) : null);
        }

        /** The release's watched metrics, its counts, and during a canary the previous release's counts as the control. */
        private Observations current(Instant from, Instant to, Observations watched) {
            Observations obs = watched != null ? watched : fetch(scope, watchedMetrics(), from, to);
            Set<String> counts = countMetrics();
            if (counts.isEmpty()) return obs;
            Map<String, MetricSeries> all = new LinkedHashMap<>(obs.series());
            all.putAll(fetch(scope, counts, from, to).series());
            // a canary shares the traffic with the previous release: its counts over the same time are the control
            if (release.trafficPercent() < 100) {
                MetricScope control = new MetricScope(release.service(), release.environment(), release.previousVersion());
                fetch(control, counts, from, to).series().forEach((k, v) -> all.put("control_" + k, v));
            }
            return new Observations(all);
        }

        /**
         * The canary's traffic moved (1..100); the next check reads it. Within a canary (20 → 50) the control comparison
         * goes on: it compares rates per request, whatever the split. Across 100 it cannot: promoted, the previous
         * version serves nothing and there is no control, so the triggers start again on the baseline comparison; back
         * below 100 they start again on the control.
         */
        public void traffic(double percent) {
            if (!(percent > 0 && percent <= 100)) throw new IllegalArgumentException("traffic percent must be above 0 and at most 100, got " + percent);
            moveTo = percent;
        }

        private void takeTraffic() {
            Double to = moveTo;
            if (to == null) return;
            moveTo = null;
            boolean wasCanary = release.trafficPercent() < 100;
            release = new Release(release.service(), release.environment(), release.version(), release.previousVersion(), release.deployedAt(),
                    release.changes(), release.featureFlag(), to, release.pointOfNoReturn());
            if (wasCanary != to < 100) watch = Optional.empty(); // read again below: new trackers, on the other comparison
        }

        /** Blind for the whole blind limit: the caller stops watching, deciding nothing from the missing data. */
        public boolean gaveUp() {
            return reads.pastLimit();
        }

        public BlindTime blindTime(boolean gaveUp) {
            return reads.blindReads() == 0 && reads.retries() == 0 ? BlindTime.NONE
                    : new BlindTime(reads.blindTotal(), reads.blindReads(), reads.retries(), gaveUp, reads.blind(),
                            reads.lastError() == null ? null : reads.lastError().getMessage());
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

    private Optional<Watch> history(MetricReads reads, Release release, Baseline baseline) {
        MetricScope previous = new MetricScope(release.service(), release.environment(), release.previousVersion());
        return reads.read(() -> previousHistory(previous, baseline))
                .map(history -> new Watch(policy.triggers(), baseline, evaluator, history));
    }

    /** The previous release before the deploy: the watched metrics over the baseline window, the counts over the tests' longer look-back. */
    private Observations previousHistory(MetricScope previous, Baseline baseline) {
        Observations history = fetch(previous, watchedMetrics(), baseline.from().minusNanos(1), baseline.to().minusNanos(1));
        Set<String> counts = countMetrics();
        if (counts.isEmpty()) return history;
        Instant from = baseline.to().minus(countLookBack());
        Map<String, MetricSeries> all = new LinkedHashMap<>(history.series());
        all.putAll(fetch(previous, counts, (from.isBefore(baseline.from()) ? from : baseline.from()).minusNanos(1), baseline.to().minusNanos(1)).series());
        return new Observations(all);
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + " s" : s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
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
        for (String metric : metrics) series.putAll(source.rangeAll(scope, metric, from, to));
        return new Observations(series);
    }
}
