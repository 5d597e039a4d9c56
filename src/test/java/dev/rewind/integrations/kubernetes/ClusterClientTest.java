package dev.rewind.integrations.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.model.ActionFailedException;
import dev.rewind.model.UnreachableException;
import dev.rewind.time.ManualTimeSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The mock server in expectation mode, answering what a real API server answers to bad credentials or a bad request. */
@EnableKubernetesMockClient
class ClusterClientTest {
    static KubernetesMockServer server;
    static KubernetesClient client;
    private static final String PATH = "/apis/apps/v1/namespaces/shop/deployments/api";

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void refusedCredentialsAreReportedAsSuchNotAsAMissingDeployment(int status) {
        server.expect().get().withPath(PATH).andReturn(status, "{\"kind\":\"Status\",\"code\":" + status + "}").once();
        var deployer = new KubernetesDeployer(client, "shop", "api", null, new ManualTimeSource(Instant.EPOCH), Duration.ofSeconds(5), Duration.ofSeconds(1));

        assertThatThrownBy(() -> deployer.currentVersion("api"))
                .isInstanceOfSatisfying(UnreachableException.class, e -> assertThat(e.unauthorized()).isTrue())
                .hasMessageContaining("credentials refused");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 422})
    void otherRefusalsAreFailedActionsWithTheStatus(int status) {
        server.expect().get().withPath("/api/v1/namespaces/shop/services/api").andReturn(status, "{\"kind\":\"Status\",\"message\":\"nope\",\"code\":" + status + "}").once();
        var router = new KubernetesServiceRouter(client, "shop", "api", "version", List.of());

        assertThatThrownBy(router::routes).isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("Kubernetes refused to read service api: HTTP " + status);
    }
}
