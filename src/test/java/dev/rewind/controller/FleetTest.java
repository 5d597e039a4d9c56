package dev.rewind.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.act.Actuators;
import dev.rewind.act.Strategy;
import dev.rewind.config.ConfigLoader;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.model.AutomationLevel;
import dev.rewind.model.BadInputException;
import dev.rewind.model.ConflictException;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.Trigger;
import dev.rewind.model.VerificationPolicy;
import dev.rewind.store.Incidents;
import dev.rewind.store.ReleaseStatus;
import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackRecord;
import dev.rewind.time.ManualTimeSource;
import dev.rewind.verify.MetricVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server mode's engine on a manual clock: the simulated shop, seed 001's policy at its real time scales, checks and
 * rollbacks run inline (direct executors), so a day of watching replays in milliseconds.
 */
class FleetTest {
    private static final Instant START = Instant.parse("2026-02-24T09:00:00Z");

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(START);
    private final List<String> events = new ArrayList<>();

    private final class Shop {
        final ShopWorld world;
        final ShopMetrics metrics;
        final RewindStore store;
        final Fleet fleet;

        Shop(Fault fault, RollbackPolicy policy, FleetSettings settings) {
            world = new ShopWorld(time, "shop", "2.3.1").build("2.3.1", Fault.NONE, null).build("2.4.0", fault, "new-checkout");
            metrics = new ShopMetrics(world);
            store = RewindStore.open(dir.resolve("rewind.db"), time.clock());
            EnvironmentConfig cfg = new EnvironmentConfig("production", "shop", "blue_green", true, "new-checkout", null, null, null, null, null,
                    List.of(), List.of(), "rewind.yaml", 1);
            Actuators actuators = Actuators.none().withFlags(world).withRouter(world).withDeployer(world).withHealth(world)
                    .withMetrics(new MetricVerifier(metrics, time, policy.checkInterval()));
            FleetEnvironment env = new FleetEnvironment(cfg, Strategy.BLUE_GREEN, Optional.of(metrics), actuators, policy);
            fleet = new Fleet(store, time, Map.of("production", env), settings, Runnable::run, Runnable::run, new FleetListener() {
                @Override
                public void rollback(String id, String status, Map<String, Object> fields) {
                    events.add(status);
                }

                @Override
                public void incident(Incidents.Incident incident, boolean opened) {
                    events.add(opened ? "incident opened" : "incident joined");
                }
            });
            store.releases().register(new dev.rewind.model.Release("shop", "production", "2.3.1", "2.2.0", time.now(), List.of(), null, 100, null));
        }

        Shop(Fault fault) {
            this(fault, ConfigLoader.defaults().policy(), FleetSettings.defaults(dir.resolve("out")));
        }

        /** 2.4.0 goes out at the top of the hour: the world switches, the fleet is told. */
        Fleet.Registered deploy() {
            time.advance(Duration.ofHours(1));
            world.release("2.4.0", "2.3.1");
            return fleet.register(new Registration("production", "2.4.0", null, time.now(), List.of(), null, ""), null, "ci-bot");
        }

        void run(Duration d) {
            Instant end = time.now().plus(d);
            while (time.now().isBefore(end)) {
                time.advance(Duration.ofSeconds(10));
                fleet.tick();
            }
        }
    }

