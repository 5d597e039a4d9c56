package dev.rewind.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The history dashboard's numbers over a window: seed 001's "Rollback Statistics" (deployments, auto and manual
 * rollbacks, success rate, causes, time saved, downtime prevented) and seed 004's historical view (frequency by
 * service, average rollback time, SLA compliance, rollback success rate). Pure: given the past, returns figures.
 *
 * <p>Two figures are estimates, and say so: seed 001's 25 minutes for a rollback by hand, and its 55 minutes of
 * downtime for a bad deploy nobody rolls back automatically (30 to notice, 15 to decide, 10 to roll back).
 */
public final class RollbackStatistics {
    public static final Duration MANUAL_ROLLBACK = Duration.ofMinutes(25);
    public static final Duration DOWNTIME_WITHOUT_AUTO_ROLLBACK = Duration.ofMinutes(55);

    /** Rollbacks of one service in the window, next to its deploys (seed 004: rollback frequency by service). */
    public record ServiceFrequency(String service, int deployments, int rollbacks, Double rollbackPercent, Long averageRollbackSec,
                                   Double slaCompliancePercent) {
    }

    public record CauseCount(RollbackCause cause, int count, double percent) {
    }

    /**
     * @param deploymentSuccessPercent seed 001's "success rate": deploys in the window that needed no rollback
     * @param rollbackSuccessPercent   seed 004's: finished rollbacks that rolled back (verified or not)
     * @param timeSavedSec             against {@link #MANUAL_ROLLBACK} per finished rollback
     */
    public record Stats(Instant from, Instant to, int deployments, int rollbacks, int autoRollbacks, int manualRollbacks,
                        Double autoRollbackPercent, Double manualRollbackPercent, Double deploymentSuccessPercent,
                        int finishedRollbacks, int successfulRollbacks, Double rollbackSuccessPercent, int inProgress, int awaitingApproval,
                        int denied, Long averageRollbackSec, long timeSavedSec, Long timeSavedPerRollbackSec, Long downtimeSec,
                        long downtimeWithoutEstimateSec, Double downtimeReductionPercent, int measuredAgainstSla, int withinSla,
                        Double slaCompliancePercent, List<CauseCount> causes, List<ServiceFrequency> byService) {
    }

    public Stats compute(List<PastDeploy> deploys, List<PastRollback> rollbacks, Instant from, Instant to) {
        List<PastDeploy> inDeploys = deploys.stream().filter(d -> within(d.deployedAt(), from, to)).toList();
        List<PastRollback> inWindow = rollbacks.stream().filter(r -> within(r.actingFrom(), from, to)).toList();
        List<PastRollback> ran = inWindow.stream().filter(PastRollback::executed).toList();
        List<PastRollback> finished = ran.stream().filter(r -> r.duration() != null).toList();
        int manual = (int) ran.stream().filter(PastRollback::manual).count();
        int auto = ran.size() - manual;
        int deployments = inDeploys.size();

        Set<String> rolledBackDeploys = new HashSet<>();
        ran.forEach(r -> rolledBackDeploys.add(r.service() + "/" + r.environment() + "/" + r.fromVersion()));
        long failedDeploys = inDeploys.stream().filter(d -> rolledBackDeploys.contains(d.key())).count();
        int successful = (int) finished.stream().filter(PastRollback::rolledBack).count();

        long timeSaved = 0;
        for (PastRollback r : finished) timeSaved += Math.max(0, MANUAL_ROLLBACK.minus(r.duration()).toSeconds());
        List<Long> impacts = finished.stream().map(PastRollback::impactSec).filter(i -> i != null && i >= 0).toList();
        Long downtime = impacts.isEmpty() ? null : impacts.stream().mapToLong(Long::longValue).sum();
        long without = DOWNTIME_WITHOUT_AUTO_ROLLBACK.toSeconds() * impacts.size();
        Sla sla = sla(finished);

        return new Stats(from, to, deployments, ran.size(), auto, manual, percent(auto, deployments), percent(manual, deployments),
                percent(deployments - failedDeploys, deployments), finished.size(), successful, percent(successful, finished.size()),
                (int) ran.stream().filter(r -> r.duration() == null).count(),
                (int) inWindow.stream().filter(r -> r.status().equals("awaiting_approval")).count(),
                (int) inWindow.stream().filter(PastRollback::denied).count(),
                average(finished), timeSaved, finished.isEmpty() ? null : timeSaved / finished.size(), downtime, without,
                downtime == null || without == 0 ? null : round(100.0 * (1 - (double) downtime / without)),
                sla.measured, sla.within, percent(sla.within, sla.measured), causes(ran), byService(inDeploys, ran));
    }

    private record Sla(int measured, int within) {
    }

    private static Sla sla(List<PastRollback> finished) {
        List<PastRollback> measured = finished.stream().filter(r -> r.sla() != null).toList();
        int within = (int) measured.stream().filter(r -> r.duration().compareTo(r.sla()) <= 0).count();
        return new Sla(measured.size(), within);
    }

    /** Most frequent first; causes that never happened are left out. */
    static List<CauseCount> causes(List<PastRollback> ran) {
        Map<RollbackCause, Integer> counts = new EnumMap<>(RollbackCause.class);
        ran.forEach(r -> counts.merge(RollbackCause.of(r.trigger()), 1, Integer::sum));
        List<CauseCount> out = new ArrayList<>();
        counts.forEach((cause, n) -> out.add(new CauseCount(cause, n, percent(n, ran.size()))));
        out.sort(Comparator.comparingInt(CauseCount::count).reversed().thenComparing(c -> c.cause().ordinal()));
        return out;
    }

    private static List<ServiceFrequency> byService(List<PastDeploy> deploys, List<PastRollback> ran) {
        Map<String, List<PastRollback>> rollbacks = new TreeMap<>();
        Map<String, Integer> deployCount = new LinkedHashMap<>();
        deploys.forEach(d -> deployCount.merge(d.service(), 1, Integer::sum));
        ran.forEach(r -> rollbacks.computeIfAbsent(r.service(), s -> new ArrayList<>()).add(r));
        deployCount.keySet().forEach(s -> rollbacks.computeIfAbsent(s, x -> new ArrayList<>()));
        List<ServiceFrequency> out = new ArrayList<>();
        rollbacks.forEach((service, list) -> {
            int d = deployCount.getOrDefault(service, 0);
            List<PastRollback> finished = list.stream().filter(r -> r.duration() != null).toList();
            Sla sla = sla(finished);
            out.add(new ServiceFrequency(service, d, list.size(), percent(list.size(), d), average(finished), percent(sla.within, sla.measured)));
        });
        out.sort(Comparator.comparingInt(ServiceFrequency::rollbacks).reversed().thenComparing(ServiceFrequency::service));
        return out;
    }

    private static Long average(List<PastRollback> finished) {
        if (finished.isEmpty()) return null;
        return Math.round(finished.stream().mapToLong(r -> r.duration().toSeconds()).average().orElse(0));
    }

    private static boolean within(Instant at, Instant from, Instant to) {
        return !at.isBefore(from) && at.isBefore(to);
    }

    static Double percent(long part, long whole) {
        return whole <= 0 ? null : round(100.0 * part / whole);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
