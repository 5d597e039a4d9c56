package dev.rewind.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Severity;
import dev.rewind.model.StepAction;
import dev.rewind.model.VerificationPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionSentenceTest {
    private static final Instant AT = Instant.parse("2026-02-24T10:20:00Z");

    /** A step's outcome as the journal reads it back: its data, its detail, and when it started. */
    private static ActionLogEntry step(String action, String status, String detail, Duration took, Map<String, Object> data) {
        Map<String, Object> d = new LinkedHashMap<>(Map.of("phase", "Traffic", "step", "a-step", "attempt", 1, "started_at", AT.minus(took).toString()));
        if (detail != null) d.put("detail", detail);
        d.putAll(data);
        return new ActionLogEntry(action, status, AT, d);
    }

    private static ActionLogEntry event(String action, String status, String detail, Map<String, Object> data) {
        Map<String, Object> d = new LinkedHashMap<>(Map.of("attempt", 1));
        if (detail != null) d.put("detail", detail);
        d.putAll(data);
        return new ActionLogEntry(action, status, AT, d);
    }

    @Test
    void everyKindOfStepHasItsOwnSentence() {
        List<StepAction> kinds = List.of(new StepAction.ValidateTarget("shop", "2.3.1", List.of()), new StepAction.DisableFlag("f"),
                new StepAction.DrainTraffic("shop", "2.4.0"), new StepAction.SwitchTraffic("shop", "2.4.0", "2.3.1"),
                new StepAction.ShiftTraffic("shop", "2.4.0", "2.3.1", List.of(100), Duration.ZERO), new StepAction.Revert("shop", "2.4.0", "2.3.1"),
                new StepAction.Restart("shop", "2.3.1"), new StepAction.AwaitHealthy("shop", "2.3.1", Duration.ZERO),
                new StepAction.VerifyMetrics("shop", "2.3.1", VerificationPolicy.SEED_000), new StepAction.RunSmokeTests("shop", List.of()),
                new StepAction.ResumeTraffic("shop", "2.3.1"), new StepAction.ScaleDown("shop", "2.4.0"),
                new StepAction.RestoreDatabase("db", Map.of()), new StepAction.RestoreConfig("cfg", Map.of()),
                new StepAction.FlushCache("cache", Map.of()), new StepAction.Notify(Severity.LOW, "hi"),
                new StepAction.PauseSync("shop"), new StepAction.RevertInGit("shop", "2.4.0", "2.3.1"),
                new StepAction.ResumeSync("shop"), new StepAction.AwaitConvergence("shop", Duration.ZERO),
                new StepAction.CaptureState("versions", "shop", null, List.of()), new StepAction.VerifyBackup("db", "pre.dump", null),
                new StepAction.CheckRehearsal("op-1", null, Duration.ofDays(7)), new StepAction.ManualGate("go?", false),
                new StepAction.EnterMaintenance("shop", new dev.rewind.model.MaintenanceMode(dev.rewind.model.MaintenanceMode.Via.ROUTER, "maint")),
                new StepAction.ExitMaintenance("shop", new dev.rewind.model.MaintenanceMode(dev.rewind.model.MaintenanceMode.Via.FLAG, "m"), "2.3.1"));
        assertThat(kinds).extracting(Object::getClass).as("one of each StepAction kind")
                .containsExactlyInAnyOrderElementsOf(Arrays.asList(StepAction.class.getPermittedSubclasses()));

        kinds = new java.util.ArrayList<>(kinds);
        kinds.add(new StepAction.ManualGate("done by hand", true)); // its own journal name, MANUAL_STEP
        assertThat(kinds).allSatisfy(kind -> {
            ActionLogEntry e = step(kind.journalName(), "success", "done", Duration.ofMillis(5), Map.of());
            assertThat(ActionSentence.of(e)).as(kind.journalName()).isNotEqualTo(ActionSentence.fallback(e));
        });
    }

    @Test
    void everyJournalEventHasItsOwnSentence() {
        assertThat(List.of("ALERT", "ATTEMPT", "PAUSED", "RESUMED", "ABORTED", "ROLLBACK_FINISHED", "BATCH_RELEASE", "REGION",
                "COMPLETION_CRITERIA", "ESCALATION")).allSatisfy(action -> {
            ActionLogEntry e = event(action, "started", "x", Map.of());
            assertThat(ActionSentence.of(e)).as(action).isNotEqualTo(ActionSentence.fallback(e));
        });
    }

    @Test
    void saysWhatEachSuccessfulStepDidAndHowLongItTook() {
        assertThat(ActionSentence.of(step("TRAFFIC_SWITCHED", "success", "traffic 2.4.0 -> 2.3.1", Duration.ofMillis(13),
                Map.of("routes_before", Map.of("2.4.0", 100, "2.3.1", 0), "routes_after", Map.of("2.3.1", 100, "2.4.0", 0)))))
                .isEqualTo("traffic switched 2.4.0 → 2.3.1 (13 ms)");
        assertThat(ActionSentence.of(step("FLAG_DEACTIVATED", "success", "flag new-checkout OFF", Duration.ofMillis(3), Map.of("flag", "new-checkout"))))
                .isEqualTo("feature flag new-checkout turned off (3 ms)");
        assertThat(ActionSentence.of(step("METRICS_VERIFIED", "success", "normalized after 90s", Duration.ofSeconds(90),
                Map.of("normalized", true, "normalization_time_sec", 90))))
                .isEqualTo("metrics back at baseline after 90 s");
        assertThat(ActionSentence.of(step("REVERT", "success", "2.4.0 -> 2.3.1", Duration.ofMillis(2500), Map.of("from", "2.4.0", "to", "2.3.1"))))
                .isEqualTo("version reverted 2.4.0 → 2.3.1 (2.5 s)");
        assertThat(ActionSentence.of(step("TRAFFIC_SHIFTED", "success", "traffic back on 2.3.1 in 3 shifts", Duration.ofSeconds(60),
                Map.of("shifts", List.of(Map.of("2.3.1", 50, "2.4.0", 50), Map.of("2.3.1", 80, "2.4.0", 20), Map.of("2.3.1", 100, "2.4.0", 0))))))
                .isEqualTo("traffic shifted back to 2.3.1 in 3 steps (50%, 80%, 100%) (1 min)");
        assertThat(ActionSentence.of(step("TRAFFIC_RESUMED", "success", "100% of traffic on 2.3.1", Duration.ofMillis(19),
                Map.of("routes", Map.of("2.3.1", 100, "2.4.0", 0)))))
                .isEqualTo("all traffic back on 2.3.1 (19 ms)");
        assertThat(ActionSentence.of(step("SMOKE_TESTS", "success", "2/2 smoke tests passed", Duration.ofMillis(93),
                Map.of("tests", List.of(Map.of("name", "a"), Map.of("name", "b"))))))
                .isEqualTo("all 2 smoke tests passed (93 ms)");
        assertThat(ActionSentence.of(step("HEALTH_VERIFIED", "success", "1/1 instances ready", Duration.ofSeconds(125), Map.of())))
                .isEqualTo("health checks passed (1/1 instances ready) (2 min 5 s)");
    }

    @Test
    void aFailedSkippedOrInterruptedStepSaysSoWithTheJournalsReason() {
        assertThat(ActionSentence.of(step("REVERT", "failed", "IllegalStateException: rollout of 2.3.1 timed out", Duration.ofSeconds(4), Map.of())))
                .isEqualTo("the revert failed: IllegalStateException: rollout of 2.3.1 timed out (4 s)");
        assertThat(ActionSentence.of(step("TRAFFIC_DRAINED", "skipped", "not configured: no traffic router; the deployer moves traffic", Duration.ZERO, Map.of())))
                .isEqualTo("draining traffic skipped: not configured: no traffic router; the deployer moves traffic");
        assertThat(ActionSentence.of(step("TRAFFIC_SWITCHED", "interrupted", "all traffic 2.4.0 -> 2.3.1", Duration.ZERO, Map.of())))
                .isEqualTo("the traffic switch was interrupted: the process stopped while it ran");
    }

    @Test
    void journalEventsReadAsSentences() {
        assertThat(ActionSentence.of(event("ATTEMPT", "started", "attempt 2 of 3", Map.of()))).isEqualTo("attempt 2 of 3 started");
        assertThat(ActionSentence.of(event("ALERT", "critical", "Rollback initiated: shop 2.4.0 -> 2.3.1", Map.of("delivery", "sent"))))
                .isEqualTo("critical alert sent: Rollback initiated: shop 2.4.0 -> 2.3.1");
        assertThat(ActionSentence.of(event("ALERT", "high", "SLA breach", Map.of("delivery", "notifier failed: slack answered 500"))))
                .isEqualTo("high alert could not be sent (notifier failed: slack answered 500): SLA breach");
        assertThat(ActionSentence.of(event("ALERT", "low", "Rollback successful", Map.of("delivery", "not configured: no notifier; journaled only"))))
                .isEqualTo("low alert recorded (no notifier configured): Rollback successful");
        assertThat(ActionSentence.of(event("PAUSED", "paused", "paused by operator", Map.of()))).startsWith("paused by the operator");
        assertThat(ActionSentence.of(event("RESUMED", "resumed", "resumed by operator", Map.of()))).isEqualTo("resumed by the operator");
        assertThat(ActionSentence.of(event("ABORTED", "aborted", "operator: wrong environment", Map.of())))
                .isEqualTo("aborted by the operator: operator: wrong environment; no further step ran");
        assertThat(ActionSentence.of(event("ROLLBACK_FINISHED", "escalated", null, Map.of("attempts", 1))))
                .isEqualTo("rollback finished: escalated after 1 attempt");
        assertThat(ActionSentence.of(event("BATCH_RELEASE", "started", "payments 2.1.0 (2 of 3)", Map.of())))
                .isEqualTo("batch: rolling back payments 2.1.0 (2 of 3)");
        assertThat(ActionSentence.of(event("BATCH_RELEASE", "failed", "payments 2.1.0", Map.of())))
                .isEqualTo("batch: rollback of payments 2.1.0 ended failed");
    }

    @Test
    void anActionItDoesNotKnowFallsBackToItsNameStatusAndDetail() {
        ActionLogEntry e = step("DNS_FLUSHED", "success", "3 resolvers", Duration.ofMillis(40), Map.of());

        assertThat(ActionSentence.of(e)).isEqualTo("dns flushed: success (3 resolvers) (40 ms)");
    }

    @Test
    void olderJournalsWordsForSuccessReadAsSuccess() {
        assertThat(ActionSentence.of(new ActionLogEntry("METRICS_VERIFIED", "normalized", AT, Map.of("normalization_time_sec", 120))))
                .isEqualTo("metrics back at baseline after 120 s");
    }
}
