package dev.rewind.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.config.ConfigLoader;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.store.Incidents;
import dev.rewind.store.JournalEntry;
import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackRecord;
import dev.rewind.time.ManualTimeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9: an environment whose config says {@code plan: FILE} is rolled back by server mode with that plan, not the
 * built-in one. The config and the plan are real files read by {@link ConfigLoader}; the fleet runs the simulated
 * shop ({@link ShopFleet}: 2.4.0 fails 20% of its checkouts) on a manual clock, with checks and rollbacks inline.
 * The plan is deliberately unlike the built-in blue-green plan: no validation gate, a notification, no revert, no resume
 * and no scale-down, with step ids and phase names the built-in plan never uses.
 */
class FleetPlanFileTest {
    private static final Instant START = Instant.parse("2026-02-24T09:00:00Z");

    private static final String CONFIG = """
            environments:
              production:
                service: shop
                strategy: blue_green
                production: true
                feature_flag: new-checkout
                plan: plans/shop-brake.yaml
                metrics:  { type: demo }
                router:   { type: demo }
                deployer: { type: demo }
                flags:    { type: demo }
            """;

    private static final String PLAN = """
            metadata: {operation_id: op-shop-brake, name: shop brake, owner: shop-team, certification_level: 2}
            operation: {summary: turn the new checkout off and move the traffic back, deployment_type: blue_green, services: [shop]}
            sla_minutes: 30
            phases:
              - id: brake
                name: Brake
                objective: the new checkout stops at once
                steps:
                  - {id: checkout-off, action: disable_flag, flag: new-checkout, estimate: 5s, timeout: 30s,
                     description: new-checkout OFF, verify: the flag reads back off}
                  - {id: tell-support, action: notify, message: the shop's checkout is being rolled back, estimate: 1s, timeout: 10s,
                     description: tell support, verify: the message went out}
              - id: steer
                name: Steer
                objective: every request on the target
                steps:
                  - {id: all-to-target, action: switch_traffic, estimate: 5s, timeout: 30s,
                     description: all traffic to the target, verify: the router reads back 100% on the target}
                  - {id: target-healthy, action: await_healthy, estimate: 5s, timeout: 1m,
                     description: the target answers its health check, verify: the probe passes}
              - id: prove
                name: Prove
                objective: the checkout errors are gone
                steps:
                  - {id: checkout-recovered, action: verify_metrics, estimate: 5m, timeout: 15m,
                     description: metrics back near the baseline, verify: every watched metric within tolerance}
            verification_checklist: [Checkout works on the target]
            testing:
              staging: {tested_at: 2026-01-20T10:00:00Z, result: passed}
            """;

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(START);
    private RewindStore store;
    private FleetEnvironment environment;

    /** The shop, with the environment read from a real rewind.yaml whose {@code plan:} names a real plan file. */
    private ShopFleet shop() {
        return shop(a -> a);
    }

    /** The environment as a (re)started server reads it from the files on disk, on the shop's actuators as {@code acting} changes them. */
    private FleetEnvironment configured(ShopFleet shop, java.util.function.UnaryOperator<dev.rewind.act.Actuators> acting) {
        EnvironmentConfig configured = ConfigLoader.load(dir.resolve("rewind.yaml")).environments().get("production");
        return new FleetEnvironment(configured, shop.environment.strategy(), shop.environment.metrics(), acting.apply(shop.environment.actuators()),
                shop.environment.policy());
    }

