package dev.rewind.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The history's figures: seed 001's worked example to the digit, and generated histories against a plain recount. */
class RollbackStatisticsTest {
    private static final Instant TO = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant FROM = TO.minus(Duration.ofDays(30));
    private static final Duration SLA = Duration.ofMinutes(30);

    private static PastRollback rollback(String id, String service, String version, String trigger, String status, Instant at, Duration took) {
        return new PastRollback(id, service, "production", version, trigger, status, false, at, took == null ? null : at.plus(took),
                took == null ? null : took.toSeconds(), SLA);
    }

    @Test
    void seed001sExampleMonthGivesItsFigures() {
        List<PastDeploy> deploys = new ArrayList<>();
        for (int i = 0; i < 45; i++) deploys.add(new PastDeploy("shop", "production", "1." + i, FROM.plus(Duration.ofHours(10 + 15L * i))));
        List<PastRollback> rollbacks = List.of(
                rollback("a", "shop", "1.3", "error_rate", "success", FROM.plus(Duration.ofDays(2)), Duration.ofMinutes(3)),
                rollback("b", "shop", "1.9", "error_rate", "success", FROM.plus(Duration.ofDays(6)), Duration.ofMinutes(3)),
                rollback("c", "shop", "1.20", "memory", "success", FROM.plus(Duration.ofDays(12)), Duration.ofMinutes(3)),
                rollback("d", "shop", "1.30", "manual", "success", FROM.plus(Duration.ofDays(19)), Duration.ofMinutes(3)));

        RollbackStatistics.Stats s = new RollbackStatistics().compute(deploys, rollbacks, FROM, TO);

        assertThat(s.deployments()).isEqualTo(45);
        assertThat(s.autoRollbacks()).isEqualTo(3);
        assertThat(s.autoRollbackPercent()).isEqualTo(6.7);
        assertThat(s.manualRollbacks()).isEqualTo(1);
        assertThat(s.manualRollbackPercent()).isEqualTo(2.2);
        assertThat(s.deploymentSuccessPercent()).isEqualTo(91.1);
        assertThat(s.averageRollbackSec()).isEqualTo(180);
        assertThat(s.timeSavedSec()).as("88 minutes").isEqualTo(88 * 60);
        assertThat(s.timeSavedPerRollbackSec()).as("22 minutes per rollback").isEqualTo(22 * 60);
        assertThat(RollbackInsights.causes(s)).containsExactly(java.util.Map.entry("error_rate_spike", 2), java.util.Map.entry("memory_leak", 1),
                java.util.Map.entry("manual", 1));
        assertThat(s.downtimeSec()).isEqualTo(12 * 60);
        assertThat(s.slaCompliancePercent()).isEqualTo(100.0);
        assertThat(s.rollbackSuccessPercent()).isEqualTo(100.0);
    }

    @Test
    void waitingAndDeniedRollbacksAreNotCountedAsRollbacksAndNothingOutsideTheWindowCounts() {
        List<PastDeploy> deploys = List.of(new PastDeploy("shop", "production", "2.0", FROM.plusSeconds(60)),
                new PastDeploy("shop", "production", "1.0", FROM.minusSeconds(60)));
        List<PastRollback> rollbacks = List.of(
                rollback("wait", "shop", "2.0", "error_rate", "awaiting_approval", FROM.plusSeconds(600), null),
                new PastRollback("no", "shop", "production", "2.0", "error_rate", "aborted", true, FROM.plusSeconds(700), FROM.plusSeconds(800), null, SLA),
                rollback("old", "shop", "1.0", "memory", "success", FROM.minusSeconds(30), Duration.ofMinutes(2)));

        RollbackStatistics.Stats s = new RollbackStatistics().compute(deploys, rollbacks, FROM, TO);

        assertThat(s.deployments()).isEqualTo(1);
        assertThat(s.rollbacks()).isZero();
        assertThat(s.awaitingApproval()).isEqualTo(1);
        assertThat(s.denied()).isEqualTo(1);
        assertThat(s.deploymentSuccessPercent()).isEqualTo(100.0);
        assertThat(s.averageRollbackSec()).isNull();
        assertThat(s.slaCompliancePercent()).as("nothing measured is no figure, not 0% or 100%").isNull();
        assertThat(s.causes()).isEmpty();
    }

    @Test
    void aRollbackOverItsSlaLowersComplianceAndStillCountsAsSuccessful() {
        List<PastRollback> rollbacks = List.of(rollback("fast", "shop", "2.0", "error_rate", "success", FROM.plusSeconds(60), Duration.ofMinutes(4)),
                rollback("slow", "cart", "3.0", "p95_latency", "success_unverified", FROM.plusSeconds(90), Duration.ofMinutes(41)),
                rollback("bad", "cart", "3.1", "db_connection_errors", "failed", FROM.plusSeconds(120), Duration.ofMinutes(9)));

        RollbackStatistics.Stats s = new RollbackStatistics().compute(List.of(), rollbacks, FROM, TO);

        assertThat(s.measuredAgainstSla()).isEqualTo(3);
        assertThat(s.withinSla()).isEqualTo(2);
        assertThat(s.slaCompliancePercent()).isEqualTo(66.7);
        assertThat(s.rollbackSuccessPercent()).isEqualTo(66.7);
        assertThat(s.timeSavedSec()).as("a rollback slower than by hand saves nothing, it costs nothing either").isEqualTo((21 + 16) * 60);
        assertThat(s.byService()).extracting(RollbackStatistics.ServiceFrequency::service).containsExactly("cart", "shop");
        assertThat(s.byService().getFirst().slaCompliancePercent()).isEqualTo(50.0);
        assertThat(s.causes()).extracting(c -> c.cause()).containsExactly(RollbackCause.ERROR_RATE_SPIKE, RollbackCause.PERFORMANCE_DEGRADATION,
                RollbackCause.DATABASE_ISSUES);
    }

