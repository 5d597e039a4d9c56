package dev.rewind.act;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.integrations.configfile.FileConfigStore;
import dev.rewind.integrations.kubernetes.KubernetesConfigStore;
import dev.rewind.model.StepAction;
import dev.rewind.model.StepOutcome;
import dev.rewind.time.ManualTimeSource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore_config step; Kubernetes through fabric8's mock API server in CRUD mode (no real API server runs here). */
@EnableKubernetesMockClient(crud = true)
class ConfigRestoreStepTest {
    static KubernetesClient client;
    @TempDir
    Path tmp;
    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-01-26T10:15:00Z"));

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private StepOutcome run(ConfigStore store, String target, Map<String, String> params) {
        return new StepRunner(Actuators.none().withConfigStore(store), time)
                .run(new StepAction.RestoreConfig(target, params), "production", null, "config");
    }

    @Test
    void aSecretIsRestoredVerifiedByReadingBackAndTheJournalGetsKeysAndHashesOnly() {
        client.secrets().inNamespace("shop").resource(new SecretBuilder().withNewMetadata().withName("shop-db").withNamespace("shop").endMetadata()
                .withData(Map.of("password", b64("tr0ub4dor&3"), "user", b64("shop"))).build()).create();
        KubernetesConfigStore store = new KubernetesConfigStore(client, "shop", KubernetesConfigStore.Kind.SECRET, time);
        store.capture("shop-db", "2.3.1");
        Secret s = client.secrets().inNamespace("shop").withName("shop-db").get();
        s.setData(Map.of("password", b64("correct-horse-battery"), "user", b64("shop"), "api_key", b64("sk-live-123")));
        client.secrets().inNamespace("shop").resource(s).update();

        StepOutcome out = run(store, "shop-db", Map.of("snapshot", "2.3.1"));

        assertThat(out).isInstanceOf(StepOutcome.Succeeded.class);
        assertThat(out.detail()).isEqualTo("shop-db restored to snapshot 2.3.1 (2 keys, verified by reading back)");
        assertThat(out.data()).containsEntry("kept_before_restore", "pre-restore-20260126-101500")
                .containsEntry("keys", Map.of("changed", List.of("password"), "added", List.of(), "removed", List.of("api_key"), "unchanged", List.of("user")));
        @SuppressWarnings("unchecked")
        Map<String, String> hashes = (Map<String, String>) out.data().get("hashes_after");
        assertThat(hashes).containsOnlyKeys("password", "user");
        String journal = out.detail() + out.data();
        for (String secret : List.of("tr0ub4dor&3", "correct-horse-battery", "sk-live-123", b64("tr0ub4dor&3"), b64("correct-horse-battery"), b64("sk-live-123"))) {
            assertThat(journal).doesNotContain(secret);
        }
        String now = new String(Base64.getDecoder().decode(client.secrets().inNamespace("shop").withName("shop-db").get().getData().get("password")),
                StandardCharsets.UTF_8);
        assertThat(now).isEqualTo("tr0ub4dor&3");
    }

    @Test
    void aServiceThatRewritesItsConfigOnReloadFailsTheReadBackCheck() throws Exception {
        Path etc = Files.createDirectories(tmp.resolve("etc"));
        Path file = etc.resolve("app.yaml");
        Files.writeString(file, "pool: 10\n");
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/-/reload", ex -> {
            Files.writeString(file, "pool: 10\n# migrated by the service on reload\n");
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        http.start();
        try {
            FileConfigStore store = FileConfigStore.from(new IntegrationConfig("file", Map.of("root", etc.toString(), "snapshot_dir",
                    tmp.resolve("snapshots").toString(), "reload", Map.of("url", "http://127.0.0.1:" + http.getAddress().getPort() + "/-/reload")),
                    "rewind.yaml", 30, "environments.production.config_store"), time);
            store.capture("app.yaml", "2.3.1");
            Files.writeString(file, "pool: 500\n");

            StepOutcome out = run(store, "app.yaml", Map.of());

            assertThat(out).isInstanceOf(StepOutcome.Failed.class);
            assertThat(out.detail()).isEqualTo("read back after the restore, app.yaml differs from snapshot 2.3.1 in keys [app.yaml]");
            assertThat(out.data().get("reload")).asString().startsWith("POST http://127.0.0.1:").endsWith(" -> 200");
        } finally {
            http.stop(0);
        }
    }

    @Test
    void aSnapshotLabelThatCannotExistIsRefusedAndNotRetried() {
        KubernetesConfigStore store = new KubernetesConfigStore(client, "shop", KubernetesConfigStore.Kind.CONFIGMAP, time);
        StepOutcome out = run(store, "shop-config", Map.of("snapshot", "../../etc"));
        assertThat(out.detail()).contains("field 'params.snapshot'");
        assertThat(out.data()).containsEntry(StepRunner.RETRYABLE, false);
        StepOutcome missing = run(store, "shop-config", Map.of("snapshot", "2.0.0"));
        assertThat(missing.detail()).contains("no snapshot '2.0.0'");
        assertThat(missing.data()).containsEntry(StepRunner.RETRYABLE, false);
    }

    @Test
    void withoutAConfigStoreTheStepIsMissingItsActuator() {
        assertThat(StepNeeds.of(new StepAction.RestoreConfig("shop-config", Map.of()), Actuators.none(), "config"))
                .isEqualTo(new StepNeeds.Missing("no config store to restore shop-config from its snapshot", "config_store"));
    }
}
