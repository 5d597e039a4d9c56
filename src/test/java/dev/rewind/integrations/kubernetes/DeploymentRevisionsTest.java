package dev.rewind.integrations.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.config.ReleaseSourceConfig;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What counts as a new revision of the release, read from two states of a Deployment (the informer's update event).
 * The client is fabric8's mock server in CRUD mode, though these cases never call it; {@code ReleaseSourcesTest}
 * watches a Deployment on it end to end.
 */
@EnableKubernetesMockClient(crud = true)
class DeploymentRevisionsTest {
    static KubernetesClient client;

    private DeploymentRevisions revisions(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(Map.of("namespace", "shop", "deployment", "web"));
        all.putAll(settings);
        return new DeploymentRevisions(client, false, ReleaseSourceConfig.of(new IntegrationConfig("kubernetes", all, "rewind.yaml", 1, "x"), "web"),
                r -> { });
    }

    private static Deployment web(String appImage, String sidecarImage, String versionLabel, int replicas) {
        Map<String, String> labels = new HashMap<>(Map.of("app", "web"));
        if (versionLabel != null) labels.put("app.kubernetes.io/version", versionLabel);
        return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("shop").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("proxy").withImage(sidecarImage).build(),
                        new ContainerBuilder().withName("app").withImage(appImage).build()).endSpec()
                .endTemplate().endSpec().build();
    }

    @Test
    void theFirstContainersImageTagIsTheVersionUnlessAContainerIsNamed() {
        Deployment d = web("registry.local/web:2.0.1", "envoy:1.30", null, 2);

        assertThat(revisions(Map.of()).versionOf(d)).contains("1.30");
        assertThat(revisions(Map.of("container", "app")).versionOf(d)).contains("2.0.1");
        assertThat(revisions(Map.of("container", "nosuch")).versionOf(d)).isEmpty();
    }

    @Test
    void aConfiguredLabelIsTheVersionInsteadOfTheTag() {
        DeploymentRevisions byLabel = revisions(Map.of("version_label", "app.kubernetes.io/version"));

        assertThat(byLabel.versionOf(web("registry.local/web:latest", "envoy:1.30", "2.0.1", 2))).contains("2.0.1");
        assertThat(byLabel.versionOf(web("registry.local/web:latest", "envoy:1.30", null, 2))).isEmpty();
    }

    @Test
    void onlyAChangedVersionIsANewRevision() {
        DeploymentRevisions app = revisions(Map.of("container", "app"));
        Deployment v1 = web("registry.local/web:2.0.1", "envoy:1.30", null, 2);

        assertThat(app.changed(v1, web("registry.local/web:2.0.1", "envoy:1.30", null, 5))).as("scaled").isEmpty();
        assertThat(app.changed(v1, web("registry.local/web:2.0.1", "envoy:1.31", null, 2))).as("another container").isEmpty();
        assertThat(app.changed(v1, web("registry.local/web:2.1.0", "envoy:1.30", null, 2))).hasValueSatisfying(r -> {
            assertThat(r.version()).isEqualTo("2.1.0");
            assertThat(r.previous()).isEqualTo("2.0.1");
            assertThat(r.image()).isEqualTo("registry.local/web:2.1.0");
            assertThat(r.initial()).isFalse();
        });
    }
}
