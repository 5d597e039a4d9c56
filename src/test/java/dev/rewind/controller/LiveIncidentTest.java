package dev.rewind.controller;

import dev.rewind.config.ConfigLoader;
import dev.rewind.replay.ReleaseEvaluation;

import static dev.rewind.controller.ShopIncident.CANDIDATE;
import static dev.rewind.controller.ShopIncident.DEPLOY;
import static dev.rewind.controller.ShopIncident.ENVIRONMENT;
import static dev.rewind.controller.ShopIncident.FLAG;
import static dev.rewind.controller.ShopIncident.SERVICE;
import static dev.rewind.controller.ShopIncident.STABLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Decision;
import dev.rewind.model.Finding;
import dev.rewind.model.RollbackStatus;
import dev.rewind.model.Severity;
import dev.rewind.model.Trigger;
import dev.rewind.store.AuditEntry;
import dev.rewind.store.ReleaseRecord;
import dev.rewind.store.ReleaseStatus;
import dev.rewind.store.RollbackRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Seed 001's policy at its real timescales (checks every 60 s, 5- and 10-minute windows, 2-minute settle, 5-minute
 * limit) through ReleaseWatcher and RollbackPipeline on a manual clock: half-hour incidents in milliseconds.
 */
class LiveIncidentTest {
    private static final List<String> IMMEDIATE_STEPS = List.of("FLAG_DEACTIVATED", "TRAFFIC_SWITCHED", "REVERT", "HEALTH_VERIFIED",
            "METRICS_VERIFIED", "TRAFFIC_RESUMED", "FAILED_VERSION_SCALED_DOWN");

    @TempDir
    Path dir;

