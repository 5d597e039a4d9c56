package dev.rewind.replay;

import dev.rewind.model.Decision;
import dev.rewind.model.Detection;
import dev.rewind.model.Finding;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.Trigger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Many simulated releases of one kind replayed under one policy: how many were rolled back, how soon, and by which
 * trigger. Healthy releases (effect 1) measure the false-rollback rate; worse ones (effect 1.5, 2, 5) the power and the
 * time to decision. {@code bench sequential} prints these figures and the tests assert bounds on them; both run this.
 *
 * @param shape    {@code constant}, {@code daily} (traffic swinging ±60% over the day, deploys at any hour) or
 *                 {@code growth} (traffic tripling per day)
 * @param effect   the new release's error probability over the previous one's
 */
public record ReleaseEvaluation(String shape, double requestsPerMinute, double errorProbability, double effect, int releases,
                                Duration history, Duration watch, Duration step, long seed) {

    public static final List<String> SHAPES = List.of("constant", "daily", "growth");
    static final Instant EPOCH = Instant.parse("2026-03-02T00:00:00Z");

    public ReleaseEvaluation {
        if (!SHAPES.contains(shape)) throw new IllegalArgumentException("shape must be one of " + SHAPES + ", got " + shape);
        if (releases < 1) throw new IllegalArgumentException("releases must be at least 1");
    }

    /** What the releases came to. */
    public record Outcome(int releases, int rolledBack, List<Duration> timesToDecision, Map<String, Integer> firstBy) {
        public double rate() {
            return (double) rolledBack / releases;
        }

        /** The median time from deploy to rollback decision; null when nothing was rolled back. */
        public Duration medianTime() {
            if (timesToDecision.isEmpty()) return null;
            List<Duration> sorted = new ArrayList<>(timesToDecision);
            sorted.sort(null);
            return sorted.get(sorted.size() / 2);
        }
    }

    /** The {@code i}th release: its own seed and, under a daily cycle, its own hour of the day. */
    public ReleaseSimulation release(int i) {
        long s = seed * 1_000_003L + i;
        Instant deploy = EPOCH.plus(Duration.ofMinutes(Math.floorMod(s * 7919, 24 * 60))).plus(Duration.ofDays(i % 28));
        ReleaseSimulation.TrafficShape traffic = switch (shape) {
            case "daily" -> ReleaseSimulation.TrafficShape.daily(0.6);
            case "growth" -> ReleaseSimulation.TrafficShape.growth(3, deploy);
            default -> ReleaseSimulation.TrafficShape.constant();
        };
        return new ReleaseSimulation(traffic, requestsPerMinute, errorProbability, effect, history, watch, step, deploy, s, null);
    }

    public Outcome run(RollbackPolicy policy) {
        int rolledBack = 0;
        List<Duration> times = new ArrayList<>();
        Map<String, Integer> firstBy = new LinkedHashMap<>();
        Replayer replayer = new Replayer();
        for (int i = 0; i < releases; i++) {
            ReleaseSimulation sim = release(i);
            ReplayResult r = replayer.replay(policy, sim.observations(), sim.release());
            if (!r.actionable()) continue;
            rolledBack++;
            Decision d = r.decision();
            Finding first = d.findings().stream().min((a, b) -> a.detectedAt().compareTo(b.detectedAt())).orElse(null);
            if (first != null) {
                times.add(Duration.between(sim.deployedAt(), first.detectedAt()));
                firstBy.merge(first.trigger() + " (" + first.kind() + ")", 1, Integer::sum);
            }
        }
        return new Outcome(releases, rolledBack, times, firstBy);
    }

    /** The same policy with every trigger a window rule: the seeds' detection, to compare with. */
    public static RollbackPolicy windowRulesOnly(RollbackPolicy policy) {
        return policy.withTriggers(policy.triggers().stream().map(t -> t.withDetection(Detection.THRESHOLD)).toList());
    }

    /** The same policy with every trigger that has a sequential test made {@code kind: sequential} at {@code alpha}. */
    public static RollbackPolicy sequentialAt(RollbackPolicy policy, double alpha) {
        return policy.withTriggers(policy.triggers().stream().map((Trigger t) -> !t.detection().sequential() ? t
                : t.withDetection(new Detection(t.detection().kind(), alpha, t.detection().tolerance(), t.detection().baselineLookback()))).toList());
    }
}