    private ShopFleet shop(java.util.function.UnaryOperator<dev.rewind.act.Actuators> acting) {
        try {
            Files.createDirectories(dir.resolve("plans"));
            Files.writeString(dir.resolve("plans/shop-brake.yaml"), PLAN);
            Files.writeString(dir.resolve("rewind.yaml"), CONFIG);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        EnvironmentConfig configured = ConfigLoader.load(dir.resolve("rewind.yaml")).environments().get("production");
        assertThat(configured.plan()).as("the config's plan: is read, relative to the config file").isNotNull();
        ShopFleet shop = new ShopFleet(dir, time, Fault.ERROR_SPIKE);
        store = shop.store;
        environment = configured(shop, acting);
        return shop;
    }

    private Fleet fleet(ShopFleet shop, java.util.concurrent.Executor rollbacks) {
        return new Fleet(shop.store, time, Map.of("production", environment), FleetSettings.defaults(dir.resolve("out")), Runnable::run, rollbacks,
                FleetListener.NONE);
    }

    private List<String> stepIds(String rollbackId) {
        return store.journal().entries(rollbackId).stream().filter(e -> e.stepId() != null && e.begins() == null).map(JournalEntry::stepId).toList();
    }

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    @Test
    void theAutomaticRollbackOfAnEnvironmentWithAPlanFileRunsThatPlansPhasesAndSteps() {
        ShopFleet shop = shop();
        Fleet fleet = fleet(shop, Runnable::run);

        shop.ship();
        List<String> callsBefore = List.copyOf(shop.world.calls);
        fleet.register(new Registration("production", "2.4.0", null, time.now(), List.of(), null, ""), null, "ci-bot");
        Fleet.Ticket dry = fleet.rollback(new Fleet.ManualRollback("production", null, "what would run", false, true, "alice"));
        assertThat(dry.plan().phases()).as("the dry run shows the plan file").extracting(p -> p.name()).containsExactly("Brake", "Steer", "Prove");

        Instant end = time.now().plus(Duration.ofMinutes(15));
        while (time.now().isBefore(end) && store.history().list(10).isEmpty()) {
            time.advance(Duration.ofSeconds(10));
            fleet.tick();
        }

        List<RollbackRecord> rows = store.history().list(10);
        assertThat(rows).as("the fleet rolled 2.4.0 back within 15 minutes of watching").singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("success");
            assertThat(r.trigger()).isEqualTo("error_rate");
            assertThat(r.toVersion()).isEqualTo("2.3.1");
        });
        String id = rows.getFirst().id();
        List<JournalEntry> steps = store.journal().entries(id).stream().filter(e -> e.stepId() != null && e.begins() == null).toList();
        assertThat(stepIds(id)).as("the journal holds the plan file's steps, in its order, and none of the built-in plan's")
                .containsExactly("checkout-off", "tell-support", "all-to-target", "target-healthy", "checkout-recovered");
        assertThat(steps).extracting(JournalEntry::phase).containsExactly("Brake", "Brake", "Steer", "Steer", "Prove");
        assertThat(store.journal().actionsLog(id)).filteredOn(a -> a.details().containsKey("step"))
                .allSatisfy(a -> assertThat(a.status()).as(a.toString()).isEqualTo("success"));

