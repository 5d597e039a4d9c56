package dev.rewind.integrations.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.BadInputException;
import dev.rewind.time.ManualTimeSource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs against fabric8's mock API server in CRUD mode: no real API server can run on this machine
 * (no container runtime, no kind/k3s). CRUD mode stores objects and bumps {@code metadata.generation}
 * on spec changes but runs no controller, so {@link ClusterFixture} writes the ReplicaSets with their
 * revision annotations and plays the controller's status updates as the manual clock moves.
 *
 * <p>Against a real cluster: see {@link KubernetesServiceRouterTest}, which runs on the cluster of
 * KUBECONFIG when {@code REWIND_K8S_IT=real}. These deployer tests fabricate history and stall the
 * controller, which a real cluster would overwrite, so they stay on the mock.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesDeployerTest {
    static KubernetesClient client;
    private static final String NS = "shop";

    private final ManualTimeSource clock = new ManualTimeSource(Instant.parse("2026-01-26T10:00:00Z"));
    private ClusterFixture cluster;
    private KubernetesDeployer deployer;

    @BeforeEach
    void cleanNamespace() {
        client.apps().deployments().inNamespace(NS).delete();
        client.apps().replicaSets().inNamespace(NS).delete();
        cluster = new ClusterFixture(client, NS);
        deployer = new KubernetesDeployer(client, NS, "api", null, clock, Duration.ofSeconds(120), Duration.ofSeconds(2));
    }

    private Deployment apiWithTwoRevisions() {
        Deployment d = cluster.deployment("api", "api", "registry.local/api:v2", 3, 2, Map.of("app", "api"));
        cluster.replicaSet(d, 1, "registry.local/api:v1", Map.of("MODE", "stable"));
        cluster.replicaSet(d, 2, "registry.local/api:v2", Map.of());
        return d;
    }

    /** The controller finishes a rollout {@code after} the change, reporting old pods until then. */
    private void controllerFinishesAfter(String name, Duration after) {
        Instant start = clock.now();
        clock.onAdvance(now -> {
            if (!now.isBefore(start.plus(after))) cluster.completeRollout(name);
            else cluster.startRollout(name);
        });
    }

    @Test
    void rollsBackToThePreviousRevisionsPodTemplateLikeRolloutUndo() {
        apiWithTwoRevisions();
        controllerFinishesAfter("api", Duration.ofSeconds(10));

        deployer.deploy("api", KubernetesDeployer.PREVIOUS);

        Deployment after = cluster.read("api");
        assertThat(ClusterFixture.image(after)).isEqualTo("registry.local/api:v1");
        assertThat(after.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .extracting(e -> e.getName() + "=" + e.getValue()).containsExactly("MODE=stable");
        assertThat(after.getSpec().getTemplate().getMetadata().getLabels()).doesNotContainKey("pod-template-hash");
        assertThat(deployer.currentVersion("api")).isEqualTo("v1");
    }

    @Test
    void waitsUntilTheControllerReportsEveryReplicaUpdatedAndAvailable() {
        apiWithTwoRevisions();
        controllerFinishesAfter("api", Duration.ofSeconds(30));

        deployer.deploy("api", "v1");

        assertThat(Duration.between(Instant.parse("2026-01-26T10:00:00Z"), clock.now())).isEqualTo(Duration.ofSeconds(30));
        assertThat(RolloutWait.progress(cluster.read("api"))).isNull();
    }

    @Test
    void failsWithTheMissingProgressWhenTheRolloutDoesNotFinishInTime() {
        apiWithTwoRevisions();
        controllerFinishesAfter("api", Duration.ofMinutes(10));

        assertThatThrownBy(() -> deployer.deploy("api", "v1"))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("rollout of deployment shop/api did not finish within 120s")
                .hasMessageContaining("1 of 3 replicas updated");
        assertThat(clock.now()).isEqualTo(Instant.parse("2026-01-26T10:02:00Z"));
    }

    @Test
    void doesNotTreatAnUnobservedSpecChangeAsARolledOutDeployment() {
        apiWithTwoRevisions();
        // no controller at all: the status still describes the old generation
        assertThatThrownBy(() -> deployer.deploy("api", "v3"))
                .hasMessageContaining("observedGeneration 1 of 2");
    }

    @Test
    void setsTheImageTagWhenNoKeptRevisionRanTheVersion() {
        apiWithTwoRevisions();
        controllerFinishesAfter("api", Duration.ofSeconds(4));

        deployer.deploy("api", "v3");

        assertThat(ClusterFixture.image(cluster.read("api"))).isEqualTo("registry.local/api:v3");
    }

    @Test
    void snapshotsTheWholeDeploymentBeforeActing() {
        apiWithTwoRevisions();
        controllerFinishesAfter("api", Duration.ofSeconds(2));

        deployer.deploy("api", KubernetesDeployer.PREVIOUS);

        Map<String, Object> snapshot = deployer.lastSnapshot();
        assertThat(snapshot).containsEntry("kind", "Deployment").containsKeys("metadata", "spec", "status");
        assertThat(snapshot.toString()).contains("registry.local/api:v2").doesNotContain("registry.local/api:v1");
        assertThat(deployer.snapshot("api").toString()).contains("registry.local/api:v1");
    }

    @Test
    void refusesToRollBackWhenNoEarlierRevisionIsKept() {
        cluster.deployment("api", "api", "registry.local/api:v2", 3, 1, Map.of("app", "api"));

        assertThatThrownBy(() -> deployer.deploy("api", KubernetesDeployer.PREVIOUS))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("has no revision before 1");
        assertThat(ClusterFixture.image(cluster.read("api"))).isEqualTo("registry.local/api:v2");
    }

    @Test
    void knowsWhichVersionsTheClusterStillKeeps() {
        apiWithTwoRevisions();

        assertThat(deployer.versionExists("api", "v1")).isTrue();
        assertThat(deployer.versionExists("api", "v2")).isTrue();
        assertThat(deployer.versionExists("api", "v9")).isFalse();
    }

    @Test
    void readsTheVersionFromTheConfiguredContainer() {
        Deployment d = cluster.deployment("api", "api", "registry.local/api:v2", 1, 1, Map.of("app", "api"));
        client.apps().deployments().inNamespace(NS).withName("api").edit(x -> {
            x.getSpec().getTemplate().getSpec().getContainers().addFirst(
                    new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("proxy").withImage("envoy:1.30").build());
            return x;
        });
        var sidecarAware = new KubernetesDeployer(client, NS, "api", "api", clock, Duration.ofSeconds(60), Duration.ofSeconds(1));

        assertThat(deployer.currentVersion("api")).isEqualTo("1.30");
        assertThat(sidecarAware.currentVersion("api")).isEqualTo("v2");
        assertThat(d.getMetadata().getName()).isEqualTo("api");
    }

    @Test
    void scalesTheFailedColourToZeroAndKeepsItsImage() {
        cluster.deployment("api-blue", "api", "registry.local/api:v1.3.0", 3, 1, Map.of("app", "api", "version", "blue"));
        cluster.deployment("api-green", "api-g", "registry.local/api:v1.2.9", 3, 1, Map.of("app", "api", "version", "green"));

        deployer.scaleDown("api", "v1.3.0");

        Deployment blue = cluster.read("api-blue");
        assertThat(blue.getSpec().getReplicas()).isZero();
        assertThat(ClusterFixture.image(blue)).isEqualTo("registry.local/api:v1.3.0");
        assertThat(cluster.read("api-green").getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployer.lastSnapshot().toString()).contains("api-blue");
    }

    @Test
    void scalesDownAColourNamedByItsVersionLabel() {
        cluster.deployment("api-blue", "api", "registry.local/api:v1.3.0", 2, 1, Map.of("app", "api", "version", "blue"));

        deployer.scaleDown("api", "blue");

        assertThat(cluster.read("api-blue").getSpec().getReplicas()).isZero();
    }

    @Test
    void saysWhichVersionItCouldNotFindToScaleDown() {
        cluster.deployment("api", "api", "registry.local/api:v2", 2, 1, Map.of("app", "api"));

        assertThatThrownBy(() -> deployer.scaleDown("api", "v7"))
                .isInstanceOf(ActionFailedException.class)
                .hasMessage("no deployment of api in namespace shop runs version v7");
    }

    @Test
    void restartStampsThePodTemplateWithTheInjectedTime() {
        cluster.deployment("api", "api", "registry.local/api:v2", 2, 1, Map.of("app", "api"));
        controllerFinishesAfter("api", Duration.ofSeconds(6));

        deployer.restart("api", "v2");

        assertThat(cluster.read("api").getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("kubectl.kubernetes.io/restartedAt", "2026-01-26T10:00:00Z");
        assertThatThrownBy(() -> deployer.restart("api", "v1")).hasMessageContaining("it runs v2");
    }

    @Test
    void reportsAMissingDeploymentByNamespaceAndName() {
        assertThatThrownBy(() -> deployer.currentVersion("api"))
                .isInstanceOf(ActionFailedException.class).hasMessage("deployment shop/api not found");
    }

    @Test
    void anApiServerThatDoesNotAnswerIsUnreachableWithItsUrl() {
        var config = new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("http://127.0.0.1:9")
                .withRequestRetryBackoffLimit(0).withConnectionTimeout(2000).build();
        try (var offline = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build()) {
            var unreachable = new KubernetesDeployer(offline, NS, "api", null, clock, Duration.ofSeconds(5), Duration.ofSeconds(1));

            assertThatThrownBy(() -> unreachable.currentVersion("api"))
                    .isInstanceOfSatisfying(dev.rewind.model.UnreachableException.class, e -> {
                        assertThat(e.url()).isEqualTo("http://127.0.0.1:9/");
                        assertThat(e.exitCode()).isEqualTo(3);
                    });
        }
    }

    @Test
    void factoryNamesTheFileLineAndFieldOfAnUnknownSetting() {
        var config = new IntegrationConfig("kubernetes", Map.of("namespace", "shop", "replicas", 3), "rewind.yaml", 14, "environments.prod.deployer");

        assertThatThrownBy(() -> KubernetesDeployer.from(config, clock))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("rewind.yaml:14: field 'environments.prod.deployer.replicas': unknown setting");
    }

    @Test
    void factoryRejectsANonPositiveRolloutTimeout() {
        var config = new IntegrationConfig("kubernetes", Map.of("rollout_timeout_seconds", "0"), "rewind.yaml", 3, "deployer");

        assertThatThrownBy(() -> KubernetesDeployer.from(config, clock))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("deployer.rollout_timeout_seconds").hasMessageContaining("from 1 to 86400");
    }

    @Test
    void factoryRejectsAKubeconfigPathThatIsNoFile() {
        var config = new IntegrationConfig("kubernetes", Map.of("kubeconfig", "/nonexistent/kubeconfig"), "rewind.yaml", 3, "deployer");

        assertThatThrownBy(() -> KubernetesDeployer.from(config, clock))
                .isInstanceOf(BadInputException.class).hasMessageContaining("/nonexistent/kubeconfig");
    }

    @Test
    void imageTagsAreReadAndReplacedLikeDockerReferences() {
        assertThat(List.of("api:v1", "registry:5000/api:v2", "registry:5000/api", "api@sha256:abc", "registry:5000/api:v2@sha256:abc"))
                .map(ClusterClient::tagOf).containsExactly("v1", "v2", "latest", "sha256:abc", "v2");
        assertThat(ClusterClient.withTag("registry:5000/api:v2", "v1")).isEqualTo("registry:5000/api:v1");
        assertThat(ClusterClient.withTag("registry:5000/api", "v1")).isEqualTo("registry:5000/api:v1");
        // A6: a version is only ever a tag; a whole image reference would let a caller pick the image
        for (String ref : List.of("other/api:v9", "alpine:3.19", "api@sha256:abc")) {
            assertThatThrownBy(() -> ClusterClient.withTag("api:v2", ref)).as(ref).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("no ':' '/' '@'");
        }
    }
}
