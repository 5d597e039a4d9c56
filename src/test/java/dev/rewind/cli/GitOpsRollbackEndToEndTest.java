package dev.rewind.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rewind.integrations.gitops.ConfigRepo;
import dev.rewind.integrations.gitops.GitDaemon;
import dev.rewind.integrations.gitops.GitOpsObjects;
import dev.rewind.integrations.gitops.SimulatedCluster;
import dev.rewind.model.ActionLogEntry;
import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackRecord;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GitOps-deployed service rolled back the way a new user would: a config file, a kubeconfig, {@code rewind rollback}.
 * The cluster is fabric8's mock API server with a Deployment and an Argo CD Application (or a Flux Kustomization); the
 * config repository is a real bare repository behind a real git daemon; the Deployment controller and the GitOps
 * controller are simulated ({@link SimulatedCluster}), the GitOps one with selfHeal: whenever its sync is on, it
 * applies what Git says, as Argo CD and Flux do.
 */
@EnableKubernetesMockClient(crud = true)
class GitOpsRollbackEndToEndTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final String FILE = "apps/shop/production/kustomization.yaml";
    private static final String KUSTOMIZATION = """
            # production overlay of the storefront
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - ../../base
            images:
              - name: registry.example.com/shop
                newTag: v2.4.0   # set by the release pipeline
            """;
    private static final ResourceDefinitionContext APPLICATION = new ResourceDefinitionContext.Builder().withGroup("argoproj.io")
            .withVersion("v1alpha1").withKind("Application").withPlural("applications").withNamespaced(true).build();
    private static final ResourceDefinitionContext KUSTOMIZATION_TYPE = new ResourceDefinitionContext.Builder()
            .withGroup("kustomize.toolkit.fluxcd.io").withVersion("v1").withKind("Kustomization").withPlural("kustomizations").withNamespaced(true).build();

    @TempDir
    Path dir;

    private final WireMockServer health = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private GitOpsObjects objects;
    private ConfigRepo repo;
    private GitDaemon daemon;
    private SimulatedCluster cluster;

    @BeforeEach
    void world() throws Exception {
        health.start();
        health.stubFor(get(urlPathEqualTo("/health")).willReturn(aResponse().withStatus(200).withBody("ok")));
        objects = new GitOpsObjects(client);
        objects.deleteAll();
        client.apps().deployments().inNamespace("shop").delete();
        client.apps().replicaSets().inNamespace("shop").delete();
        repo = ConfigRepo.create(dir, "config", FILE, KUSTOMIZATION, "README.md", "# shop config\n");
        daemon = new GitDaemon(dir, dir.resolve("git-daemon.log"), true);
        cluster = new SimulatedCluster(client, "shop", "shop");
        cluster.deployment("v2.3.1", "v2.4.0");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (cluster != null) cluster.close();
        if (daemon != null) daemon.close();
        health.stop();
    }

    private Path config(String gitops) throws Exception {
        Path kubeconfig = SimulatedCluster.kubeconfig(dir, client);
        return Files.writeString(dir.resolve("rewind.yaml"), """
                environments:
                  production:
                    service: shop
                    production: true
                    strategy: rolling_update
                    health_url: "%s/health?version=$version"
                    deployer:
                      type: kubernetes
                      kubeconfig: %s
                      namespace: shop
                      deployment: shop
                      poll_seconds: 1
                      rollout_timeout_seconds: 60
                    gitops:
                %s""".formatted(health.baseUrl(), kubeconfig, gitops.indent(6)));
    }

    private String argoBlock(int convergeSeconds) {
        return """
                type: argocd
                namespace: argocd
                name: shop
                converge_timeout_seconds: %d
                poll_seconds: 1
                git:
                  url: %s
                  branch: main
                  path: %s
                  format: kustomize
                  image: registry.example.com/shop
                  author: "Rewind <rewind@example.com>"
                """.formatted(convergeSeconds, daemon.url("config"), FILE);
    }

    private Cli rollback(Path config) {
        return Cli.run("rollback", "--config", config.toString(), "--environment", "production", "--to", "v2.3.1",
                "--reason", "checkout errors after 2.4.0", "--store", dir.resolve("rewind.db").toString(), "--out", dir.resolve("out").toString());
    }

    @Test
    void argoCdIsPausedBeforeTheFirstChangeGitGetsThePreviousTagAndTheResumedSyncConvergesOnIt() throws Exception {
        GenericKubernetesResource before = objects.application("argocd", "shop", daemon.url("config"), "apps/shop/production",
                GitOpsObjects.AUTOMATED, repo.head("main"));
        String released = repo.head("main");
        cluster.run(true, "argocd", "shop", repo.bare(), FILE);
        awaitSeen("synced " + released);
        drainRequests();

        Cli cli = rollback(config(argoBlock(60)));

        List<String> changes = changesRewindMade();
        assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(4); // rolled back; no metrics block, so recovery is not measured
        // paused before the first change, resumed after the Deployment's revert
        assertThat(changes).as("Rewind's writes to the cluster, in order")
                .containsExactly("PATCH applications/shop", "PATCH deployments/shop", "PATCH deployments/shop", "PATCH applications/shop");
        // the revert commit is in the bare repository, with the previous tag and nothing else changed
        String reverted = repo.head("main");
        assertThat(reverted).isNotEqualTo(released);
        assertThat(repo.show("main", FILE)).isEqualTo(KUSTOMIZATION.replace("newTag: v2.4.0", "newTag: v2.3.1"));
        assertThat(repo.lastCommit("main")).isEqualTo("Rewind <rewind@example.com>|Roll back shop to v2.3.1");
        // the controller was paused, never re-applied 2.4.0, and synced the reverted commit once resumed
        assertThat(cluster.seen).containsSubsequence("paused", "synced " + reverted + " tag v2.3.1");
        assertThat(cluster.seen).noneMatch(s -> s.startsWith("applied") || s.startsWith("error"));
        assertThat(cluster.image()).isEqualTo("registry.example.com/shop:v2.3.1");
        GenericKubernetesResource after = objects.read(APPLICATION, "argocd", "shop");
        assertThat(GitOpsObjects.spec(after)).isEqualTo(GitOpsObjects.spec(before));
        assertThat(after.getMetadata().getAnnotations()).doesNotContainKey("rewind.dev/paused-sync");
        // every step in the journal, and in the report
        List<ActionLogEntry> log = journal();
        assertThat(log).extracting(ActionLogEntry::action).containsSubsequence("VALIDATION_GATES", "GITOPS_SYNC_PAUSED", "REVERT", "RESTART",
                "HEALTH_VERIFIED", "GITOPS_REVERTED_IN_GIT", "GITOPS_SYNC_RESUMED", "GITOPS_CONVERGED");
        assertThat(log).filteredOn(e -> e.action().startsWith("GITOPS_")).extracting(ActionLogEntry::status).containsOnly("success");
        assertThat(entry(log, "GITOPS_REVERTED_IN_GIT").details()).containsEntry("commit", reverted).containsEntry("before", "v2.4.0")
                .containsEntry("after", "v2.3.1");
        String report = Files.readString(dir.resolve("out/incident-report.md"));
        assertThat(report).contains("## GitOps").contains("Argo CD Application argocd/shop")
                .contains("**Sync paused**: yes").contains("\"selfHeal\":true")
                .contains("commit " + reverted + " to main").contains("**Sync resumed**: yes")
                .contains("synced and healthy on " + reverted.substring(0, 12))
                .contains("The sync runs again from Git").doesNotContain("stays paused");
        assertThat(Files.readString(dir.resolve("out/rollback_result.yaml"))).contains("GITOPS_SYNC_PAUSED").contains("GITOPS_CONVERGED");
        assertThat(cli.out()).containsSubsequence("Stage 3: Pause GitOps", "✔ pause the sync of Argo CD Application argocd/shop",
                "Stage 5: Revert", "Stage 6: GitOps", "✔ commit v2.3.1 of shop to the config repository", "✔ resume the sync of",
                "✔ Argo CD Application argocd/shop synced and healthy on the reverted revision");
    }

    @Test
    void fluxIsSuspendedAndResumedAroundTheRevertAndItsKustomizationAppliesTheRevertedCommit() throws Exception {
        String released = repo.head("main");
        GenericKubernetesResource before = objects.kustomization("flux-system", "shop", "./apps/shop/production", null, "main@sha1:" + released);
        objects.gitRepository("flux-system", "shop", daemon.url("config"));
        cluster.run(false, "flux-system", "shop", repo.bare(), FILE);
        awaitSeen("synced " + released);
        drainRequests();

        Cli cli = rollback(config("""
                type: flux
                kind: Kustomization
                name: shop
                converge_timeout_seconds: 60
                poll_seconds: 1
                git:
                  url: %s
                  path: %s
                  format: kustomize
                  image: registry.example.com/shop
                """.formatted(daemon.url("config"), FILE)));

        assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(4);
        List<String> changes = changesRewindMade();
        assertThat(changes).as("Rewind's writes to the cluster, in order").containsExactly("PATCH kustomizations/shop",
                "PATCH deployments/shop", "PATCH deployments/shop", "PATCH kustomizations/shop", "PATCH gitrepositories/shop");
        String reverted = repo.head("main");
        assertThat(repo.show("main", FILE)).contains("newTag: v2.3.1   # set by the release pipeline");
        assertThat(cluster.seen).containsSubsequence("paused", "synced " + reverted + " tag v2.3.1");
        assertThat(cluster.seen).noneMatch(s -> s.startsWith("applied") || s.startsWith("error"));
        GenericKubernetesResource after = objects.read(KUSTOMIZATION_TYPE, "flux-system", "shop");
        assertThat(GitOpsObjects.spec(after)).isEqualTo(GitOpsObjects.spec(before)).doesNotContainKey("suspend");
        List<ActionLogEntry> log = journal();
        assertThat(entry(log, "GITOPS_CONVERGED").status()).isEqualTo("success");
        assertThat(entry(log, "GITOPS_SYNC_PAUSED").details()).containsEntry("suspend_before", "absent");
        assertThat(Files.readString(dir.resolve("out/incident-report.md"))).contains("Flux Kustomization flux-system/shop")
                .contains("suspend was absent").contains("The sync runs again from Git");
    }

    @Test
    void aRejectedPushFailsTheRollbackLeavesArgoCdPausedAndTheReportSaysSoWithTheCommandThatResumesIt() throws Exception {
        objects.application("argocd", "shop", daemon.url("config"), "apps/shop/production", GitOpsObjects.AUTOMATED, repo.head("main"));
        String released = repo.head("main");
        repo.refusePushes("main is protected: open a pull request");
        cluster.run(true, "argocd", "shop", repo.bare(), FILE);
        awaitSeen("synced " + released);

        Cli cli = rollback(config(argoBlock(60)));

        assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(1);
        assertThat(repo.head("main")).isEqualTo(released);
        GenericKubernetesResource app = objects.read(APPLICATION, "argocd", "shop");
        assertThat(GitOpsCluster_automated(app)).as("still paused").isNull();
        assertThat(app.getMetadata().getAnnotations()).containsKey("rewind.dev/paused-sync");
        assertThat(cluster.seen).noneMatch(s -> s.startsWith("applied"));
        assertThat(cluster.image()).as("the cluster's own revert stands, since nothing re-applies Git").isEqualTo("registry.example.com/shop:v2.3.1");
        List<ActionLogEntry> log = journal();
        assertThat(log).noneMatch(e -> e.action().equals("GITOPS_SYNC_RESUMED"));
        assertThat(entry(log, "GITOPS_REVERTED_IN_GIT").details().get("detail").toString())
                .contains("stays paused").contains("was rejected").contains("main is protected");
        String report = Files.readString(dir.resolve("out/incident-report.md"));
        assertThat(report).contains("**Argo CD Application argocd/shop stays paused.**")
                .contains("kubectl -n argocd patch application shop --type merge -p '{\"spec\":{\"syncPolicy\":{\"automated\":{")
                .contains("kubectl -n argocd annotate application shop rewind.dev/paused-sync-")
                .contains("the revert did not land: commit it by hand")
                .contains("**Manual Intervention**: Required");
    }

    @Test
    void aControllerThatDoesNotConvergeInTimeFailsTheRollbackAfterTheResume() throws Exception {
        objects.application("argocd", "shop", daemon.url("config"), "apps/shop/production", GitOpsObjects.AUTOMATED, repo.head("main"));
        String released = repo.head("main");
        cluster.run(true, "argocd", "shop", repo.bare(), FILE);
        awaitSeen("synced " + released);
        cluster.stopSyncing();

        Cli cli = rollback(config(argoBlock(3)));

        assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(1);
        List<ActionLogEntry> log = journal();
        assertThat(entry(log, "GITOPS_SYNC_RESUMED").status()).isEqualTo("success");
        ActionLogEntry converged = entry(log, "GITOPS_CONVERGED");
        assertThat(converged.status()).isEqualTo("failed");
        assertThat(converged.details().get("detail").toString()).contains("within 3s").contains("revision " + released);
        assertThat(GitOpsCluster_automated(objects.read(APPLICATION, "argocd", "shop"))).as("resumed").isEqualTo(GitOpsObjects.AUTOMATED);
        assertThat(Files.readString(dir.resolve("out/incident-report.md"))).contains("**Convergence**: failed")
                .contains("did not report synced and healthy");
        assertThat(record().status()).isEqualTo("failed");
    }

    @Test
    void aDryRunShowsThePauseBeforeTheFirstChangeAndTheGitStepsAfterTheRevertAndChangesNothing() throws Exception {
        objects.application("argocd", "shop", daemon.url("config"), "apps/shop/production", GitOpsObjects.AUTOMATED, repo.head("main"));
        String released = repo.head("main");
        drainRequests();

        Cli cli = Cli.run("rollback", "--config", config(argoBlock(60)).toString(), "--environment", "production", "--to", "v2.3.1",
                "--reason", "rehearsal", "--dry-run", "--store", dir.resolve("rewind.db").toString(), "--out", dir.resolve("out").toString());

        assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).containsSubsequence("Pause GitOps", "pause-sync: pause the sync of Argo CD Application argocd/shop",
                "revert: apply v2.3.1", "GitOps", "revert-in-git: commit v2.3.1 of shop to the config repository",
                "resume-sync", "verify-convergence", "nothing was changed");
        assertThat(changesRewindMade()).isEmpty();
        assertThat(repo.head("main")).isEqualTo(released);
    }

    private static Object GitOpsCluster_automated(GenericKubernetesResource app) {
        return GitOpsObjects.spec(app).get("syncPolicy") instanceof Map<?, ?> p ? p.get("automated") : null;
    }

    private RollbackRecord record() {
        return RewindStore.open(dir.resolve("rewind.db")).history().list(1).getFirst();
    }

    private List<ActionLogEntry> journal() {
        RewindStore store = RewindStore.open(dir.resolve("rewind.db"));
        return store.journal().actionsLog(store.history().list(1).getFirst().id());
    }

    private static ActionLogEntry entry(List<ActionLogEntry> log, String action) {
        return log.stream().filter(e -> e.action().equals(action)).reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no " + action + " in " + log));
    }

    private void awaitSeen(String event) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (cluster.seen.contains(event) || cluster.seen.stream().anyMatch(s -> s.startsWith(event))) return;
            Thread.sleep(50);
        }
        throw new AssertionError("the simulated controller did not report '" + event + "' within 30 s; it saw " + cluster.seen);
    }

    private static void drainRequests() throws InterruptedException {
        while (server.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
            // the requests before the rollback are the fixture's
        }
    }

    /** Rewind's writes to the cluster since the last drain, in order: the controllers' status writes are theirs, not ours. */
    private static List<String> changesRewindMade() throws InterruptedException {
        List<String> out = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            if (!List.of("PATCH", "PUT", "POST", "DELETE").contains(r.getMethod())) continue;
            if (SimulatedCluster.USER_AGENT.equals(r.getHeader("User-Agent"))) continue;
            String path = r.getPath().replaceAll("\\?.*", "");
            out.add(r.getMethod() + " " + path.substring(path.lastIndexOf('/', path.lastIndexOf('/') - 1) + 1));
        }
        return out;
    }
}
