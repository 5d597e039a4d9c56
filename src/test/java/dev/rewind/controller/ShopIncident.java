package dev.rewind.controller;

import dev.rewind.act.Actuators;
import dev.rewind.act.PlanOptions;
import dev.rewind.act.Strategy;
import dev.rewind.config.ConfigLoader;
import dev.rewind.model.Alert;
import dev.rewind.model.Baseline;
import dev.rewind.model.Change;
import dev.rewind.model.Decision;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Observations;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.Sample;
import dev.rewind.observe.MetricScope;
import dev.rewind.store.RewindStore;
import dev.rewind.time.ManualTimeSource;
import dev.rewind.verify.MetricVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live pipeline wired as {@code DemoRun} wires it, on the simulated shop and a manual clock: a SQLite
 * store in the test's folder, seed 001's policy at its real timescales, shop 2.4.0 (flag new-checkout)
 * replacing 2.3.1 at {@link #DEPLOY}, one hour after the clock starts.
 */
final class ShopIncident {
    static final Instant DEPLOY = Instant.parse("2026-02-24T10:00:00Z");
    static final String SERVICE = "shop";
    static final String ENVIRONMENT = "production";
    static final String STABLE = "2.3.1";
    static final String CANDIDATE = "2.4.0";
    static final String FLAG = "new-checkout";

    final ManualTimeSource time = new ManualTimeSource(DEPLOY.minus(Duration.ofHours(1)));
    final ShopWorld world;
    final ShopMetrics metrics;
    final RollbackPolicy policy;
    final Path dir;
    final RewindStore store;
    final List<Alert> alerts = new ArrayList<>();
    final List<ReleaseWatcher.Check> checks = new ArrayList<>();
    final Release release = new Release(SERVICE, ENVIRONMENT, CANDIDATE, STABLE, DEPLOY, List.of(
            new Change("commit", "a1b2c3d", "Order history cache for the checkout pages", List.of("cache", "memory")),
            new Change("commit", "f0a1b2c", "New error handling in the checkout handler", List.of("handler", "error")),
            new Change("flag", FLAG, "Checkout v2 behind the new-checkout flag", List.of("flag"))), FLAG, 100.0, null);
    Baseline baseline;

    ShopIncident(Path dir, Fault fault) {
        this(dir, fault, ConfigLoader.defaults().policy());
    }

    ShopIncident(Path dir, Fault fault, RollbackPolicy policy) {
        this.dir = dir;
        this.policy = policy;
        this.world = new ShopWorld(time, SERVICE, STABLE).build(STABLE, Fault.NONE, null).build(CANDIDATE, fault, FLAG);
        this.metrics = new ShopMetrics(world);
        this.store = RewindStore.open(dir.resolve("rewind.db"), time.clock());
    }

    ReleaseWatcher watcher() {
        return new ReleaseWatcher(metrics, policy, time);
    }

    /** Registers both releases, moves the clock to the deploy, takes 2.3.1's baseline, and releases 2.4.0. */
    ShopIncident deploy() {
        store.releases().register(new Release(SERVICE, ENVIRONMENT, STABLE, "2.2.0", time.now(), List.of(), null, 100, null));
        time.advance(Duration.between(time.now(), DEPLOY));
        store.releases().register(release);
        baseline = watcher().baseline(release);
        world.release(CANDIDATE, STABLE);
        return this;
    }

    /**
     * Releases 2.4.0 with its flag off; the operator switches it on at the first clock move at or after
     * {@code flagOn} (checks land on the minute, so it flips on a check), once.
     */
    ShopIncident deployDark(Instant flagOn) {
        deploy();
        world.disable(FLAG);
        boolean[] flipped = {false};
        if (!flagOn.isAfter(time.now())) {
            world.enable(FLAG);
            flipped[0] = true;
        }
        time.onAdvance(at -> {
            if (!flipped[0] && !at.isBefore(flagOn)) {
                flipped[0] = true;
                world.enable(FLAG);
            }
        });
        return this;
    }

    ReleaseWatcher.Outcome watch(Duration maxWatch) {
        return watcher().watch(release, baseline, maxWatch, checks::add);
    }

    Actuators actuators() {
        return Actuators.none().withFlags(world).withRouter(world).withDeployer(world).withHealth(world)
                .withMetrics(new MetricVerifier(metrics, time, policy.checkInterval())).withNotifier(alerts::add);
    }

    RollbackPipeline pipeline() {
        return new RollbackPipeline(store, time, policy, actuators(), null);
    }

    /** What DemoRun does with a rollback decision: a blue-green rollback case, run through the pipeline. */
    RollbackPipeline.Done rollBack(Decision.Rollback decision) {
        PlanOptions options = decision.immediate() ? PlanOptions.defaults().immediately() : PlanOptions.defaults();
        RollbackCase c = new RollbackCase(release, Strategy.BLUE_GREEN, options, baseline, decision.findings(), decision.at(),
                decision.reason(), "rewind", dir.resolve("out"));
        return pipeline().run(c, restoredAt -> observations(), this::afterRollback);
    }

    /** 2.3.1 before the deploy, 2.4.0 while it served, 2.3.1 again after: the series a dashboard would show. */
    Observations observations() {
        Map<String, MetricSeries> series = new LinkedHashMap<>();
        Instant from = DEPLOY.minus(policy.baselineWindow());
        for (String metric : watcher().watchedMetrics()) {
            List<Sample> merged = new ArrayList<>(range(STABLE, metric, from, time.now()).samples());
            List<Sample> candidate = range(CANDIDATE, metric, from, time.now()).samples();
            merged.removeIf(s -> candidate.stream().anyMatch(c -> c.at().equals(s.at())));
            merged.addAll(candidate);
            series.put(metric, new MetricSeries(metric, merged));
        }
        return new Observations(series);
    }

    Map<String, Double> afterRollback() {
        Map<String, Double> after = new LinkedHashMap<>();
        for (String metric : watcher().watchedMetrics()) {
            range(STABLE, metric, time.now().minus(policy.checkInterval()), time.now()).samples().stream()
                    .mapToDouble(Sample::value).average().ifPresent(v -> after.put(metric, v));
        }
        return after;
    }

    private MetricSeries range(String version, String metric, Instant from, Instant to) {
        return metrics.range(new MetricScope(SERVICE, ENVIRONMENT, version), metric, from, to);
    }
}
