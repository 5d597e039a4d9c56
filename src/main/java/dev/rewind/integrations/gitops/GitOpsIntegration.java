package dev.rewind.integrations.gitops;

import dev.rewind.act.GitOps;
import dev.rewind.act.SyncController;
import dev.rewind.config.GitOpsConfig;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.time.TimeSource;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Builds an environment's GitOps side from its {@code gitops:} block: the controller's object and the config repository. */
public final class GitOpsIntegration {
    private GitOpsIntegration() {
    }

    /**
     * @param deployer the environment's deployer block: a kubernetes deployer's kubeconfig and context are used when the
     *                 gitops block names none (Argo CD and Flux usually run in the cluster they deploy to)
     */
    public static GitOps build(GitOpsConfig config, IntegrationConfig deployer, TimeSource time) {
        return new GitOps(controller(config, connect(config, deployer), time), repository(config, time), config.pollEvery());
    }

    public static SyncController controller(GitOpsConfig config, KubernetesClient client, TimeSource time) {
        return config.type().equals("argocd")
                ? new ArgoCdApplication(client, config.namespace(), config.name(), time)
                : new FluxResource(client, config.kind(), config.namespace(), config.name(), time);
    }

    public static GitConfigRepository repository(GitOpsConfig config, TimeSource time) {
        GitOpsConfig.Git git = config.git();
        GitLogin login = git.username() == null ? GitLogin.NONE : new GitLogin(git.username()::value, git.password()::value);
        return new GitConfigRepository(git.url(), git.branch(), git.path(), versionFile(git), login, git.authorName(), git.authorEmail(),
                git.timeout(), pullRequests(git), time);
    }

    /** The pull request client when the block asks for one; the doctor asks it about push permission. */
    public static boolean mayPushThroughGitHub(GitOpsConfig config) {
        GitHubPullRequests pr = pullRequests(config.git());
        return pr != null && pr.mayPush();
    }

    static GitHubPullRequests pullRequests(GitOpsConfig.Git git) {
        GitOpsConfig.PullRequest pr = git.pullRequest();
        return pr == null ? null : new GitHubPullRequests(pr.apiUrl(), pr.repository(), pr.token()::value, git.timeout());
    }

    public static KubernetesClient connect(GitOpsConfig config, IntegrationConfig deployer) {
        boolean own = config.kubeconfig() != null || config.context() != null;
        boolean fromDeployer = !own && deployer != null && deployer.type().equals("kubernetes");
        return GitOpsCluster.connect(own ? config.kubeconfig() : fromDeployer ? deployer.string("kubeconfig", null) : null,
                own ? config.context() : fromDeployer ? deployer.string("context", null) : null);
    }

    private static VersionFile versionFile(GitOpsConfig.Git git) {
        return switch (git.format()) {
            case "kustomize" -> new VersionFile.KustomizeImage(git.image());
            case "helm" -> new VersionFile.HelmValue(git.key());
            case "manifest" -> new VersionFile.ManifestImage(git.container());
            default -> throw new IllegalArgumentException("unknown format " + git.format());
        };
    }
}
