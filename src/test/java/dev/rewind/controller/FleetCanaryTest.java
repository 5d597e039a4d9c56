package dev.rewind.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.act.Actuators;
import dev.rewind.act.Routes;
import dev.rewind.act.Strategy;
import dev.rewind.config.ConfigLoader;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.model.BadInputException;
import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.Sample;
import dev.rewind.model.TriggerEvaluation;
import dev.rewind.observe.MetricScope;
import dev.rewind.observe.MetricSource;
import dev.rewind.store.ReleaseRecord;
import dev.rewind.store.RewindStore;
import dev.rewind.time.ManualTimeSource;
import dev.rewind.verify.MetricVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canaries in server mode, on a manual clock with seed 001's default rules: the shop's traffic grows fourfold in the
 * hour after the deploy, and both versions fail more as it grows (a load-dependent error share, 0.4% before the deploy
 * up to 1.6%). A canary registered at 20% is compared with the previous version over the same time (its control), so
 * the growth cancels: one failing five times as often as the control is rolled back, a healthy one is not. Promoted
 * to 100%, the same healthy release is judged against the previous version's baseline before the deploy, which the
 * growth alone exceeds: the comparison followed the traffic.
 */
class FleetCanaryTest {
    private static final Instant START = Instant.parse("2026-02-24T09:00:00Z");

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(START);
    private final List<String> reasons = new ArrayList<>();
    private final List<String> moves = new ArrayList<>();

    /** The shop's counters: requests and errors per 10 s per version, Poisson noise seeded by version and time. */
    private static final class GrowingCounts implements MetricSource {
        static final double RPS = 50, ERROR_SHARE = 0.004;
        private final ShopWorld world;
        private final Instant growFrom;
        private final double canaryMultiplier;

        GrowingCounts(ShopWorld world, Instant growFrom, double canaryMultiplier) {
            this.world = world;
            this.growFrom = growFrom;
            this.canaryMultiplier = canaryMultiplier;
        }

        /** 50 requests a second until the deploy, then 50 more every 20 minutes. */
        double rps(Instant at) {
            double minutes = Math.max(0, Duration.between(growFrom, at).toSeconds() / 60.0);
            return RPS * (1 + minutes / 20);
        }

        /** Errors rise with load, on every version alike; the canary's times its multiplier. */
        double errorShare(String version, Instant at) {
            return ERROR_SHARE * rps(at) / RPS * (version.equals("2.4.0") ? canaryMultiplier : 1);
        }

        @Override
        public MetricSeries range(MetricScope scope, String metric, Instant from, Instant to) {
            List<Sample> samples = new ArrayList<>();
            long first = Math.floorDiv(from.getEpochSecond(), 10) * 10;
            for (Instant at = Instant.ofEpochSecond(first); !at.isAfter(to); at = at.plusSeconds(10)) {
                if (!at.isAfter(from)) continue;
                Double v = value(scope.version(), MetricNames.canonical(metric), at);
                if (v != null) samples.add(new Sample(at, v));
            }
            return new MetricSeries(metric, samples);
        }

        private Double value(String version, String metric, Instant at) {
            ShopWorld.State s = world.stateBefore(at);
            if (s == null || !s.running().contains(version)) return null;
            double share = s.routes().percent(version) / 100;
            if (share == 0) return null;
            double meanRequests = rps(at) * share * 10;
            Random r = new Random(version.hashCode() * 31L + at.getEpochSecond());
            long requests = Math.max(0, Math.round(meanRequests + Math.sqrt(meanRequests) * r.nextGaussian()));
            double p = errorShare(version, at);
            return switch (metric) {
                case "request_count" -> (double) requests;
                case "error_count" -> (double) poisson(r, requests * p);
                case MetricNames.REQUEST_RATE -> rps(at) * share;
                case MetricNames.ERROR_RATE -> 100 * p;
                case MetricNames.P50_LATENCY -> 120.0;
                case MetricNames.P95_LATENCY -> 280.0;
                case MetricNames.P99_LATENCY -> 450.0;
                case MetricNames.MEMORY -> 45.0;
                case MetricNames.DB_CONNECTION_ERRORS, MetricNames.HEALTH_CHECK_FAILURES -> 0.0;
                default -> null;
            };
        }

        private static long poisson(Random r, double mean) {
            double limit = Math.exp(-mean), product = r.nextDouble();
            long n = 0;
            while (product > limit) {
                n++;
                product *= r.nextDouble();
            }
            return n;
        }

