package dev.rewind.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.config.ConfigLoader;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.config.ReleaseSourceConfig;
import dev.rewind.controller.Fault;
import dev.rewind.controller.Fleet;
import dev.rewind.controller.FleetEnvironment;
import dev.rewind.controller.FleetSettings;
import dev.rewind.controller.Ownership;
import dev.rewind.controller.ShopFleet;
import dev.rewind.integrations.kubernetes.DeploymentRevisions;
import dev.rewind.store.AuditKey;
import dev.rewind.store.LeaseLostException;
import dev.rewind.store.Leases;
import dev.rewind.store.RewindStore;
import dev.rewind.store.StoreLocation;
import dev.rewind.testing.RealPostgres;
import dev.rewind.time.ManualTimeSource;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas' worth of fleets and release sources on one real PostgreSQL, watching one Deployment on fabric8's mock
 * API server in CRUD mode (no real API server runs here; CRUD mode stores objects and serves watches, and the test sets
 * the revision annotation as the Deployment controller would). Leases are read on a manual clock, so the 15 s lease
 * runs out when the test says so. Each report of an informer goes to its replica's queue after the replica has handled
 * it, with the failure if its registration was refused; the test waits on those queues, bounded.
 */
@EnableKubernetesMockClient(crud = true)
class ReleaseSourceLeaseTest {
    static KubernetesClient client;
    private static final String NS = "shop";
    private static final AuditKey KEY = AuditKey.of("0123456789abcdef0123456789abcdef".getBytes());

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-02-24T09:00:00Z"));
    private RewindStore storeA;
    private RewindStore storeB;
    private ShopFleet shop;
    private FleetEnvironment env;
    private ReleaseSources a;
    private ReleaseSources b;
    private final BlockingQueue<Seen> seenA = new LinkedBlockingQueue<>();
    private final BlockingQueue<Seen> seenB = new LinkedBlockingQueue<>();

    /** A revision as one replica's informer reported it, and why its registration was refused (null: it was not). */
    record Seen(DeploymentRevisions.Revision revision, RuntimeException refused) {
    }

