package dev.rewind.integrations.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.act.ConfigSnapshot;
import dev.rewind.act.ConfigStore;
import dev.rewind.model.BadInputException;
import dev.rewind.time.ManualTimeSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against fabric8's mock API server in CRUD mode (no real API server can run on this machine): it stores objects
 * and answers reads as a cluster would, which is all a ConfigMap or Secret restore needs (no controller acts on them).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesConfigStoreTest {
    static KubernetesClient client;
    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-01-26T10:00:00Z"));

    @BeforeEach
    void clean() {
        client.configMaps().inNamespace("shop").delete();
        client.secrets().inNamespace("shop").delete();
    }

    private KubernetesConfigStore store(KubernetesConfigStore.Kind kind) {
        return new KubernetesConfigStore(client, "shop", kind, time);
    }

    private void configMap(Map<String, String> data) {
        client.configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata().withName("shop-config").withNamespace("shop")
                .withLabels(Map.of("app", "shop", "grafana_dashboard", "1")).withAnnotations(Map.of("owner", "team-checkout")).endMetadata()
                .withData(data).build()).create();
    }

    private ConfigMap live() {
        return client.configMaps().inNamespace("shop").withName("shop-config").get();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aConfigMapGoesBackToItsSnapshotKeepingItsOwnMetadataAndTheReplacedDataIsKeptToo() {
        configMap(Map.of("feature.mode", "v1", "timeout", "30"));
        KubernetesConfigStore store = store(KubernetesConfigStore.Kind.CONFIGMAP);
        ConfigSnapshot kept = store.capture("shop-config", "2.3.1");
        ConfigMap bad = live();
        bad.setData(Map.of("feature.mode", "v2", "timeout", "5", "new.key", "x"));
        client.configMaps().inNamespace("shop").resource(bad).update();
        time.advance(Duration.ofMinutes(5));

        ConfigStore.Restored r = store.restore("shop-config", "2.3.1", "pre-restore-20260126-100500");

        assertThat(live().getData()).isEqualTo(Map.of("feature.mode", "v1", "timeout", "30"));
        assertThat(live().getMetadata().getLabels()).isEqualTo(Map.of("app", "shop", "grafana_dashboard", "1"));
        assertThat(live().getMetadata().getAnnotations()).containsEntry("owner", "team-checkout")
                .containsEntry(KubernetesConfigStore.RESTORED_FROM, "2.3.1 at 2026-01-26T10:05:00Z");
        assertThat(r.snapshot().label()).isEqualTo("2.3.1");
        assertThat(r.snapshot().takenAt()).isEqualTo(Instant.parse("2026-01-26T10:00:00Z"));
        assertThat(r.snapshot().hashes()).isEqualTo(kept.hashes()).isEqualTo(store.current("shop-config").orElseThrow().hashes());
        assertThat(r.replaced().hashes()).containsOnlyKeys("feature.mode", "timeout", "new.key");
        ConfigMap preRestore = client.configMaps().inNamespace("shop").withName("shop-config.rewind.pre-restore-20260126-100500").get();
        assertThat(preRestore.getData()).containsEntry("new.key", "x");
        assertThat(preRestore.getImmutable()).isTrue();
        assertThat(preRestore.getMetadata().getLabels()).as("no selector may take a snapshot for the real thing")
                .doesNotContainKeys("app", "grafana_dashboard");
    }

    @Test
    void theNewestSnapshotIsTheDefaultAndOneKeptByARestoreIsNeverIt() {
        configMap(Map.of("v", "1"));
        KubernetesConfigStore store = store(KubernetesConfigStore.Kind.CONFIGMAP);
        store.capture("shop-config", "2.3.0");
        time.advance(Duration.ofMinutes(1));
        ConfigMap c = live();
        c.setData(Map.of("v", "2"));
        client.configMaps().inNamespace("shop").resource(c).update();
        store.capture("shop-config", "2.3.1");
        time.advance(Duration.ofMinutes(1));
        c = live();
        c.setData(Map.of("v", "3"));
        client.configMaps().inNamespace("shop").resource(c).update();

        assertThat(store.restore("shop-config", null, "pre-restore-a").snapshot().label()).isEqualTo("2.3.1");
        time.advance(Duration.ofMinutes(1));
        assertThat(store.restore("shop-config", null, "pre-restore-b").snapshot().label()).as("pre-restore-a holds v3, the bad data").isEqualTo("2.3.1");
        assertThat(live().getData()).isEqualTo(Map.of("v", "2"));
        assertThat(store.restore("shop-config", "pre-restore-a", "pre-restore-c").snapshot().label()).as("named, it undoes the restore").isEqualTo("pre-restore-a");
        assertThat(live().getData()).isEqualTo(Map.of("v", "3"));
        assertThat(store.restore("shop-config", "2.3.1", "pre-restore-c").replaced().label()).as("a retry in the same second").isEqualTo("pre-restore-c-2");
    }

    @Test
    void aSecretIsRestoredAndNothingThatLeavesTheStoreHoldsItsValues() {
        client.secrets().inNamespace("shop").resource(new SecretBuilder().withNewMetadata().withName("shop-db").withNamespace("shop").endMetadata()
                .withType("Opaque").withData(Map.of("password", b64("old-s3cret-value"), "user", b64("shop"))).build()).create();
        KubernetesConfigStore store = store(KubernetesConfigStore.Kind.SECRET);
        ConfigSnapshot kept = store.capture("shop-db", "2.3.1");
        Secret s = client.secrets().inNamespace("shop").withName("shop-db").get();
        s.setData(Map.of("password", b64("new-s3cret-value"), "user", b64("shop")));
        client.secrets().inNamespace("shop").resource(s).update();

        ConfigStore.Restored r = store.restore("shop-db", "2.3.1", "pre-restore-x");

        Secret now = client.secrets().inNamespace("shop").withName("shop-db").get();
        assertThat(new String(Base64.getDecoder().decode(now.getData().get("password")), StandardCharsets.UTF_8)).isEqualTo("old-s3cret-value");
        assertThat(now.getType()).isEqualTo("Opaque");
        assertThat(client.secrets().inNamespace("shop").withName("shop-db.rewind.pre-restore-x").get()).as("the snapshot of a Secret is a Secret").isNotNull();
        String everything = kept + " " + r + " " + store.current("shop-db");
        for (String secret : new String[] {"old-s3cret-value", "new-s3cret-value", b64("old-s3cret-value"), b64("new-s3cret-value")}) {
            assertThat(everything).doesNotContain(secret);
        }
        assertThat(r.snapshot().hashes().get("password")).matches("[0-9a-f]{16}").isNotEqualTo(r.replaced().hashes().get("password"));
        assertThat(r.snapshot().hashes().get("user")).isEqualTo(r.replaced().hashes().get("user"));
    }

    @Test
    void anUnknownSnapshotIsRefusedBeforeAnythingIsKeptOrChanged() {
        configMap(Map.of("v", "1"));
        KubernetesConfigStore store = store(KubernetesConfigStore.Kind.CONFIGMAP);
        store.capture("shop-config", "2.3.1");
        assertThatThrownBy(() -> store.restore("shop-config", "2.2.0", "pre-restore-x")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("no snapshot '2.2.0'").hasMessageContaining("[2.3.1]");
        assertThat(client.configMaps().inNamespace("shop").withName("shop-config.rewind.pre-restore-x").get()).isNull();
        assertThatThrownBy(() -> store.capture("shop-config", "2.3.1")).hasMessageContaining("never overwritten");
    }

    @Test
    void anImmutableConfigMapIsRefusedWithTheReason() {
        configMap(Map.of("v", "1"));
        KubernetesConfigStore store = store(KubernetesConfigStore.Kind.CONFIGMAP);
        store.capture("shop-config", "2.3.1");
        ConfigMap c = live();
        c.setImmutable(true);
        client.configMaps().inNamespace("shop").resource(c).update();
        assertThatThrownBy(() -> store.restore("shop-config", "2.3.1", "pre-restore-x")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("ConfigMap shop/shop-config").hasMessageContaining("immutable");
    }

    @Test
    void aConfigMapTheReleaseDeletedIsRecreatedWithItsOwnLabels() {
        configMap(Map.of("v", "1"));
        KubernetesConfigStore store = store(KubernetesConfigStore.Kind.CONFIGMAP);
        store.capture("shop-config", "2.3.1");
        client.configMaps().inNamespace("shop").withName("shop-config").delete();

        ConfigStore.Restored r = store.restore("shop-config", "2.3.1", "pre-restore-x");

        assertThat(r.replaced()).isNull();
        assertThat(live().getData()).isEqualTo(Map.of("v", "1"));
        assertThat(live().getMetadata().getLabels()).isEqualTo(Map.of("app", "shop", "grafana_dashboard", "1"));
    }

    @Test
    void namesAndLabelsAreCheckedBeforeTheyReachTheApi() {
        KubernetesConfigStore store = store(KubernetesConfigStore.Kind.CONFIGMAP);
        assertThatThrownBy(() -> store.current("Shop_Config")).hasMessageContaining("field 'target'");
        assertThatThrownBy(() -> store.capture("shop-config", "V2 final")).hasMessageContaining("params.snapshot");
    }
}