    @Test
    void aRegisteredReleaseThatFailsIsRolledBackByTheFleetAndItsIncidentClosed() {
        Shop shop = new Shop(Fault.ERROR_SPIKE);
        Fleet.Registered reg = shop.deploy();

        shop.run(Duration.ofMinutes(10));

        assertThat(reg.watched()).isTrue();
        assertThat(reg.release().previousVersion()).isEqualTo("2.3.1");
        List<RollbackRecord> rows = shop.store.history().list(10);
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("success");
            assertThat(r.trigger()).isEqualTo("error_rate");
            assertThat(r.incidentId()).isNotNull();
        });
        assertThat(shop.world.routes().percent("2.3.1")).isEqualTo(100);
        assertThat(shop.store.incidents().list(null, 10)).singleElement().satisfies(i -> {
            assertThat(i.status()).isEqualTo(Incidents.CLOSED);
            assertThat(i.rollbackId()).isEqualTo(rows.getFirst().id());
        });
        assertThat(shop.fleet.watching()).isEmpty();
        assertThat(events).containsSubsequence("incident opened", "running", "success");
    }

    @Test
    void aHealthyReleaseLeavesItsWatchAfterTheWatchAndBecomesTheStableBaseline() {
        Shop shop = new Shop(Fault.NONE, ConfigLoader.defaults().policy(),
                new FleetSettings(Duration.ofHours(24), Duration.ofMinutes(15), FleetSettings.OnApprovalTimeout.ESCALATE, dir.resolve("out")));
        shop.deploy();

        shop.run(Duration.ofHours(23));
        assertThat(shop.fleet.watching()).hasSize(1);
        shop.run(Duration.ofHours(1).plusMinutes(2));

        assertThat(shop.fleet.watching()).isEmpty();
        assertThat(shop.store.history().list(10)).isEmpty();
        assertThat(shop.store.releases().current("shop", "production")).hasValueSatisfying(r -> {
            assertThat(r.version()).isEqualTo("2.4.0");
            assertThat(r.watchUntil()).isNull();
        });
        assertThat(shop.store.audit().entries()).extracting(e -> e.action()).contains("release.registered", "release.verified");
    }

    @Test
    void aSemiAutomaticFindingPreparesTheRollbackAndWaitsUntilSomeoneApproves() {
        RollbackPolicy seed = ConfigLoader.defaults().policy();
        List<Trigger> semi = seed.triggers().stream().map(t -> t.name().equals("error_rate")
                ? new Trigger(t.name(), t.metric(), t.comparison(), t.threshold(), t.aggregation(), t.window(), t.holdFor(), t.consecutive(),
                t.severity(), AutomationLevel.SEMI) : t).toList();
        Shop shop = new Shop(Fault.ERROR_SPIKE, seed.withTriggers(semi), FleetSettings.defaults(dir.resolve("out")));
        shop.deploy();

        shop.run(Duration.ofMinutes(10));

        RollbackRecord waiting = shop.store.history().list(10).getFirst();
        assertThat(waiting.status()).isEqualTo("awaiting_approval");
        assertThat(waiting.approval()).containsKeys("requested_at", "expires_at");
        assertThat(shop.world.routes().percent("2.4.0")).as("nothing acted before the approval").isEqualTo(100);
        assertThat(shop.fleet.live()).containsEntry(waiting.id(), "awaiting_approval");

        shop.fleet.approve(waiting.id(), "alice", "checkout errors confirmed");

        RollbackRecord done = shop.store.history().find(waiting.id()).orElseThrow();
        assertThat(done.status()).isEqualTo("success");
        assertThat(done.approval()).containsEntry("decision", "approved").containsEntry("decided_by", "alice").containsKey("decided_at");
        assertThat(shop.world.routes().percent("2.3.1")).isEqualTo(100);
        assertThat(shop.store.audit().entries()).extracting(e -> e.actor() + " " + e.action())
                .contains("rewind rollback.approval_requested", "alice rollback.approved", "alice rollback.finished");
        assertThat(shop.store.journal().actionsLog(waiting.id())).extracting(e -> e.action() + " " + e.details().get("detail"))
                .first().isEqualTo("APPROVED by alice: checkout errors confirmed");
        assertThat(readReport(waiting.id())).as("the incident report says who approved").contains("APPROVED", "by alice: checkout errors confirmed");
        assertThatThrownBy(() -> shop.fleet.approve(waiting.id(), "bob", null)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("not waiting for approval");
    }

    @Test
    void aDeniedRollbackEndsAbortedWithoutTouchingAnything() {
        RollbackPolicy seed = ConfigLoader.defaults().policy();
        Shop shop = new Shop(Fault.ERROR_SPIKE, seed.withTriggers(seed.triggers().stream().map(t -> new Trigger(t.name(), t.metric(), t.comparison(),
                t.threshold(), t.aggregation(), t.window(), t.holdFor(), t.consecutive(), t.severity(), AutomationLevel.SEMI)).toList()),
                FleetSettings.defaults(dir.resolve("out")));
        shop.deploy();
        shop.run(Duration.ofMinutes(10));
        String id = shop.store.history().list(10).getFirst().id();

        shop.fleet.deny(id, "bob", "a fix is going out in five minutes");

        assertThat(shop.store.history().find(id).orElseThrow().status()).isEqualTo("aborted");
        assertThat(shop.world.routes().percent("2.4.0")).isEqualTo(100);
        assertThat(shop.store.audit().verify().intact()).isTrue();
    }

    @Test
    void anApprovalNobodyGivesIsEscalatedAtItsTimeoutAndStillWaits() {
        RollbackPolicy seed = ConfigLoader.defaults().policy();
        Shop shop = new Shop(Fault.ERROR_SPIKE, seed.withTriggers(seed.triggers().stream().map(t -> new Trigger(t.name(), t.metric(), t.comparison(),
                t.threshold(), t.aggregation(), t.window(), t.holdFor(), t.consecutive(), t.severity(), AutomationLevel.SEMI)).toList()),
                new FleetSettings(Duration.ofHours(24), Duration.ofMinutes(15), FleetSettings.OnApprovalTimeout.ESCALATE, dir.resolve("out")));
        shop.deploy();
        shop.run(Duration.ofMinutes(10));
        String id = shop.store.history().list(10).getFirst().id();

        shop.run(Duration.ofMinutes(20));

        assertThat(shop.store.audit().entries()).extracting(e -> e.action()).contains("rollback.approval_escalated");
        assertThat(shop.store.history().find(id).orElseThrow().status()).isEqualTo("awaiting_approval");
        assertThat(shop.store.journal().actionsLog(id)).extracting(e -> e.action()).containsExactly("APPROVAL_ESCALATED");
    }

    private String readReport(String rollbackId) {
        try {
            return java.nio.file.Files.readString(dir.resolve("out").resolve(rollbackId).resolve("incident-report.md"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void withAutoRollbackSwitchedOffTheFindingIsRecordedAndNothingActsUntilTheSwitchExpires() {
        Shop shop = new Shop(Fault.ERROR_SPIKE);
        shop.fleet.autoRollback("shop", false, "risky schema change, watching by hand", time.now().plus(Duration.ofHours(3)), "alice");
        shop.deploy();

        shop.run(Duration.ofMinutes(10));

        assertThat(shop.store.history().list(10)).isEmpty();
        assertThat(shop.world.routes().percent("2.4.0")).isEqualTo(100);
        assertThat(shop.store.incidents().list(null, 10)).singleElement().satisfies(i -> assertThat(i.decision()).isEqualTo("suppressed"));
        assertThat(shop.store.audit().entries()).extracting(e -> e.actor() + " " + e.action())
                .contains("alice auto_rollback.disabled", "rewind rollback.suppressed");

        shop.run(Duration.ofHours(2));

        assertThat(shop.store.history().list(10)).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo("success"));
    }

    /** The policy's {@code enabled: false} is read by the engine itself: the fleet decides, records, and leaves the world alone. */
    @Test
    void withThePolicyDisabledAFailingReleaseIsReportedAndNoActuatorIsCalled() {
        RollbackPolicy on = ConfigLoader.defaults().policy();
        RollbackPolicy off = new RollbackPolicy(false, on.checkInterval(), on.baselineWindow(), on.triggers(), on.maxRollbackAttempts(),
                on.healthCheckTimeout(), on.rollbackTimeout(), on.verification());
        Shop shop = new Shop(Fault.ERROR_SPIKE, off, FleetSettings.defaults(dir.resolve("out")));
        shop.deploy();
        List<String> callsAfterDeploy = List.copyOf(shop.world.calls);

        shop.run(Duration.ofMinutes(30));

        assertThat(shop.store.incidents().list(null, 10)).as("the fault was seen").singleElement()
                .satisfies(i -> assertThat(i.decision()).isEqualTo("suppressed"));
        assertThat(shop.world.calls).as("no actuator call after the deploy").isEqualTo(callsAfterDeploy);
        assertThat(shop.world.routes().percent("2.4.0")).isEqualTo(100);
        assertThat(shop.world.isEnabled("new-checkout")).isTrue();
        assertThat(shop.store.history().list(10)).isEmpty();
        assertThat(shop.store.audit().entries()).extracting(e -> e.action()).contains("rollback.suppressed").doesNotContain("rollback.started");
    }

    @Test
    void aManualProductionRollbackNeedsAReasonAndASecondOneWhileTheFirstRunsIsAConflict() {
        Shop shop = new Shop(Fault.NONE);
        shop.deploy();

        assertThatThrownBy(() -> shop.fleet.rollback(new Fleet.ManualRollback("production", null, " ", false, false, "alice")))
                .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.field()).isEqualTo("reason"));
        Fleet.Ticket dry = shop.fleet.rollback(new Fleet.ManualRollback("production", null, "checking the plan", false, true, "alice"));
        assertThat(dry.status()).isEqualTo("dry_run");
        assertThat(dry.to()).isEqualTo("2.3.1");
        assertThat(dry.plan().steps()).extracting(s -> s.id()).contains("switch-traffic");
        assertThat(shop.store.history().list(10)).isEmpty();

        Fleet.Ticket t = shop.fleet.rollback(new Fleet.ManualRollback("production", null, "support sees 500s", false, false, "alice"));

        assertThat(shop.store.history().find(t.id()).orElseThrow().status()).isEqualTo("success");
        assertThat(shop.store.releases().current("shop", "production")).map(r -> r.version()).contains("2.3.1");
        assertThat(shop.store.releases().find("shop", "production", "2.4.0")).map(r -> r.status()).contains(ReleaseStatus.ROLLED_BACK);
    }

    @Test
    void anOperatorCannotChooseTheImageOrAVersionNobodyHasSeen() {
        // A6: {"to":"alpine:3.19"} deployed (or committed) an arbitrary image; an unknown tag was deployed too
        Shop shop = new Shop(Fault.NONE);
        shop.deploy();

        for (String ref : List.of("alpine:3.19", "evil.example/shop:2.3.1", "shop@sha256:abc")) {
            assertThatThrownBy(() -> shop.fleet.rollback(new Fleet.ManualRollback("production", ref, "why", false, false, "mallory")))
                    .as(ref).isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.field()).isEqualTo("to"))
                    .hasMessageContaining("no ':' '/' '@'");
        }
        assertThatThrownBy(() -> shop.fleet.rollback(new Fleet.ManualRollback("production", "9.9.9", "why", false, false, "mallory")))
                .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.field()).isEqualTo("to"))
                .hasMessageContaining("not a release of shop in production that Rewind has recorded");
        assertThat(shop.store.history().list(10)).as("nothing ran").isEmpty();

        Fleet.Ticket dry = shop.fleet.rollback(new Fleet.ManualRollback("production", "2.3.1", "a recorded release", false, true, "alice"));
        assertThat(dry.to()).isEqualTo("2.3.1");
    }

    @Test
    void registrationsAreCheckedBeforeAnythingIsStored() {
        Shop shop = new Shop(Fault.NONE);

        assertThatThrownBy(() -> shop.fleet.register(new Registration("staging", "2.4.0", null, null, List.of(), null, "releases[0]"), null, "ci"))
                .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.field()).isEqualTo("releases[0].environment"));
        assertThatThrownBy(() -> new Registration("production", "2.4.0; rm -rf /", null, null, List.of(), null, ""))
                .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.field()).isEqualTo("version"));
        assertThatThrownBy(() -> shop.fleet.register(new Registration("production", "2.4.0", null, time.now().plus(Duration.ofHours(2)), List.of(), null, ""),
                null, "ci")).isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.field()).isEqualTo("deployed_at"));
        assertThat(shop.store.releases().list("shop", "production")).extracting(r -> r.version()).containsExactly("2.3.1");
    }

    @Test
    void closingStopsARunningRollbackBetweenStepsAndTheNextStartResumesItFromTheJournal() {
        Shop shop = new Shop(Fault.ERROR_SPIKE);
        List<Runnable> parked = new ArrayList<>();
        // rollbacks do not run until the test lets them: the fleet closes first, as on SIGTERM
        Fleet fleet = new Fleet(shop.store, time, shop.fleet.environments(), shop.fleet.settings(), Runnable::run, parked::add, FleetListener.NONE);
        time.advance(Duration.ofHours(1));
        shop.world.release("2.4.0", "2.3.1");
        fleet.register(new Registration("production", "2.4.0", null, time.now(), List.of(), null, ""), null, "ci");
        for (int i = 0; i < 60 && parked.isEmpty(); i++) {
            time.advance(Duration.ofSeconds(10));
            fleet.tick();
        }
        assertThat(parked).hasSize(1);

        fleet.close();
        parked.getFirst().run();
        fleet.handOver();

        RollbackRecord r = shop.store.history().list(10).getFirst();
        assertThat(r.status()).as("handed over, not ended").isEqualTo("running");
        assertThat(shop.store.journal().actionsLog(r.id())).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("STOPPED");
            assertThat(a.status()).isEqualTo("handed_over");
            assertThat(a.details().toString()).contains("stopping (SIGTERM)");
        });
        assertThat(fleet.tick()).isZero();

        Fleet restarted = new Fleet(shop.store, time, shop.fleet.environments(), shop.fleet.settings(), Runnable::run, Runnable::run, FleetListener.NONE);
        restarted.resume();

        RollbackRecord after = shop.store.history().find(r.id()).orElseThrow();
        assertThat(after.status()).isEqualTo("success");
        assertThat(shop.store.journal().actionsLog(r.id())).extracting(a -> a.action())
                .containsSubsequence("STOPPED", "RESUMED_FROM_JOURNAL", "FLAG_DEACTIVATED", "TRAFFIC_SWITCHED", "ROLLBACK_FINISHED");
        assertThat(shop.store.audit().entries()).filteredOn(e -> e.action().equals("rollback.finished")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("id=" + r.id(), "status=success"));
        assertThat(shop.store.journal().verify(r.id()).intact()).isTrue();
    }

    @Test
    void anAbortedManualRollbackClosesTheIncidentItOpenedButAnAbortedDetectedOneLeavesItsIncidentOpen() {
        Shop manual = new Shop(Fault.NONE);
        List<Runnable> parked = new ArrayList<>();
        Fleet fleet = new Fleet(manual.store, time, manual.fleet.environments(), manual.fleet.settings(), Runnable::run, parked::add, FleetListener.NONE);
        time.advance(Duration.ofHours(1));
        manual.world.release("2.4.0", "2.3.1");
        fleet.register(new Registration("production", "2.4.0", null, time.now(), List.of(), null, ""), null, "ci");

        Fleet.Ticket t = fleet.rollback(new Fleet.ManualRollback("production", null, "support sees 500s", false, false, "alice"));
        fleet.abort(t.id(), "alice", "false alarm: the 500s came from the CDN");
        parked.removeFirst().run();

        assertThat(manual.store.history().find(t.id()).orElseThrow().status()).isEqualTo("aborted");
        assertThat(manual.world.routes().percent("2.4.0")).as("nothing was switched").isEqualTo(100);
        assertThat(manual.store.incidents().list(null, 10)).singleElement().satisfies(i -> {
            assertThat(i.rollbackId()).isEqualTo(t.id());
            assertThat(i.status()).as("an operator's own request, aborted: nothing is left open").isEqualTo(Incidents.CLOSED);
        });
    }

    @Test
    void anAbortedRollbackOfADetectedRegressionLeavesItsIncidentOpen() {
        Shop shop = new Shop(Fault.ERROR_SPIKE);
        List<Runnable> parked = new ArrayList<>();
        Fleet fleet = new Fleet(shop.store, time, shop.fleet.environments(), shop.fleet.settings(), Runnable::run, parked::add, FleetListener.NONE);
        time.advance(Duration.ofHours(1));
        shop.world.release("2.4.0", "2.3.1");
        fleet.register(new Registration("production", "2.4.0", null, time.now(), List.of(), null, ""), null, "ci");
        for (int i = 0; i < 60 && parked.isEmpty(); i++) {
            time.advance(Duration.ofSeconds(10));
            fleet.tick();
        }
        assertThat(parked).as("the regression was detected and a rollback launched").hasSize(1);
        String id = fleet.live().keySet().iterator().next();

        fleet.abort(id, "bob", "we fix forward");
        parked.removeFirst().run();

        assertThat(shop.store.history().find(id).orElseThrow().status()).isEqualTo("aborted");
        assertThat(shop.store.incidents().list(null, 10)).singleElement()
                .satisfies(i -> assertThat(i.status()).as("the regression is still there").isEqualTo("open"));
    }
}