    @BeforeEach
    void setUp() throws Exception {
        client.apps().deployments().inNamespace(NS).delete();
        String url = RealPostgres.get().newDatabase();
        storeA = RewindStore.open(new StoreLocation.Postgres(url, null, null), KEY, time.clock());
        storeB = RewindStore.open(new StoreLocation.Postgres(url, null, null), KEY, time.clock());
        shop = new ShopFleet(storeA, time, Fault.NONE, ConfigLoader.defaults().policy());
        EnvironmentConfig c = shop.environment.config();
        IntegrationConfig block = new IntegrationConfig("kubernetes", Map.of("namespace", NS, "deployment", "shop-web", "resync_seconds", 0),
                "rewind.yaml", 9, "environments.production.release_source");
        EnvironmentConfig withSource = new EnvironmentConfig(c.name(), c.service(), c.strategy(), c.production(), c.featureFlag(), c.metrics(),
                c.router(), c.deployer(), c.flags(), c.healthUrl(), c.smokeTests(), c.dependencies(), c.file(), c.line(), c.database(),
                c.configStore(), c.cache(), c.gitops(), ReleaseSourceConfig.of(block, c.service()), c.plan());
        env = new FleetEnvironment(withSource, shop.environment.strategy(), shop.environment.metrics(), shop.environment.actuators(),
                shop.environment.policy());
        client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
                .withNewMetadata().withName("shop-web").withNamespace(NS).withAnnotations(Map.of("deployment.kubernetes.io/revision", "1")).endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().withMatchLabels(Map.of("app", "shop")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "shop")).endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("shop").withImage("registry.local/shop:2.3.1").build()).endSpec()
                .endTemplate().endSpec().build()).create();
    }

    @AfterEach
    void tearDown() {
        if (a != null) a.close();
        if (b != null) b.close();
        storeA.close();
        storeB.close();
    }

    private ReleaseSources replica(String id, RewindStore store, BlockingQueue<Seen> seen) {
        Fleet fleet = new Fleet(store, time, Map.of("production", env), FleetSettings.defaults(dir.resolve("out-" + id)), Runnable::run, Runnable::run, null);
        Leases leases = store.leases(time.clock());
        return ReleaseSources.leased(fleet, leases, id, Ownership.Timing.DEFAULT,
                (e, listener) -> new DeploymentRevisions(client, false, e.config().releaseSource(), r -> {
                    try {
                        listener.revision(r);
                        seen.add(new Seen(r, null));
                    } catch (RuntimeException refused) {
                        seen.add(new Seen(r, refused));
                        throw refused;
                    }
                }));
    }

    private static Seen next(BlockingQueue<Seen> seen, String who, String waitingFor) throws InterruptedException {
        Seen s = seen.poll(20, TimeUnit.SECONDS);
        assertThat(s).as("waited 20 s for " + who + "'s informer to report " + waitingFor + "; it reported nothing").isNotNull();
        return s;
    }

    private void setImage(String image, String revision) {
        client.apps().deployments().inNamespace(NS).withName("shop-web").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage(image);
            d.getMetadata().getAnnotations().put("deployment.kubernetes.io/revision", revision);
            return d;
        });
    }

    private List<String> registrations(String version) {
        return storeA.audit().entries().stream().filter(e -> e.action().equals("release.registered") && e.detail().startsWith("version=" + version + " "))
                .map(e -> e.actor()).toList();
    }

    @Test
    void onlyTheLeaseHolderWatches_AndWhenItStopsRenewingTheOtherTakesOverAndRegistersTheNextRevisionOnce() throws Exception {
        a = replica("replica-a", storeA, seenA);
        b = replica("replica-b", storeB, seenB);
        assertThat(a.watching()).as("replica-a took lease release-source:production first").containsExactly("production");
        assertThat(b.watching()).as("replica-b waits").isEmpty();
        assertThat(next(seenA, "replica-a", "the Deployment as first listed").revision().initial()).isTrue();

        shop.ship();
        setImage("registry.local/shop:2.4.0", "2");
        Seen v240 = next(seenA, "replica-a", "2.4.0");
        assertThat(v240.refused()).isNull();
        assertThat(registrations("2.4.0")).containsExactly("kubernetes:shop/shop-web");

        time.advance(Duration.ofSeconds(10));
        a.cycle();
        b.cycle();
        assertThat(b.watching()).as("replica-a renewed at +10 s").isEmpty();

        // replica-a stalls: it renews no more, and its informer (still running) is what a stalled holder leaves behind
        time.advance(Duration.ofSeconds(26));
        b.cycle();
        assertThat(b.watching()).as("replica-a's lease ran out at +25 s; replica-b takes it").containsExactly("production");
        assertThat(storeA.leases().find(ReleaseSources.lease("production")).orElseThrow().owner()).isEqualTo("replica-b");
        Seen caughtUp = next(seenB, "replica-b", "the Deployment as first listed after the takeover");
        assertThat(caughtUp.revision().version()).isEqualTo("2.4.0");
        assertThat(registrations("2.4.0")).as("2.4.0 is known already: the takeover registers nothing").hasSize(1);

        time.advance(Duration.ofSeconds(5)); // within replica-b's lease: it need not renew yet
        setImage("registry.local/shop:2.5.0", "3");
        Seen byB = next(seenB, "replica-b", "2.5.0");
        Seen byA = next(seenA, "replica-a (stalled, its watch still running)", "2.5.0");
        assertThat(byB.refused()).isNull();
        assertThat(byA.revision().version()).isEqualTo("2.5.0");
        assertThat(byA.refused()).as("the replaced holder's registration is fenced").isInstanceOf(LeaseLostException.class)
                .hasMessageContaining("replica-b holds it");
        assertThat(registrations("2.5.0")).as("2.5.0 registered exactly once").containsExactly("kubernetes:shop/shop-web");
        assertThat(storeA.releases().current("shop", "production").orElseThrow().previousVersion()).isEqualTo("2.4.0");

        a.cycle();
        assertThat(a.watching()).as("replica-a found its lease lost and stopped its watch").isEmpty();
        assertThat(seenA).isEmpty();
    }

    @Test
    void aHolderThatStopsCleanlyGivesTheLeaseBackSoTheOtherTakesOverWithoutWaiting() throws Exception {
        a = replica("replica-a", storeA, seenA);
        b = replica("replica-b", storeB, seenB);
        next(seenA, "replica-a", "the Deployment as first listed");
        shop.ship();
        setImage("registry.local/shop:2.4.0", "2");
        assertThat(next(seenA, "replica-a", "2.4.0").refused()).isNull(); // its watch is open, not only its first list

        a.close();
        a = null;
        b.cycle();

        assertThat(b.watching()).as("no time passed: the lease was given back").containsExactly("production");
        assertThat(storeB.leases().find(ReleaseSources.lease("production")).orElseThrow().owner()).isEqualTo("replica-b");
        assertThat(next(seenB, "replica-b", "the Deployment as first listed").revision().version()).isEqualTo("2.4.0");
        assertThat(registrations("2.4.0")).as("registered once, by replica-a").hasSize(1);
    }
}