        @Override
        public void checkOnline() {
        }
    }

    private final class Shop {
        final ShopWorld world = new ShopWorld(time, "shop", "2.3.1").build("2.3.1", Fault.NONE, null).build("2.4.0", Fault.NONE, "new-checkout");
        final RewindStore store = RewindStore.open(dir.resolve("rewind.db"), time.clock());
        final Fleet fleet;
        final FleetEnvironment env;

        Shop(double canaryMultiplier) {
            RollbackPolicy policy = ConfigLoader.defaults().policy();
            // 2.3.1 alone for two hours before the deploy: its counts are the baseline the sequential test may use
            Instant deploy = START.plus(Duration.ofHours(2));
            GrowingCounts counts = new GrowingCounts(world, deploy, canaryMultiplier);
            EnvironmentConfig cfg = new EnvironmentConfig("production", "shop", "blue_green", true, "new-checkout", null, null, null, null, null,
                    List.of(), List.of(), "rewind.yaml", 1);
            Actuators actuators = Actuators.none().withFlags(world).withRouter(world).withDeployer(world).withHealth(world)
                    .withMetrics(new MetricVerifier(counts, time, policy.checkInterval()));
            env = new FleetEnvironment(cfg, Strategy.BLUE_GREEN, Optional.of(counts), actuators, policy);
            fleet = new Fleet(store, time, Map.of("production", env), FleetSettings.defaults(dir.resolve("out")), Runnable::run, Runnable::run,
                    new FleetListener() {
                        @Override
                        public void checked(ReleaseRecord release, ReleaseWatcher.Check check, long lagMillis) {
                            check.evaluations().stream().filter(e -> e.trigger().name().equals("error_rate")).map(TriggerEvaluation::reason)
                                    .forEach(reasons::add);
                        }

                        @Override
                        public void trafficMoved(ReleaseRecord release, int from) {
                            moves.add(release.version() + " " + from + "->" + release.trafficPercent());
                        }
                    });
            store.releases().register(new dev.rewind.model.Release("shop", "production", "2.3.1", "2.2.0", START, List.of(), null, 100, null));
        }

        /** 2.4.0 goes out beside 2.3.1 with 20% of the requests, and the fleet is told it is a canary at 20%. */
        Fleet.Registered canary() {
            time.advance(Duration.ofHours(2));
            world.deploy("shop", "2.4.0");
            world.enable("new-checkout");
            world.setRoutes(new Routes(Map.of("2.3.1", 80, "2.4.0", 20)));
            return fleet.register(new Registration("production", "2.4.0", null, time.now(), List.of(), null, 20, ""), null, "ci-bot");
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
    void aCanaryFailingFiveTimesAsOftenAsItsControlIsRolledBackOnTheControlComparison() {
        Shop shop = new Shop(5);
        Fleet.Registered reg = shop.canary();
        assertThat(reg.release().trafficPercent()).isEqualTo(20);

        shop.run(Duration.ofMinutes(30));

        assertThat(shop.store.history().list(10)).as("checks said: %s", reasons).singleElement()
                .satisfies(r -> assertThat(r.trigger()).isEqualTo("error_rate"));
        assertThat(shop.store.incidents().list(null, 10)).singleElement().satisfies(i -> assertThat(i.findings())
                .anySatisfy(f -> assertThat(String.valueOf(f.get("reason"))).contains("sequential test vs control")
                        .contains("on the control over the same time")));
        assertThat(shop.world.routes().percent("2.3.1")).as("the blue-green switch put all traffic back on 2.3.1").isEqualTo(100);
    }

    @Test
    void aHealthyCanaryUnderTheSameGrowthIsNotRolledBackThenPromotedItIsJudgedOnTheBaseline() {
        Shop shop = new Shop(1);
        shop.canary();

        shop.run(Duration.ofMinutes(40));

        assertThat(shop.store.history().list(10)).as("checks said: %s", reasons).isEmpty();
        assertThat(shop.fleet.watching()).singleElement().satisfies(w -> assertThat(w.release().trafficPercent()).isEqualTo(20));
        assertThat(reasons).as("every check of the canary compared it with its control").isNotEmpty()
                .allSatisfy(r -> assertThat(r).contains("vs control"));
        // the growth is there: against 2.3.1's share before the deploy, the canary's is three times as high by now
        assertThat(new GrowingCounts(shop.world, START.plus(Duration.ofHours(2)), 1).errorShare("2.4.0", time.now()))
                .isGreaterThan(2.5 * GrowingCounts.ERROR_SHARE);

        // promoted: all traffic on 2.4.0, and Rewind told so; no control is left, so the baseline judges it
        shop.world.setRoutes(Routes.allTo("2.4.0", "2.3.1"));
        Fleet.TrafficMoved moved = shop.fleet.traffic("shop", "production", "2.4.0", 100, "promote", "ci-bot");
        assertThat(moved.from()).isEqualTo(20);
        assertThat(moves).as("the server's console and event stream are told").containsExactly("2.4.0 20->100");
        assertThat(shop.store.releases().find("shop", "production", "2.4.0")).map(ReleaseRecord::trafficPercent).contains(100);
        assertThat(shop.store.audit().entries()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("release.traffic");
            assertThat(e.detail()).contains("traffic_percent=20->100").contains("promote");
        });
        int before = reasons.size();
        shop.run(Duration.ofMinutes(20));

        List<String> after = reasons.subList(before, reasons.size());
        assertThat(after).as("after the promotion the checks compare with the baseline").isNotEmpty()
                .allSatisfy(r -> assertThat(r).doesNotContain("vs control"))
                .anySatisfy(r -> assertThat(r).contains("vs baseline"));
        assertThat(shop.store.history().list(10)).as("the growth alone exceeds the baseline: %s", after).singleElement()
                .satisfies(r -> assertThat(r.trigger()).isEqualTo("error_rate"));
    }

