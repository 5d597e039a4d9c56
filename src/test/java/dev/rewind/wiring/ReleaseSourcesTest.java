package dev.rewind.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.config.EnvironmentConfig;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.config.ReleaseSourceConfig;
import dev.rewind.controller.Fault;
import dev.rewind.controller.Fleet;
import dev.rewind.controller.FleetEnvironment;
import dev.rewind.controller.FleetSettings;
import dev.rewind.controller.ShopFleet;
import dev.rewind.integrations.kubernetes.DeploymentRevisions;
import dev.rewind.store.ReleaseRecord;
import dev.rewind.time.ManualTimeSource;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
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
 * Releases registered from Kubernetes itself: a Deployment on fabric8's mock API server in CRUD mode (no real API
 * server can run on this machine; CRUD mode stores objects and serves watches but runs no controller, so the test sets
 * the revision annotation as the Deployment controller would), watched by the informer, registered with the fleet of
 * the simulated shop on a manual clock. Each revision the informer reports is handed to a queue after the fleet has
 * seen it, so the test waits on that queue (bounded, with what it waited for) rather than on time.
 */
@EnableKubernetesMockClient(crud = true)
class ReleaseSourcesTest {
    static KubernetesClient client;
    private static final String NS = "shop";

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-02-24T09:00:00Z"));
    private final BlockingQueue<DeploymentRevisions.Revision> seen = new LinkedBlockingQueue<>();
    private ShopFleet shop;
    private Fleet fleet;
    private ReleaseSources sources;

    @BeforeEach
    void setUp() {
        client.apps().deployments().inNamespace(NS).delete();
        shop = new ShopFleet(dir, time, Fault.NONE);
        EnvironmentConfig c = shop.environment.config();
        IntegrationConfig block = new IntegrationConfig("kubernetes", Map.of("namespace", NS, "deployment", "shop-web", "resync_seconds", 0),
                "rewind.yaml", 9, "environments.production.release_source");
        EnvironmentConfig withSource = new EnvironmentConfig(c.name(), c.service(), c.strategy(), c.production(), c.featureFlag(), c.metrics(),
                c.router(), c.deployer(), c.flags(), c.healthUrl(), c.smokeTests(), c.dependencies(), c.file(), c.line(), c.database(),
                c.configStore(), c.cache(), c.gitops(), ReleaseSourceConfig.of(block, c.service()), c.plan());
        FleetEnvironment env = new FleetEnvironment(withSource, shop.environment.strategy(), shop.environment.metrics(),
                shop.environment.actuators(), shop.environment.policy());
        fleet = new Fleet(shop.store, time, Map.of("production", env), FleetSettings.defaults(dir.resolve("out")), Runnable::run, Runnable::run, null);
    }

    @AfterEach
    void tearDown() {
        if (sources != null) sources.close();
    }

    private void startWatching() {
        sources = ReleaseSources.start(fleet, (env, listener) -> new DeploymentRevisions(client, false, env.config().releaseSource(), r -> {
            listener.revision(r);
            seen.add(r);
        }));
    }

    private DeploymentRevisions.Revision next(String waitingFor) throws InterruptedException {
        DeploymentRevisions.Revision r = seen.poll(20, TimeUnit.SECONDS);
        assertThat(r).as("waited 20 s for the informer to report " + waitingFor + "; it reported nothing").isNotNull();
        return r;
    }

