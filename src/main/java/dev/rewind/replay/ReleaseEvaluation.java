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
 * @param shape    {@code constant}, {@code daily} (traffic swinging ±60% over the day, deploys at any hour),
 *                 {@code growth} (traffic tripling per day) or {@code recorded} (the curve in {@code recorded})
 * @param effect   the new release's error probability over the previous one's
 * @param recorded the production curve of a {@code recorded} shape, else null
 */
public record ReleaseEvaluation(String shape, double requestsPerMinute, double errorProbability, double effect, int releases,
                                Duration history, Duration watch, Duration step, long seed, RecordedTraffic recorded) {

    public static final List<String> SHAPES = List.of("constant", "daily", "growth");
    static final Instant EPOCH = Instant.parse("2026-03-02T00:00:00Z");

    public ReleaseEvaluation {
        if (!SHAPES.contains(shape) && !"recorded".equals(shape)) throw new IllegalArgumentException("shape must be one of " + SHAPES + " or recorded, got " + shape);
        if ("recorded".equals(shape) != (recorded != null)) throw new IllegalArgumentException("a recorded shape, and only that, needs its curve");
        if (releases < 1) throw new IllegalArgumentException("releases must be at least 1");
        if (recorded != null && recorded.span(history.plus(watch)) > recorded.values().length) {
            throw new IllegalArgumentException("the recorded curve " + recorded.name() + " is shorter than one release's history and watch");
        }
    }

    public ReleaseEvaluation(String shape, double requestsPerMinute, double errorProbability, double effect, int releases,
                             Duration history, Duration watch, Duration step, long seed) {
        this(shape, requestsPerMinute, errorProbability, effect, releases, history, watch, step, seed, null);
    }

    /** Releases whose traffic follows a recorded curve, each on its own segment of it. */
    public static ReleaseEvaluation recorded(RecordedTraffic curve, double requestsPerMinute, double errorProbability, double effect, int releases,
                                             Duration history, Duration watch, long seed) {
        return new ReleaseEvaluation("recorded", requestsPerMinute, errorProbability, effect, releases, history, watch, Duration.ofMinutes(1), seed, curve);
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
            case "recorded" -> segment(s);
            case "daily" -> ReleaseSimulation.TrafficShape.daily(0.6);
            case "growth" -> ReleaseSimulation.TrafficShape.growth(3, deploy);
            default -> ReleaseSimulation.TrafficShape.constant();
        };
        return new ReleaseSimulation(traffic, requestsPerMinute, errorProbability, effect, history, watch, step, deploy, s, null);
    }

    /**
     * The {@code s}th release's segment of the recorded curve: a start drawn from its seed anywhere the whole release
     * (history and watch) fits, so the releases between them cover the curve, its bursts and quiet hours included.
     */
    private ReleaseSimulation.TrafficShape segment(long s) {
        double[] values = recorded.values();
        int starts = values.length - recorded.span(history.plus(watch)) + 1;
        int start = (int) Math.floorMod(s * 0x9E3779B97F4A7C15L >>> 1, (long) starts);
        return ReleaseSimulation.TrafficShape.recorded(values, start, (double) step.toMillis() / recorded.step().toMillis());
    }

    /** The label of this evaluation's traffic: its shape, or the recorded curve's name. */
    public String trafficLabel() {
        return recorded == null ? shape : recorded.name();
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