        List<String> acted = shop.world.calls.subList(callsBefore.size(), shop.world.calls.size());
        assertThat(acted).as("only what the plan file says: flag off, traffic back; no revert deploy, no scale-down").hasSize(2);
        assertThat(acted.get(0)).isEqualTo("disable new-checkout");
        assertThat(acted.get(1)).startsWith("setRoutes ");
        assertThat(shop.world.routes().percent("2.3.1")).isEqualTo(100);
        assertThat(shop.world.isEnabled("new-checkout")).isFalse();
        assertThat(shop.world.now().running()).as("the plan has no scale-down: 2.4.0 still runs").contains("2.4.0");
        assertThat(store.incidents().list(null, 10)).singleElement().satisfies(i -> assertThat(i.status()).isEqualTo(Incidents.CLOSED));
    }

    /**
     * Server mode stops (SIGTERM) as the rollback begins; the next start carries it on with the same plan file, rebuilt
     * from the environment's config (Fleet.options), not the built-in plan. It stopped before any step, so every step runs.
     */
    @Test
    void aRollbackStoppedByShutdownIsCarriedOnAfterTheRestartWithThePlanFile() {
        ShopFleet shop = shop();
        List<Runnable> parked = new ArrayList<>();
        Fleet fleet = fleet(shop, parked::add);
        shop.ship();
        fleet.register(new Registration("production", "2.4.0", null, time.now(), List.of(), null, ""), null, "ci-bot");
        for (int i = 0; i < 90 && parked.isEmpty(); i++) {
            time.advance(Duration.ofSeconds(10));
            fleet.tick();
        }
        assertThat(parked).as("a rollback was handed to the executor within 15 minutes").hasSize(1);
        fleet.close();
        parked.getFirst().run();
        fleet.handOver();
        String id = store.history().list(10).getFirst().id();
        assertThat(store.history().find(id).orElseThrow().status()).as("handed over, not ended").isEqualTo("running");

        fleet(shop, Runnable::run).resume();

        assertThat(store.history().find(id).orElseThrow().status()).isEqualTo("success");
        assertThat(stepIds(id)).as("after the restart, the plan file's steps ran, and none of the built-in plan's")
                .containsExactly("checkout-off", "tell-support", "all-to-target", "target-healthy", "checkout-recovered");
        assertThat(shop.world.routes().percent("2.3.1")).isEqualTo(100);
        assertThat(shop.world.now().running()).contains("2.4.0");
        assertThat(store.journal().actionsLog(id)).extracting(a -> a.action()).containsSubsequence("STOPPED", "FLAG_DEACTIVATED", "ROLLBACK_FINISHED");
        assertThat(store.journal().verify(id).intact()).isTrue();
    }

    /** The process dies here: nothing after this line runs, and nothing more is journaled (SIGKILL in the middle of a step). */
    static final class ProcessDied extends Error {
        ProcessDied() {
            super("the process died in the middle of the step");
        }
    }

    /** The router moves the traffic, then the process dies before the step's outcome is journaled: the step's effect is in place. */
    private static dev.rewind.act.TrafficRouter dyingAfterTheSwitch(dev.rewind.act.TrafficRouter router) {
        java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean(true);
        return new dev.rewind.act.TrafficRouter() {
            @Override
            public dev.rewind.act.Routes routes() {
                return router.routes();
            }

            @Override
            public void setRoutes(dev.rewind.act.Routes routes) {
                router.setRoutes(routes);
                if (armed.getAndSet(false)) throw new ProcessDied();
            }

            @Override
            public void drain(String target) {
                router.drain(target);
            }
        };
    }

    /** Runs the fleet until its rollback is handed to the executor, and runs it there: it dies in step all-to-target. Its id. */
    private String rollbackThatDiesInTheThirdStep(ShopFleet shop) {
        List<Runnable> parked = new ArrayList<>();
        Fleet fleet = fleet(shop, parked::add);
        shop.ship();
        shipped = shop.world.calls.size();
        fleet.register(new Registration("production", "2.4.0", null, time.now(), List.of(), null, ""), null, "ci-bot");
        for (int i = 0; i < 90 && parked.isEmpty(); i++) {
            time.advance(Duration.ofSeconds(10));
            fleet.tick();
        }
        assertThat(parked).as("a rollback was handed to the executor within 15 minutes").hasSize(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parked.getFirst().run()).isInstanceOf(ProcessDied.class);
        String id = store.history().list(10).getFirst().id();
        assertThat(store.history().find(id).orElseThrow().status()).as("the process died: the row still says running").isEqualTo("running");
        time.advance(Duration.ofSeconds(20)); // the dead process's leases run out
        return id;
    }

    /** How many calls to the world there were before the rollback (the deploy of 2.4.0 sets routes too). */
    private int shipped;

    /** The rollback's calls to the world that start with {@code prefix}. */
    private long calls(ShopFleet shop, String prefix) {
        return shop.world.calls.subList(shipped, shop.world.calls.size()).stream().filter(c -> c.startsWith(prefix)).count();
    }

    /**
     * A plan-file rollback whose process dies in its third step is resumed step by step by the next start: the two
     * steps that ended are kept and not run again (the flag is turned off once), the interrupted one is probed first
     * (the router already sends everything to the target: recorded as done, not switched again), and the rest runs.
     */
    @Test
    void aPlanFileRollbackThatDiedInAStepIsResumedStepByStepFromTheJournal() {
        ShopFleet shop = shop(a -> a.withRouter(dyingAfterTheSwitch(a.router().orElseThrow())));
        String id = rollbackThatDiesInTheThirdStep(shop);
        assertThat(stepIds(id)).as("steps 1 and 2 ended, step 3 started and never ended").containsExactly("checkout-off", "tell-support", "all-to-target");
        assertThat(calls(shop, "setRoutes ")).as("the switch happened before the process died").isEqualTo(1);

        environment = configured(shop, a -> a); // the restarted server, with the same rewind.yaml and plan file
        fleet(shop, Runnable::run).resume();

        assertThat(store.history().find(id).orElseThrow().status()).isEqualTo("success");
        assertThat(stepIds(id)).as("only the interrupted step and those after it were started again")
                .containsExactly("checkout-off", "tell-support", "all-to-target", "all-to-target", "target-healthy", "checkout-recovered");
        assertThat(calls(shop, "disable new-checkout")).as("the flag step ended before the crash: not run again").isEqualTo(1);
        assertThat(calls(shop, "setRoutes ")).as("the interrupted switch was found done by the probe: not switched again").isEqualTo(1);
        List<JournalEntry> rows = store.journal().entries(id);
        assertThat(rows).filteredOn(e -> "all-to-target".equals(e.stepId()) && e.begins() != null).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo("success");
            assertThat(e.data()).containsEntry("resumed", "found done; not run again");
        });
        assertThat(rows).extracting(JournalEntry::action).contains("RESUMED_FROM_JOURNAL");
        assertThat(rows).filteredOn(e -> e.action().equals(RollbackPipeline.PLAN_FILE)).as("the plan file's identity, recorded once when it began")
                .singleElement().satisfies(e -> assertThat(e.data()).containsKey("sha256").containsEntry("operation_id", "op-shop-brake"));
        assertThat(shop.world.routes().percent("2.3.1")).isEqualTo(100);
        assertThat(store.journal().verify(id).intact()).isTrue();
    }

    /** The plan file was edited while the rollback was down: resuming its journal against another plan is refused, saying why. */
    @Test
    void aRollbackWhosePlanFileChangedIsNotResumedAgainstTheOtherPlan() throws Exception {
        ShopFleet shop = shop(a -> a.withRouter(dyingAfterTheSwitch(a.router().orElseThrow())));
        String id = rollbackThatDiesInTheThirdStep(shop);
        Files.writeString(dir.resolve("plans/shop-brake.yaml"), PLAN.replace("the shop's checkout is being rolled back", "checkout rollback"));

        environment = configured(shop, a -> a); // restarted with the edited plan file
        fleet(shop, Runnable::run).resume();

        RollbackRecord row = store.history().find(id).orElseThrow();
        assertThat(row.status()).as("closed for a person, not run against the edited plan").isEqualTo("aborted");
        assertThat(String.valueOf(row.result())).contains("not resumed: the plan file changed since it started").contains("put back the plan file");
        assertThat(stepIds(id)).as("nothing more ran").containsExactly("checkout-off", "tell-support", "all-to-target");
        assertThat(calls(shop, "setRoutes ")).isEqualTo(1);
    }

    /** A rollback begun with the built-in plan is not resumed with a plan file the config names since: its journal is another plan's. */
    @Test
    void aRollbackBegunWithTheBuiltInPlanIsNotResumedWithAPlanFileAddedSince() throws Exception {
        java.util.function.UnaryOperator<dev.rewind.act.Actuators> dying = a -> a.withRouter(dyingAfterTheSwitch(a.router().orElseThrow()));
        ShopFleet shop = shop(dying);
        Files.writeString(dir.resolve("rewind.yaml"), CONFIG.replace("    plan: plans/shop-brake.yaml\n", ""));
        environment = configured(shop, dying);
        assertThat(environment.config().plan()).isNull();
        String id = rollbackThatDiesInTheThirdStep(shop);
        List<String> before = stepIds(id);
        assertThat(before).as("the built-in plan's steps, not the file's").doesNotContain("checkout-off", "all-to-target");

        Files.writeString(dir.resolve("rewind.yaml"), CONFIG);
        environment = configured(shop, a -> a);
        fleet(shop, Runnable::run).resume();

        RollbackRecord row = store.history().find(id).orElseThrow();
        assertThat(row.status()).isEqualTo("aborted");
        assertThat(String.valueOf(row.result())).contains("not resumed: it started with the built-in plan, and the environment now has the plan file");
        assertThat(stepIds(id)).as("nothing more ran").isEqualTo(before);
    }

    /** Without a plan file, an environment with a gitops: block gets the GitOps steps in server mode too, as in 'rollback'. */
    @Test
    void anEnvironmentWithAGitOpsBlockGetsItsPauseRevertAndResumeStepsInServerMode() throws Exception {
        Files.writeString(dir.resolve("rewind.yaml"), """
                environments:
                  production:
                    service: shop
                    strategy: rolling_update
                    production: true
                    deployer: { type: kubernetes, namespace: shop, deployment: shop }
                    gitops:
                      type: argocd
                      git:
                        url: file:///tmp/shop-config.git
                        path: apps/shop/kustomization.yaml
                        format: kustomize
                        image: registry.example.com/shop
                """);
        EnvironmentConfig configured = ConfigLoader.load(dir.resolve("rewind.yaml")).environments().get("production");
        ShopFleet shop = new ShopFleet(dir, time, Fault.ERROR_SPIKE);
        store = shop.store;
        environment = new FleetEnvironment(configured, dev.rewind.act.Strategy.ROLLING_UPDATE, shop.environment.metrics(),
                shop.environment.actuators(), shop.environment.policy());
        Fleet fleet = fleet(shop, Runnable::run);
        shop.ship();
        fleet.register(new Registration("production", "2.4.0", "2.3.1", time.now(), List.of(), null, ""), null, "ci-bot");

        Fleet.Ticket dry = fleet.rollback(new Fleet.ManualRollback("production", null, "what would run", false, true, "alice"));

        assertThat(dry.plan().phases().stream().flatMap(p -> p.steps().stream()).map(s -> s.action().getClass().getSimpleName()).toList())
                .as("the plan server mode would run").contains("PauseSync", "RevertInGit", "ResumeSync", "AwaitConvergence");
    }
}