    @Test
    void runsOnSeed001sRealTimescales() {
        var policy = new ShopIncident(dir, Fault.NONE).policy;
        assertThat(policy.checkInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.baselineWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.triggers()).filteredOn(t -> t.name().equals("memory")).extracting(Trigger::window).containsExactly(Duration.ofMinutes(10));
        assertThat(policy.triggers()).filteredOn(t -> t.name().equals("error_rate")).extracting(Trigger::window).containsExactly(Duration.ofMinutes(5));
        assertThat(policy.verification().settle()).isEqualTo(Duration.ofMinutes(2));
        assertThat(policy.verification().limit()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void rollsBackAMemoryLeakWhenItsTenMinuteMeanCrossesNinetyPercentAndVerifiesTwoPointThreeOne() throws Exception {
        ShopIncident incident = new ShopIncident(dir, Fault.MEMORY_LEAK).deploy();
        Instant expected = Expected.firstCheckOver(DEPLOY, Duration.ofSeconds(60), Duration.ofMinutes(10), 90, Duration.ofHours(1),
                s -> 68 + s / 60.0);
        assertThat(expected).isEqualTo(DEPLOY.plus(Duration.ofMinutes(27)));

        ReleaseWatcher.Outcome outcome = incident.watch(Duration.ofHours(1));

        Decision.Rollback decision = (Decision.Rollback) outcome.decision();
        assertThat(decision.at()).isEqualTo(expected);
        assertThat(outcome.checks()).isEqualTo(27);
        assertThat(decision.immediate()).isTrue();
        Finding memory = onlyFinding(decision);
        assertThat(memory.trigger()).isEqualTo("memory");
        assertThat(memory.current()).isCloseTo(68 + (17 + 1 / 6.0 + 27) / 2, org.assertj.core.data.Offset.offset(1e-9));

        RollbackPipeline.Done done = incident.rollBack(decision);

        assertSuccessfulRollback(incident, done, expected, "memory");
        assertThat(incident.time.now()).isEqualTo(DEPLOY.plus(Duration.ofMinutes(29)));
        assertThat(incident.world.now().running()).containsExactly(STABLE);
    }

    @ParameterizedTest(name = "flag switched on {0} min after the deploy")
    @ValueSource(ints = {0, 3, 7})
    void rollsBackAnErrorSpikeAtTheFirstCheckWhoseFiveMinuteMeanIsOverTwiceTheBaseline(int flagOnAfterMinutes) throws Exception {
        // the seed's rule, as its own config writes it (the defaults would judge error_rate by the sequential test)
        ShopIncident incident = new ShopIncident(dir, Fault.ERROR_SPIKE, ReleaseEvaluation.windowRulesOnly(ConfigLoader.defaults().policy()));
        Instant flagOn = DEPLOY.plus(Duration.ofMinutes(flagOnAfterMinutes));
        incident.deployDark(flagOn);
        double base = ShopMetrics.ERROR_RATE;
        Instant expected = Expected.firstCheckOver(DEPLOY, Duration.ofSeconds(60), Duration.ofMinutes(5), 2 * base, Duration.ofMinutes(30),
                s -> DEPLOY.plusSeconds(s).isAfter(flagOn) ? ShopMetrics.FAULTY_ERROR_RATE : base);

        ReleaseWatcher.Outcome outcome = incident.watch(Duration.ofMinutes(30));

        Decision.Rollback decision = (Decision.Rollback) outcome.decision();
        assertThat(decision.at()).isEqualTo(expected).isEqualTo(flagOn.plusSeconds(60));
        Finding errors = onlyFinding(decision);
        assertThat(errors.trigger()).isEqualTo("error_rate");
        assertThat(errors.baseline()).isCloseTo(base, org.assertj.core.data.Offset.offset(1e-9));
        // at least twice the baseline: live, the detector's event-count margin may raise it (see the report)
        assertThat(errors.threshold()).isGreaterThanOrEqualTo(2 * base - 1e-9).isLessThan(errors.current());
        assertThat(incident.checks).allSatisfy(c -> assertThat(c.decision() instanceof Decision.KeepWatching).isEqualTo(c.at().isBefore(expected)));

        RollbackPipeline.Done done = incident.rollBack(decision);

        assertSuccessfulRollback(incident, done, expected, "error_rate");
    }

    @Test
    void rollsBackASlowReleaseAfterValidatingTheTargetFirstBecauseHighSeverityIsNotImmediate() {
        ShopIncident incident = new ShopIncident(dir, Fault.LATENCY).deploy();

        Decision.Rollback decision = (Decision.Rollback) incident.watch(Duration.ofMinutes(30)).decision();

        assertThat(decision.at()).isEqualTo(DEPLOY.plusSeconds(60));
        assertThat(decision.immediate()).isFalse();
        assertThat(onlyFinding(decision).trigger()).isEqualTo("latency");
        assertThat(onlyFinding(decision).current()).isEqualTo(ShopMetrics.P95 * ShopMetrics.SLOW_FACTOR);
        RollbackPipeline.Done done = incident.rollBack(decision);
        assertThat(done.result().status()).isEqualTo(RollbackStatus.SUCCESS);
        assertThat(steps(done.result().actionsLog())).first().isEqualTo("VALIDATION_GATES");
        assertThat(steps(done.result().actionsLog()).subList(1, 8)).isEqualTo(IMMEDIATE_STEPS);
    }

    @Test
    void watchesAHealthyReleaseForHalfAnHourWithoutRollingBackOrMarkingAnythingFailed() {
        ShopIncident incident = new ShopIncident(dir, Fault.NONE).deploy();

        ReleaseWatcher.Outcome outcome = incident.watch(Duration.ofMinutes(30));

        assertThat(outcome.acts()).isFalse();
        assertThat(outcome.checks()).isEqualTo(30);
        assertThat(outcome.decision().at()).isEqualTo(DEPLOY.plus(Duration.ofMinutes(30)));
        assertThat(incident.checks).extracting(c -> c.decision().code()).containsOnly("no_rollback");
        assertThat(incident.store.releases().list(SERVICE, ENVIRONMENT)).extracting(ReleaseRecord::status)
                .doesNotContain(ReleaseStatus.FAILED, ReleaseStatus.ROLLED_BACK);
        assertThat(incident.store.releases().current(SERVICE, ENVIRONMENT)).map(ReleaseRecord::version).contains(CANDIDATE);
        assertThat(incident.store.history().list(10)).isEmpty();
        assertThat(incident.world.now().routes().percent(CANDIDATE)).isEqualTo(100);
        assertThat(incident.world.isEnabled(FLAG)).isTrue();
    }

    @Test
    void failsWithACriticalAlertWhenASharedOutageKeepsTheMetricsBadUntilExactlyTheVerificationLimit() throws Exception {
        ShopIncident incident = new ShopIncident(dir, Fault.NONE);
        incident.world.dependencyOutageFrom(DEPLOY.plus(Duration.ofMinutes(4)));
        incident.deploy();

        Decision.Rollback decision = (Decision.Rollback) incident.watch(Duration.ofMinutes(30)).decision();
        assertThat(decision.at()).isEqualTo(DEPLOY.plus(Duration.ofMinutes(5)));
        assertThat(decision.immediate()).as("a critical error rate skips the validation gates").isTrue();
        RollbackPipeline.Done done = incident.rollBack(decision);

        assertThat(done.result().status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(done.result().metricsNormalized()).isFalse();
        assertThat(incident.world.currentVersion(SERVICE)).isEqualTo(STABLE);
        ActionLogEntry verified = action(done.result().actionsLog(), "METRICS_VERIFIED");
        assertThat(verified.status()).isEqualTo("failed");
        Instant started = Instant.parse((String) verified.details().get("started_at"));
        assertThat(Duration.between(started, verified.timestamp())).isEqualTo(incident.policy.verification().limit());
        assertThat(incident.alerts).anySatisfy(a -> {
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.title()).contains("did not normalize").contains(STABLE);
            assertThat(a.at()).isEqualTo(verified.timestamp());
        });
        Map<String, Object> yaml = resultYaml(done);
        assertThat(yaml).containsEntry("status", "failed").containsEntry("metrics_normalized", false);
        assertThat(incident.store.releases().list(SERVICE, ENVIRONMENT)).filteredOn(r -> r.version().equals(CANDIDATE))
                .extracting(ReleaseRecord::status).containsExactly(ReleaseStatus.FAILED);
        RollbackRecord row = incident.store.history().find(done.id()).orElseThrow();
        assertThat(row.status()).isEqualTo("failed");
        assertThat(row.finishedAt()).isEqualTo(verified.timestamp());
        assertThat(row.result()).containsEntry("metrics_normalized", false).doesNotContainKey("normalization_time_sec");
    }

    @Test
    void escalatesAsASystemicIssueWithoutTouchingAnythingWhenTwoPointThreeOneIsUnhealthyToo() throws Exception {
        ShopIncident incident = new ShopIncident(dir, Fault.NONE);
        Instant slowFrom = DEPLOY.plus(Duration.ofMinutes(4));
        incident.world.dependencySlowFrom(slowFrom);
        incident.deploy();
        List<String> callsBefore = List.copyOf(incident.world.calls);
        Instant expected = Expected.firstCheckOver(DEPLOY, Duration.ofSeconds(60), Duration.ofMinutes(5), 1.5 * ShopMetrics.P95,
                Duration.ofMinutes(30), s -> DEPLOY.plusSeconds(s).isAfter(slowFrom) ? ShopMetrics.P95 * ShopMetrics.SLOW_FACTOR : ShopMetrics.P95);

        Decision.Rollback decision = (Decision.Rollback) incident.watch(Duration.ofMinutes(30)).decision();
        assertThat(decision.at()).isEqualTo(expected).isEqualTo(DEPLOY.plus(Duration.ofMinutes(8)));
        assertThat(onlyFinding(decision).trigger()).isEqualTo("latency");
        assertThat(decision.immediate()).as("high severity runs the validation gates").isFalse();
        RollbackPipeline.Done done = incident.rollBack(decision);

        assertThat(done.result().status()).isEqualTo(RollbackStatus.ESCALATED);
        assertThat(done.result().attempts()).isEqualTo(1);
        assertThat(steps(done.result().actionsLog())).containsExactly("VALIDATION_GATES");
        assertThat(action(done.result().actionsLog(), "VALIDATION_GATES").details().get("detail"))
                .asString().contains("2.3.1 is unhealthy too", "the database times out");
        assertThat(incident.world.calls).as("nothing changed: flag, routes and version stay").isEqualTo(callsBefore);
        assertThat(incident.world.isEnabled(FLAG)).isTrue();
        assertThat(incident.world.currentVersion(SERVICE)).isEqualTo(CANDIDATE);
        assertThat(incident.alerts).anySatisfy(a -> {
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.title()).isEqualTo("Systemic issue: previous version " + STABLE + " is unhealthy too");
        });
        assertThat(resultYaml(done)).containsEntry("status", "escalated").containsEntry("metrics_normalized", false);
        assertThat(incident.store.history().find(done.id()).orElseThrow().status()).isEqualTo("escalated");
    }

    /** Everything a successful immediate rollback must leave behind, read back from disk and the database. */
    private static void assertSuccessfulRollback(ShopIncident incident, RollbackPipeline.Done done, Instant decidedAt, String trigger) throws Exception {
        var result = done.result();
        assertThat(result.status()).isEqualTo(RollbackStatus.SUCCESS);
        assertThat(steps(result.actionsLog())).isEqualTo(IMMEDIATE_STEPS);
        assertThat(action(result.actionsLog(), "FLAG_DEACTIVATED").timestamp()).isEqualTo(decidedAt);
        Instant verifiedAt = decidedAt.plus(Duration.ofMinutes(2));
        assertThat(action(result.actionsLog(), "METRICS_VERIFIED").timestamp()).isEqualTo(verifiedAt);
        assertThat(incident.world.calls).containsSubsequence("disable " + FLAG, "setRoutes {" + STABLE + "=100, " + CANDIDATE + "=0}",
                "deploy " + STABLE, "scaleDown " + CANDIDATE);

        Map<String, Object> yaml = resultYaml(done);
        assertThat(yaml).containsEntry("status", "success").containsEntry("reverted_to", STABLE).containsEntry("flag_deactivated", true)
                .containsEntry("metrics_normalized", true).containsEntry("normalization_time_sec", 120);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> log = (List<Map<String, Object>>) yaml.get("actions_log");
        assertThat(log.stream().map(a -> (String) a.get("action")).filter(IMMEDIATE_STEPS::contains).toList()).isEqualTo(IMMEDIATE_STEPS);
        @SuppressWarnings("unchecked")
        Map<String, Object> diagnosis = (Map<String, Object>) yaml.get("diagnosis");
        assertThat((String) diagnosis.get("trigger")).startsWith(trigger + " exceeded threshold");
        assertThat(diagnosis).containsEntry("detected_at", decidedAt.toString());
        assertThat(Files.readString(dir(done).resolve("rollback_result.yaml"))).isEqualTo(Files.readString(done.report().resultYaml()));

        RollbackRecord row = incident.store.history().find(done.id()).orElseThrow();
        assertThat(row.status()).isEqualTo("success");
        assertThat(row.fromVersion()).isEqualTo(CANDIDATE);
        assertThat(row.toVersion()).isEqualTo(STABLE);
        assertThat(row.trigger()).isEqualTo(trigger);
        assertThat(row.startedAt()).isEqualTo(decidedAt);
        assertThat(row.finishedAt()).isEqualTo(verifiedAt);

        List<AuditEntry> audit = incident.store.audit().entries();
        assertThat(audit).extracting(AuditEntry::action).containsExactly("rollback.started", "rollback.finished");
        assertThat(audit).allSatisfy(e -> assertThat(e.detail()).contains("id=" + done.id()));
        assertThat(audit.getLast().detail()).contains("status=success", "reverted_to=" + STABLE);
        assertThat(incident.store.audit().verify().intact()).isTrue();

        assertThat(incident.store.releases().list(SERVICE, ENVIRONMENT)).extracting(ReleaseRecord::version, ReleaseRecord::status)
                .contains(org.assertj.core.groups.Tuple.tuple(CANDIDATE, ReleaseStatus.ROLLED_BACK),
                        org.assertj.core.groups.Tuple.tuple(STABLE, ReleaseStatus.CURRENT));
        assertThat(incident.world.isEnabled(FLAG)).isFalse();
        assertThat(incident.world.currentVersion(SERVICE)).isEqualTo(STABLE);
        assertThat(incident.world.routes().percent(STABLE)).isEqualTo(100);
    }

    private static Path dir(RollbackPipeline.Done done) {
        return done.report().resultYaml().getParent().getParent();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resultYaml(RollbackPipeline.Done done) throws Exception {
        Map<String, Object> root = YAMLMapper.builder().build().readValue(Files.readString(done.report().resultYaml()), Map.class);
        return (Map<String, Object>) root.get("rollback_result");
    }

    static List<String> steps(List<ActionLogEntry> log) {
        return log.stream().filter(a -> a.details().containsKey("step")).map(ActionLogEntry::action).toList();
    }

    static ActionLogEntry action(List<ActionLogEntry> log, String name) {
        return log.stream().filter(a -> a.action().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + log));
    }

    private static Finding onlyFinding(Decision decision) {
        assertThat(decision.findings()).hasSize(1);
        return decision.findings().getFirst();
    }
}
