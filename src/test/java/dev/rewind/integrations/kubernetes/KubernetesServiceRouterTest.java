package dev.rewind.integrations.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.act.Routes;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.BadInputException;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs against fabric8's mock API server in CRUD mode, since no real API server can run on this
 * machine. A Service selector needs no controller, so the same tests run unchanged on a real cluster:
 * {@code REWIND_K8S_IT=real ./mvnw test -Dtest=KubernetesServiceRouterTest} uses the cluster and context
 * of KUBECONFIG (or ~/.kube/config) through {@code new KubernetesClientBuilder().build()}, in a
 * throwaway namespace it creates and deletes.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesServiceRouterTest {
    static KubernetesClient client;
    private static final boolean REAL = "real".equals(System.getenv("REWIND_K8S_IT"));
    private static KubernetesClient cluster;
    private static String namespace;

    private KubernetesServiceRouter router;

    @BeforeAll
    static void chooseCluster() {
        cluster = REAL ? new KubernetesClientBuilder().build() : client;
        namespace = REAL ? "rewind-it-" + Long.toHexString(System.nanoTime()) : "shop";
        if (REAL) cluster.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    }

    @AfterAll
    static void dropNamespace() {
        if (REAL) {
            cluster.namespaces().withName(namespace).delete();
            cluster.close();
        }
    }

    @BeforeEach
    void blueServesAllTraffic() {
        cluster.services().inNamespace(namespace).withName("api").delete();
        cluster.services().inNamespace(namespace).resource(new ServiceBuilder()
                .withNewMetadata().withName("api").withNamespace(namespace).endMetadata()
                .withNewSpec().withSelector(Map.of("app", "api", "version", "blue"))
                .addNewPort().withPort(80).withNewTargetPort(8080).endPort().endSpec()
                .build()).create();
        router = new KubernetesServiceRouter(cluster, namespace, "api", "version", List.of("blue", "green"));
    }

    private Map<String, String> selector() {
        return cluster.services().inNamespace(namespace).withName("api").get().getSpec().getSelector();
    }

    @Test
    void readsTheSelectedColourAsAllTheTraffic() {
        assertThat(router.routes().weights()).containsExactly(Map.entry("blue", 100), Map.entry("green", 0));
    }

    @Test
    void switchesTheSelectorToTheColourGivenAllTheTraffic() {
        router.setRoutes(Routes.allTo("green", "blue"));

        assertThat(selector()).containsEntry("version", "green").containsEntry("app", "api");
        assertThat(router.routes().weight("green")).isEqualTo(100);
        assertThat(router.routes().weight("blue")).isZero();
    }

    @ParameterizedTest(name = "blue {0} / green {1}")
    @org.junit.jupiter.params.provider.CsvSource({"50,50", "90,10", "1,99", "0,0"})
    void rejectsASplitBecauseAServiceCannotSplitTraffic(int blue, int green) {
        assertThatThrownBy(() -> router.setRoutes(new Routes(Map.of("blue", blue, "green", green))))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("expected exactly one target at 100 and the rest at 0");
        assertThat(selector()).containsEntry("version", "blue");
    }

    @Test
    void drainingTheSelectedColourSwitchesToTheOtherOne() {
        router.drain("blue");

        assertThat(selector()).containsEntry("version", "green");
    }

    @ParameterizedTest
    @ValueSource(strings = {"green", "purple"})
    void drainingAColourThatGetsNoTrafficChangesNothing(String colour) {
        router.drain(colour);

        assertThat(selector()).containsEntry("version", "blue");
    }

    @Test
    void refusesToDrainTheOnlyColourItKnows() {
        var single = new KubernetesServiceRouter(cluster, namespace, "api", "version", List.of());

        assertThatThrownBy(() -> single.drain("blue")).isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("no single other colour");
        assertThat(selector()).containsEntry("version", "blue");
    }

    @Test
    void reportsAMissingService() {
        var missing = new KubernetesServiceRouter(cluster, namespace, "nope", "version", List.of());

        assertThatThrownBy(missing::routes).isInstanceOf(ActionFailedException.class)
                .hasMessage("service " + namespace + "/nope not found");
    }

    @Test
    void factoryRequiresTheServiceName() {
        var config = new IntegrationConfig("kubernetes", Map.of("namespace", "shop"), "rewind.yaml", 22, "environments.prod.router");

        assertThatThrownBy(() -> KubernetesServiceRouter.from(config))
                .isInstanceOf(BadInputException.class)
                .hasMessage("rewind.yaml:22: field 'environments.prod.router.service': is required for type 'kubernetes'");
    }

    @Test
    void factoryWantsColoursAsAList() {
        var config = new IntegrationConfig("kubernetes", Map.of("service", "api", "colors", "blue,green"), "rewind.yaml", 22, "router");

        assertThatThrownBy(() -> KubernetesServiceRouter.from(config))
                .isInstanceOf(BadInputException.class).hasMessageContaining("router.colors").hasMessageContaining("expected a list");
    }
}
