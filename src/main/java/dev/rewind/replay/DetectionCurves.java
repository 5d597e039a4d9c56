package dev.rewind.replay;

import dev.rewind.model.Decision;
import dev.rewind.model.Finding;
import dev.rewind.model.MetricNames;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.Trigger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How soon a regression is caught, by the sequential test and by fixed-window rules, at scrape resolution: simulated
 * releases with one sample per {@code step} (2 s, a Prometheus scrape) and a check at every sample, constant traffic
 * of {@code requestsPerSecond}, errors binomial at {@code errorProbability} before the deploy and {@code effect} times
 * that after it. Each method's times from the deploy to its first rollback decision (null: not within the watch)
 * make its detection-time curve: the share of releases caught by each time.
 */
public record DetectionCurves(double errorProbability, Duration history, Duration watch, Duration step, int releases, long seed) {

    /** A way of deciding, as a policy replayed on the same releases. */
    public record Method(String name, RollbackPolicy policy) {
    }

    /** One method on one kind of release: the time to decision of each release, null where it was not caught. */
    public record Curve(Method method, double requestsPerSecond, double effect, List<Duration> times) {
        public int caught() {
            return (int) times.stream().filter(t -> t != null).count();
        }

        /** The {@code q} quantile of the time to decision over all releases (uncaught ones last); null when it is one of those. */
        public Duration quantile(double q) {
            List<Duration> sorted = new ArrayList<>(times);
            sorted.sort((a, b) -> a == null ? (b == null ? 0 : 1) : b == null ? -1 : a.compareTo(b));
            int i = Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1);
            return sorted.get(Math.max(0, i));
        }

        /** The share of releases caught within {@code t}. */
        public double caughtWithin(Duration t) {
            return times.stream().filter(x -> x != null && x.compareTo(t) <= 0).count() / (double) times.size();
        }
    }

    /** The methods issue 10 compares: the default rules (the sequential test), seed 001's 5-minute rule, and a 10 s rule. */
    public static List<Method> methods(RollbackPolicy defaults, Duration step) {
        RollbackPolicy everyScrape = withCheckInterval(defaults, step, defaults.baselineWindow());
        RollbackPolicy seedRule = ReleaseEvaluation.windowRulesOnly(everyScrape);
        RollbackPolicy tenSeconds = withCheckInterval(seedRule, step, Duration.ofSeconds(30)).withTriggers(seedRule.triggers().stream()
                .map((Trigger t) -> MetricNames.ERROR_RATE.equals(t.metric()) ? t.withWindow(Duration.ofSeconds(10)) : t).toList());
        return List.of(new Method("sequential test (default rules)", everyScrape),
                new Method("seed rule: 2x baseline, mean over 5 min", seedRule),
                new Method("README rule: 2x baseline, mean over 10 s", tenSeconds));
    }

    private static RollbackPolicy withCheckInterval(RollbackPolicy p, Duration interval, Duration baselineWindow) {
        return new RollbackPolicy(p.enabled(), interval, baselineWindow, p.triggers(), p.maxRollbackAttempts(), p.healthCheckTimeout(),
                p.rollbackTimeout(), p.verification(), p.blindLimit());
    }

    /** Every method on the same {@link #releases} simulated releases at this traffic and effect. */
    public List<Curve> run(List<Method> methods, double requestsPerSecond, double effect) {
        List<List<Duration>> times = new ArrayList<>();
        for (int m = 0; m < methods.size(); m++) times.add(new ArrayList<>());
        Replayer replayer = new Replayer();
        for (int i = 0; i < releases; i++) {
            long s = seed * 1_000_003L + i * 7_919L + (long) (requestsPerSecond * 100) + (long) (effect * 10_000);
            Instant deploy = ReleaseEvaluation.EPOCH.plus(Duration.ofMinutes(Math.floorMod(s, 24 * 60 * 28)));
            ReleaseSimulation sim = new ReleaseSimulation(ReleaseSimulation.TrafficShape.constant(), requestsPerSecond * 60, errorProbability, effect,
                    history, watch, step, deploy, s, null);
            var observations = sim.observations();
            for (int m = 0; m < methods.size(); m++) {
                ReplayResult r = replayer.replay(methods.get(m).policy(), observations, sim.release());
                times.get(m).add(r.actionable() ? firstFinding(r.decision(), deploy) : null);
            }
        }
        List<Curve> out = new ArrayList<>();
        for (int m = 0; m < methods.size(); m++) out.add(new Curve(methods.get(m), requestsPerSecond, effect, java.util.Collections.unmodifiableList(times.get(m))));
        return out;
    }

    private static Duration firstFinding(Decision d, Instant deploy) {
        return d.findings().stream().map(Finding::detectedAt).min(Instant::compareTo).map(t -> Duration.between(deploy, t)).orElse(Duration.between(deploy, d.at()));
    }
}