    @Test
    void trafficIsMovedOnlyOnTheCurrentReleaseAndWithinOneToAHundred() {
        Shop shop = new Shop(1);
        shop.canary();

        assertThatThrownBy(() -> shop.fleet.traffic("shop", "production", "2.4.0", 0, null, "olga")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("percent");
        assertThatThrownBy(() -> shop.fleet.traffic("shop", "production", "2.4.0", 101, null, "olga")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> shop.fleet.traffic("shop", "production", "2.3.1", 50, null, "olga"))
                .isInstanceOf(dev.rewind.model.ConflictException.class).hasMessageContaining("not the current release");
        assertThatThrownBy(() -> shop.fleet.traffic("shop", "production", "9.9.9", 50, null, "olga"))
                .isInstanceOf(dev.rewind.model.NotFoundException.class);
        assertThatThrownBy(() -> shop.fleet.traffic("other", "production", "2.4.0", 50, null, "olga"))
                .isInstanceOf(dev.rewind.model.NotFoundException.class);
        assertThatThrownBy(() -> new Registration("production", "2.5.0", null, null, List.of(), null, 0, "releases[1]"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("releases[1].traffic_percent");

        shop.fleet.traffic("shop", "production", "2.4.0", 50, null, "olga");
        assertThat(shop.store.releases().current("shop", "production")).map(ReleaseRecord::trafficPercent).contains(50);
    }

    @Test
    void aMoveThroughAnotherReplicaReachesTheReplicaThatWatchesTheCanary() {
        Shop shop = new Shop(1);
        Fleet owner = replica(shop, "replica-a");
        Fleet other = replica(shop, "replica-b");
        owner.tick(); // replica-a leases shop/production first
        other.tick();
        time.advance(Duration.ofHours(2));
        shop.world.deploy("shop", "2.4.0");
        shop.world.setRoutes(new Routes(Map.of("2.3.1", 80, "2.4.0", 20)));
        owner.register(new Registration("production", "2.4.0", null, time.now(), List.of(), null, 20, ""), null, "ci-bot");
        assertThat(owner.watching()).as("the owner watches the canary").singleElement();
        assertThat(other.watching()).as("the other replica does not").isEmpty();

        other.traffic("shop", "production", "2.4.0", 50, "step 2", "olga");
        time.advance(Fleet.SYNC_EVERY.plusSeconds(1));
        owner.tick();

        assertThat(owner.watching()).singleElement().satisfies(w -> assertThat(w.release().trafficPercent())
                .as("read from the store at the owner's next sync").isEqualTo(50));
    }

    private Fleet replica(Shop shop, String name) {
        Ownership ownership = Ownership.shared(shop.store.leases(), name, Ownership.Timing.DEFAULT, time, null);
        return new Fleet(shop.store, time, Map.of("production", shop.env), FleetSettings.defaults(dir.resolve("out-" + name)), Runnable::run,
                Runnable::run, null, ownership);
    }
}
