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
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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
 * Releases registered from an Argo Rollouts {@code Rollout} (argoproj.io/v1alpha1): the object lives on fabric8's mock
 * API server in CRUD mode (no real API server, and no Argo Rollouts controller, runs on this machine: CRUD mode stores
 * any resource and serves its watches, and the test sets the {@code rollout.argoproj.io/revision} annotation as the
 * Rollouts controller would). The informer reads it as a generic resource; each report is handed to a queue after the
 * fleet has seen it, and the test waits on that queue, bounded.
 */
@EnableKubernetesMockClient(crud = true)
class RolloutReleaseSourceTest {
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
        client.genericKubernetesResources(DeploymentRevisions.ROLLOUTS).inNamespace(NS).delete();
        shop = new ShopFleet(dir, time, Fault.NONE);
        EnvironmentConfig c = shop.environment.config();
        IntegrationConfig block = new IntegrationConfig("kubernetes", Map.of("kind", "Rollout", "namespace", NS, "rollout", "shop-web",
                "container", "shop", "resync_seconds", 0), "rewind.yaml", 9, "environments.production.release_source");
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
        shop.store.close();
    }

    private DeploymentRevisions.Revision next(String waitingFor) throws InterruptedException {
        DeploymentRevisions.Revision r = seen.poll(20, TimeUnit.SECONDS);
        assertThat(r).as("waited 20 s for the informer to report " + waitingFor + "; it reported nothing").isNotNull();
        return r;
    }

    /** A Rollout's spec as Argo Rollouts has it: a pod template (here with a sidecar first) and a canary strategy. */
    private static Map<String, Object> spec(String image, int replicas) {
        return Map.of("replicas", replicas, "selector", Map.of("matchLabels", Map.of("app", "shop")),
                "strategy", Map.of("canary", Map.of("steps", List.of(Map.of("setWeight", 20), Map.of("pause", Map.of())))),
                "template", Map.of("metadata", Map.of("labels", Map.of("app", "shop")),
                        "spec", Map.of("containers", List.of(Map.of("name", "proxy", "image", "envoy:1.30"), Map.of("name", "shop", "image", image)))));
    }

    private static GenericKubernetesResource rollout(String image) {
        return new GenericKubernetesResourceBuilder().withApiVersion("argoproj.io/v1alpha1").withKind("Rollout")
                .withNewMetadata().withName("shop-web").withNamespace(NS).withAnnotations(Map.of("rollout.argoproj.io/revision", "1")).endMetadata()
                .withAdditionalProperties(Map.of("spec", spec(image, 3))).build();
    }

    /** What {@code kubectl argo rollouts set image} and then the Rollouts controller do: a new template, then the next revision. */
    private void edit(String image, int replicas, String revision) {
        client.genericKubernetesResources(DeploymentRevisions.ROLLOUTS).inNamespace(NS).withName("shop-web").edit(r -> {
            r.setAdditionalProperty("spec", spec(image, replicas));
            Map<String, String> annotations = new HashMap<>(r.getMetadata().getAnnotations());
            annotations.put("rollout.argoproj.io/revision", revision);
            r.getMetadata().setAnnotations(annotations);
            return r;
        });
    }

    private ReleaseRecord current() {
        return shop.store.releases().current("shop", "production").orElseThrow();
    }

    @Test
    void aNewImageOfTheRolloutsContainerIsRegisteredWithThePreviousOne_ScalingIsNot() throws Exception {
        client.genericKubernetesResources(DeploymentRevisions.ROLLOUTS).inNamespace(NS).resource(rollout("registry.local/shop:2.3.1")).create();
        sources = ReleaseSources.start(fleet, (env, listener) -> new DeploymentRevisions(client, false, env.config().releaseSource(), r -> {
            listener.revision(r);
            seen.add(r);
        }));

        DeploymentRevisions.Revision initial = next("the Rollout as first listed");
        assertThat(initial.initial()).isTrue();
        assertThat(initial.version()).as("the container named shop, not the sidecar").isEqualTo("2.3.1");
        assertThat(initial.kind()).isEqualTo(ReleaseSourceConfig.Kind.ROLLOUT);

        shop.ship();
        edit("registry.local/shop:2.4.0", 3, "2");
        DeploymentRevisions.Revision v240 = next("2.4.0");
        assertThat(v240.previous()).isEqualTo("2.3.1");
        assertThat(v240.revision()).isEqualTo("2");
        ReleaseRecord registered = current();
        assertThat(registered.version()).isEqualTo("2.4.0");
        assertThat(registered.previousVersion()).isEqualTo("2.3.1");
        assertThat(registered.registeredBy()).isEqualTo("kubernetes:shop/shop-web");
        assertThat(registered.changes()).singleElement().satisfies(ch -> {
            assertThat(ch.id()).isEqualTo("registry.local/shop:2.4.0");
            assertThat(ch.summary()).isEqualTo("revision 2 of Rollout shop/shop-web");
        });

        // scaling keeps the version: the next report is the next image, which proves nothing came between
        edit("registry.local/shop:2.4.0", 5, "2");
        time.advance(Duration.ofMinutes(5));
        edit("registry.local/shop:2.5.0", 5, "3");
        assertThat(next("2.5.0 (after a scale that must not be reported)").version()).isEqualTo("2.5.0");
        assertThat(current().version()).isEqualTo("2.5.0");
        assertThat(current().previousVersion()).isEqualTo("2.4.0");
        assertThat(shop.store.audit().entries()).filteredOn(e -> e.action().equals("release.registered")).hasSize(2);
    }
}
