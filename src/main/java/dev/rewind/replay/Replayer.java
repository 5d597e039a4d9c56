package dev.rewind.replay;

import dev.rewind.decide.RollbackDecider;
import dev.rewind.detect.BaselineCalculator;
import dev.rewind.detect.TriggerEvaluator;
import dev.rewind.detect.Watch;
import dev.rewind.model.Baseline;
import dev.rewind.model.Decision;
import dev.rewind.model.Finding;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Observations;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.TriggerEvaluation;
import dev.rewind.model.TriggerStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays a recorded trace as if live (DESIGN.md §3.3): baseline from the baseline window before the deploy,
 * a check every check interval from deploy + interval to the end of the trace. It stops at the FIRST actionable
 * decision (rollback, approval_required or fix_forward), since a live controller would act or ask there;
 * no_rollback when none came. A disabled policy decides the same and reports it as not enforced. A caller bounds
 * the work with {@link #plannedChecks} first (the CLI refuses more than --max-checks).
 */
public final class Replayer {
    private final BaselineCalculator baselines;
    private final TriggerEvaluator evaluator;
    private final RollbackDecider decider = new RollbackDecider();

    public Replayer() {
        this(new BaselineCalculator(), new TriggerEvaluator());
    }

    public Replayer(BaselineCalculator baselines, TriggerEvaluator evaluator) {
        this.baselines = baselines;
        this.evaluator = evaluator;
    }

    /** How many checks a replay from {@code deployedAt} to the end of the trace runs, at most (it may stop earlier). */
    public static long plannedChecks(RollbackPolicy policy, Observations observations, Instant deployedAt) {
        Instant end = end(observations);
        if (!end.isAfter(deployedAt)) return 0;
        return Duration.between(deployedAt, end).dividedBy(policy.checkInterval());
    }

    public ReplayResult replay(RollbackPolicy policy, Observations observations, Release release) {
        Instant deployedAt = release.deployedAt();
        Baseline baseline = baselines.calculate(observations, release.previousVersion(), deployedAt, policy.baselineWindow());
        Watch watch = new Watch(policy.triggers(), baseline, evaluator);
        Instant end = end(observations);
        int[][] counts = new int[policy.triggers().size()][TriggerStatus.values().length]; // per trigger, per status

        int checks = 0;
        Instant first = null, last = null;
        Decision decision = null;
        for (Instant now = deployedAt.plus(policy.checkInterval()); !now.isAfter(end); now = now.plus(policy.checkInterval())) {
            checks++;
            if (first == null) first = now;
            last = now;
            List<Finding> findings = new ArrayList<>();
            List<TriggerEvaluation> evaluations = watch.check(observations, now);
            for (int i = 0; i < evaluations.size(); i++) {
                TriggerEvaluation e = evaluations.get(i);
                counts[i][e.status().ordinal()]++;
                if (e.firing()) findings.add(e.toFinding());
            }
            decision = decider.decide(findings, release, now);
            if (!(decision instanceof Decision.KeepWatching)) break;
        }
        if (decision == null) {
            decision = new Decision.KeepWatching(deployedAt, List.of(), "no check ran: the trace ends before the first check at " + deployedAt.plus(policy.checkInterval()));
        } else if (decision instanceof Decision.KeepWatching k) {
            decision = new Decision.KeepWatching(k.at(), k.findings(), "no trigger asked for action in " + checks + " checks up to " + last
                    + (k.findings().isEmpty() ? "" : "; last check: " + k.reason()));
        }
        return new ReplayResult(decision, policy.enabled(), baseline, checks, first, last, tallies(policy, counts));
    }

    /** Counts by trigger name, with the statuses that occurred (triggers that share a name share a tally). */
    private static Map<String, Map<TriggerStatus, Integer>> tallies(RollbackPolicy policy, int[][] counts) {
        Map<String, Map<TriggerStatus, Integer>> tallies = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            Map<TriggerStatus, Integer> tally = tallies.computeIfAbsent(policy.triggers().get(i).name(), k -> new EnumMap<>(TriggerStatus.class));
            for (TriggerStatus s : TriggerStatus.values()) {
                if (counts[i][s.ordinal()] > 0) tally.merge(s, counts[i][s.ordinal()], Integer::sum);
            }
        }
        return tallies;
    }

    /** The trace's last sample. */
    public static Instant end(Observations observations) {
        Instant end = Instant.MIN;
        for (MetricSeries s : observations.series().values()) {
            if (!s.isEmpty()) {
                Instant at = s.samples().get(s.samples().size() - 1).at();
                if (at.isAfter(end)) end = at;
            }
        }
        return end;
    }
}
