package dev.rewind.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rewind.config.ConfigLoader;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.integrations.gitops.ConfigRepo;
import dev.rewind.integrations.gitops.GitDaemon;
import dev.rewind.integrations.gitops.GitOpsObjects;
import dev.rewind.integrations.gitops.SimulatedCluster;
import dev.rewind.time.SystemTimeSource;
import dev.rewind.wiring.Integrations;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rewind doctor} on a gitops: block: the app exists, the repository can be read and would take a push. */
@EnableKubernetesMockClient(crud = true)
class GitOpsDoctorTest {
    static KubernetesClient client;
    private static final String FILE = "apps/shop/kustomization.yaml";
    private static final String TOKEN = "ghp_doctorSecret0123456789";

    @TempDir
    Path dir;

    private ConfigRepo repo;

    @BeforeEach
    void world() throws Exception {
        new GitOpsObjects(client).deleteAll();
        repo = ConfigRepo.create(dir, "config", FILE, "images:\n  - name: registry.example.com/shop\n    newTag: v2\n");
    }

    private Path config(String url, String appName, String extraGit) throws Exception {
        Path kubeconfig = SimulatedCluster.kubeconfig(dir, client);
        return Files.writeString(dir.resolve("rewind.yaml"), """
                environments:
                  production:
                    service: shop
                    strategy: rolling_update
                    health_url: http://127.0.0.1:1/health
                    deployer: {type: kubernetes, kubeconfig: %s, namespace: shop}
                    gitops:
                      type: argocd
                      name: %s
                      git:
                        url: %s
                        path: %s
                        format: kustomize
                        image: registry.example.com/shop
                %s""".formatted(kubeconfig, appName, url, FILE, extraGit));
    }

    @Test
    void anExistingApplicationAndARepositoryThatTakesPushesPass() throws Exception {
        new GitOpsObjects(client).application("argocd", "shop", "git://example/config.git", "apps/shop", GitOpsObjects.AUTOMATED, repo.head("main"));
        try (GitDaemon daemon = new GitDaemon(dir, dir.resolve("daemon.log"), true)) {
            DoctorRun run = DoctorRun.of("doctor", "--config", config(daemon.url("config"), "shop", "").toString());

            assertThat(run.row("production", "gitops")).contains("OK").contains("Application argocd/shop")
                    .contains("exists; sync Synced, health Healthy");
            assertThat(run.row("production", "gitops-git")).contains("OK").contains("branch main at " + repo.head("main").substring(0, 12))
                    .contains("accepts a push handshake");
        }
    }

    @Test
    void aRepositoryThatRefusesPushesIsUnauthorizedAndAMissingApplicationFails() throws Exception {
        try (GitDaemon daemon = new GitDaemon(dir, dir.resolve("daemon.log"), false)) {
            DoctorRun run = DoctorRun.of("doctor", "--config", config(daemon.url("config"), "nope", "").toString());

            assertThat(run.exit()).isEqualTo(3);
            assertThat(run.row("production", "gitops-git")).contains("UNAUTHORIZED").contains("refused a push (receive-pack)");
            assertThat(run.row("production", "gitops")).contains("FAILED").contains("Application argocd/nope (argoproj.io/v1alpha1) not found");
        }
    }

    @Test
    void gitHubsWordOnPushPermissionIsCheckedAndItsTokenNeverPrinted() throws Exception {
        WireMockServer github = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        github.start();
        try {
            github.stubFor(get(urlEqualTo("/repos/acme/shop-config")).willReturn(aResponse().withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"message\": \"Bad credentials: " + TOKEN + "\", \"documentation_url\": \"https://docs.github.com/rest\"}")));
            Path cfg = config(repo.bare().toString(), "shop", "        pull_request:\n          api_url: " + github.baseUrl()
                    + "\n          repository: acme/shop-config\n          token: ${GITHUB_TOKEN}\n");
            EnvironmentConfig env = new ConfigLoader(Map.of("GITHUB_TOKEN", TOKEN)::get).read(cfg).config().environments().get("production");
            DoctorProbe probe = new DoctorProbe(new Integrations(new SystemTimeSource(), () -> null), new SystemTimeSource());

            DoctorCheck refused = probe.gitopsRepository(env);

            assertThat(refused.status()).isEqualTo(DoctorStatus.UNAUTHORIZED);
            assertThat(refused.detail()).contains("Bad credentials: ****").doesNotContain(TOKEN);

            github.stubFor(get(urlEqualTo("/repos/acme/shop-config")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"full_name\": \"acme/shop-config\", \"permissions\": {\"admin\": false, \"push\": false, \"pull\": true}}")));
            DoctorCheck readOnly = probe.gitopsRepository(env);
            assertThat(readOnly.status()).isEqualTo(DoctorStatus.UNAUTHORIZED);
            assertThat(readOnly.detail()).contains("may not push to acme/shop-config");

            github.stubFor(get(urlEqualTo("/repos/acme/shop-config")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"full_name\": \"acme/shop-config\", \"permissions\": {\"admin\": false, \"push\": true, \"pull\": true}}")));
            assertThat(probe.gitopsRepository(env).status()).isEqualTo(DoctorStatus.OK);
        } finally {
            github.stop();
        }
    }
}