    // ---- generated histories, checked against a plain recount ----

    static Stream<Long> seeds() {
        return java.util.stream.LongStream.rangeClosed(1, 40).boxed();
    }

    private record History(List<PastDeploy> deploys, List<PastRollback> rollbacks) {
    }

    private static final List<String> TRIGGERS = List.of("error_rate", "memory", "performance", "database", "health_check", "manual",
            "p99_latency_ms", "custom_checkout_slo");
    private static final List<String> STATUSES = List.of("success", "success", "success", "success_unverified", "failed", "escalated", "aborted",
            "running", "awaiting_approval");

    static History generate(long seed) {
        Random r = new Random(seed);
        List<String> services = IntStream.range(0, 1 + r.nextInt(4)).mapToObj(i -> "svc" + i).toList();
        List<PastDeploy> deploys = new ArrayList<>();
        List<PastRollback> rollbacks = new ArrayList<>();
        int n = r.nextInt(80);
        for (int i = 0; i < n; i++) {
            String service = services.get(r.nextInt(services.size()));
            Instant at = FROM.minus(Duration.ofDays(5)).plusSeconds(r.nextLong(Duration.ofDays(40).toSeconds()));
            String version = "1." + i;
            deploys.add(new PastDeploy(service, "production", version, at));
            if (r.nextInt(4) == 0) {
                String status = STATUSES.get(r.nextInt(STATUSES.size()));
                boolean live = status.equals("running") || status.equals("awaiting_approval");
                Instant acting = at.plusSeconds(60 + r.nextInt(3600));
                Duration took = live ? null : Duration.ofSeconds(30 + r.nextInt(3600));
                rollbacks.add(new PastRollback("rb" + i, service, "production", version, TRIGGERS.get(r.nextInt(TRIGGERS.size())), status,
                        !live && r.nextInt(8) == 0, acting, took == null ? null : acting.plus(took), took == null || r.nextBoolean() ? null : took.toSeconds() / 2,
                        r.nextInt(5) == 0 ? null : Duration.ofMinutes(15 + 15 * r.nextInt(2))));
            }
        }
        return new History(deploys, rollbacks);
    }

    @ParameterizedTest(name = "history {0}")
    @MethodSource("seeds")
    void aGeneratedHistoryAddsUp(long seed) {
        History h = generate(seed);

        RollbackStatistics.Stats s = new RollbackStatistics().compute(h.deploys(), h.rollbacks(), FROM, TO);

        List<PastRollback> ran = h.rollbacks().stream().filter(x -> !x.actingFrom().isBefore(FROM) && x.actingFrom().isBefore(TO))
                .filter(x -> !x.denied() && !x.status().equals("awaiting_approval")).toList();
        long deploys = h.deploys().stream().filter(d -> !d.deployedAt().isBefore(FROM) && d.deployedAt().isBefore(TO)).count();
        Set<String> rolledBack = new HashSet<>();
        ran.forEach(x -> rolledBack.add(x.service() + "/" + x.fromVersion()));
        long kept = h.deploys().stream().filter(d -> !d.deployedAt().isBefore(FROM) && d.deployedAt().isBefore(TO))
                .filter(d -> !rolledBack.contains(d.service() + "/" + d.version())).count();
        List<PastRollback> finished = ran.stream().filter(x -> x.finishedAt() != null).toList();
        long saved = finished.stream().mapToLong(x -> Math.max(0, 25 * 60 - Duration.between(x.actingFrom(), x.finishedAt()).toSeconds())).sum();

        assertThat(s.deployments()).isEqualTo(deploys);
        assertThat(s.rollbacks()).isEqualTo(ran.size());
        assertThat(s.autoRollbacks() + s.manualRollbacks()).isEqualTo(ran.size());
        assertThat(s.manualRollbacks()).isEqualTo(ran.stream().filter(x -> x.trigger().equals("manual")).count());
        assertThat(s.deploymentSuccessPercent()).isEqualTo(deploys == 0 ? null : Math.round(1000.0 * kept / deploys) / 10.0);
        assertThat(s.finishedRollbacks() + s.inProgress()).isEqualTo(ran.size());
        assertThat(s.timeSavedSec()).isEqualTo(saved);
        assertThat(s.causes().stream().mapToInt(RollbackStatistics.CauseCount::count).sum()).isEqualTo(ran.size());
        assertThat(s.causes()).isSortedAccordingTo((a, b) -> Integer.compare(b.count(), a.count()));
        assertThat(s.byService().stream().mapToInt(RollbackStatistics.ServiceFrequency::rollbacks).sum()).isEqualTo(ran.size());
        assertThat(s.withinSla()).isBetween(0, s.measuredAgainstSla());
        assertThat(s.measuredAgainstSla()).isEqualTo(finished.stream().filter(x -> x.sla() != null).count());
        if (s.slaCompliancePercent() != null) assertThat(s.slaCompliancePercent()).isBetween(0.0, 100.0);
        List<RollbackInsights.Insight> insights = new RollbackInsights().from(s);
        assertThat(insights.stream().filter(i -> !i.topic().startsWith("service:") && !List.of("sla", "approvals").contains(i.topic())))
                .extracting(RollbackInsights.Insight::topic).containsExactlyElementsOf(s.causes().stream().map(c -> c.cause().key()).toList());
    }
}