    private static Deployment deployment(String image, String revision) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("shop-web").withNamespace(NS).withAnnotations(Map.of("deployment.kubernetes.io/revision", revision)).endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().withMatchLabels(Map.of("app", "shop")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "shop")).endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("shop").withImage(image).build()).endSpec().endTemplate()
                .endSpec().build();
    }

    /** What {@code kubectl set image} and then the Deployment controller do: a new template, then the next revision number. */
    private void setImage(String image, String revision) {
        client.apps().deployments().inNamespace(NS).withName("shop-web").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage(image);
            d.getMetadata().getAnnotations().put("deployment.kubernetes.io/revision", revision);
            return d;
        });
    }

    private ReleaseRecord current() {
        return shop.store.releases().current("shop", "production").orElseThrow();
    }

    @Test
    void aNewImageTagIsRegisteredAsARelease_ScalingIsNot_AndAReturnToAKnownVersionIsARollbackNotARelease() throws Exception {
        client.apps().deployments().inNamespace(NS).resource(deployment("registry.local/shop:2.3.1", "1")).create();
        startWatching();

        DeploymentRevisions.Revision initial = next("the Deployment as first listed");
        assertThat(initial.initial()).isTrue();
        assertThat(initial.version()).isEqualTo("2.3.1");
        assertThat(current().version()).as("2.3.1 is already the current release: nothing to register").isEqualTo("2.3.1");

        shop.ship();
        setImage("registry.local/shop:2.4.0", "2");
        DeploymentRevisions.Revision v240 = next("2.4.0");

        assertThat(v240.version()).isEqualTo("2.4.0");
        assertThat(v240.previous()).isEqualTo("2.3.1");
        ReleaseRecord registered = current();
        assertThat(registered.version()).isEqualTo("2.4.0");
        assertThat(registered.previousVersion()).isEqualTo("2.3.1");
        assertThat(registered.registeredBy()).isEqualTo("kubernetes:shop/shop-web");
        assertThat(registered.changes()).singleElement().satisfies(ch -> {
            assertThat(ch.kind()).isEqualTo("image");
            assertThat(ch.id()).isEqualTo("registry.local/shop:2.4.0");
            assertThat(ch.summary()).contains("revision 2");
        });
        assertThat(fleet.watching()).extracting(w -> w.release().version()).containsExactly("2.4.0");
        assertThat(shop.store.audit().entries()).anySatisfy(e -> assertThat(e.actor() + " " + e.action()).isEqualTo("kubernetes:shop/shop-web release.registered"));

        // scaling keeps the version: no revision; the next report is the next image, which proves nothing came between
        client.apps().deployments().inNamespace(NS).withName("shop-web").scale(5);
        time.advance(Duration.ofMinutes(5));
        setImage("registry.local/shop:2.5.0", "3");
        assertThat(next("2.5.0 (after a scale that must not be reported)").version()).isEqualTo("2.5.0");
        assertThat(current().version()).isEqualTo("2.5.0");
        assertThat(current().previousVersion()).isEqualTo("2.4.0");

        // kubectl rollout undo: back to 2.4.0, which the store knows
        setImage("registry.local/shop:2.4.0", "4");
        assertThat(next("the return to 2.4.0").version()).isEqualTo("2.4.0");
        assertThat(current().version()).as("a return to a known version is not registered again").isEqualTo("2.5.0");
        assertThat(shop.store.audit().entries()).filteredOn(e -> e.action().equals("release.registered")).hasSize(2);
    }

    @Test
    void aDeployMadeWhileRewindWasNotWatchingIsRegisteredWhenFirstSeen() throws Exception {
        shop.ship();
        client.apps().deployments().inNamespace(NS).resource(deployment("registry.local/shop:2.4.0", "2")).create();

        startWatching();
        DeploymentRevisions.Revision initial = next("the Deployment as first listed");

        assertThat(initial.initial()).isTrue();
        assertThat(current().version()).isEqualTo("2.4.0");
        assertThat(current().previousVersion()).as("the store's current release before it").isEqualTo("2.3.1");
    }

    @Test
    void aVersionRewindCannotAcceptIsNotRegistered() throws Exception {
        client.apps().deployments().inNamespace(NS).resource(deployment("registry.local/shop:2.3.1", "1")).create();
        startWatching();
        next("the Deployment as first listed");

        shop.ship();
        setImage("registry.local/shop@sha256:" + "ab".repeat(70), "2"); // a digest longer than a version may be
        next("the digest");

        assertThat(current().version()).isEqualTo("2.3.1");
    }
}
