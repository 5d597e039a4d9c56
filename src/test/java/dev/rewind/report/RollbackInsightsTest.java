package dev.rewind.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed 001's rollback_causes and insights, and what else a history says. */
class RollbackInsightsTest {
    private static final Instant TO = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant FROM = TO.minus(Duration.ofDays(30));

    private static List<PastRollback> history(String service, String trigger, int n, Duration took) {
        List<PastRollback> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant at = FROM.plus(Duration.ofHours(1 + i));
            out.add(new PastRollback(service + trigger + i, service, "production", "1." + i, trigger, "success", false, at, at.plus(took), 60L,
                    Duration.ofMinutes(15)));
        }
        return out;
    }

    private static List<RollbackInsights.Insight> insights(List<PastRollback> rollbacks) {
        return new RollbackInsights().from(new RollbackStatistics().compute(List.of(), rollbacks, FROM, TO));
    }

    @Test
    void seed001sCausesComeMostFrequentFirstWithTheirQualityGates() {
        List<PastRollback> all = new ArrayList<>();
        all.addAll(history("shop", "error_rate", 12, Duration.ofMinutes(3)));
        all.addAll(history("shop", "memory", 5, Duration.ofMinutes(3)));
        all.addAll(history("shop", "performance", 3, Duration.ofMinutes(3)));
        all.addAll(history("shop", "db_connection_errors", 2, Duration.ofMinutes(3)));

        var stats = new RollbackStatistics().compute(List.of(), all, FROM, TO);
        List<String> texts = new RollbackInsights().from(stats).stream().map(RollbackInsights.Insight::text).toList();

        assertThat(RollbackInsights.causes(stats)).containsExactly(java.util.Map.entry("error_rate_spike", 12), java.util.Map.entry("memory_leak", 5),
                java.util.Map.entry("performance_degradation", 3), java.util.Map.entry("database_issues", 2));
        assertThat(texts.get(0)).startsWith("Error rate spikes: Add more E2E tests for error handling");
        assertThat(texts.get(1)).startsWith("Memory leaks: Add memory profiling to testing gate");
        assertThat(texts.get(2)).startsWith("Performance: Add load testing to performance gate");
        assertThat(texts.get(3)).startsWith("Database issues:");
    }

    @Test
    void triggerNamesMapToCausesByWhatTheySay() {
        assertThat(RollbackCause.of("error_rate")).isEqualTo(RollbackCause.ERROR_RATE_SPIKE);
        assertThat(RollbackCause.of("db_connection_errors")).as("a database problem, though it counts errors").isEqualTo(RollbackCause.DATABASE_ISSUES);
        assertThat(RollbackCause.of("health_check_failures")).isEqualTo(RollbackCause.HEALTH_CHECK_FAILURES);
        assertThat(RollbackCause.of("p95_latency_ms")).isEqualTo(RollbackCause.PERFORMANCE_DEGRADATION);
        assertThat(RollbackCause.of("memory_usage_percent")).isEqualTo(RollbackCause.MEMORY_LEAK);
        assertThat(RollbackCause.of("manual")).isEqualTo(RollbackCause.MANUAL);
        assertThat(RollbackCause.of(null)).isEqualTo(RollbackCause.MANUAL);
        assertThat(RollbackCause.of("checkout_conversion")).isEqualTo(RollbackCause.OTHER);
    }

    @Test
    void aServiceThatRollsBackMostIsNamedAndRollbacksOverTheirSlaAreCounted() {
        List<PastRollback> all = new ArrayList<>();
        all.addAll(history("cart", "error_rate", 3, Duration.ofMinutes(20)));
        all.addAll(history("shop", "memory", 1, Duration.ofMinutes(3)));

        List<RollbackInsights.Insight> out = insights(all);

        assertThat(out).anySatisfy(i -> assertThat(i.text()).startsWith("cart rolled back 3 times, more than any other service"));
        assertThat(out).anySatisfy(i -> assertThat(i.text()).startsWith("SLA: 3 of 4 rollbacks took longer than their SLA"));
    }

    @Test
    void evenServicesNameNoHotSpotAndAnEmptyHistoryHasNothingToSay() {
        List<PastRollback> all = new ArrayList<>();
        all.addAll(history("cart", "error_rate", 2, Duration.ofMinutes(3)));
        all.addAll(history("shop", "error_rate", 2, Duration.ofMinutes(3)));

        assertThat(insights(all)).noneSatisfy(i -> assertThat(i.topic()).startsWith("service:"));
        assertThat(insights(List.of())).isEmpty();
    }
}
