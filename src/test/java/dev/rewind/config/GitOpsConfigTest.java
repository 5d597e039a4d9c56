package dev.rewind.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rewind.model.BadInputException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The gitops: block: what it defaults to, and every mistake named by file, line and field at load. */
class GitOpsConfigTest {
    private static final String HEAD = """
            environments:
              production:
                service: shop
                gitops:
            """;
    private static final String GIT = """
                  git:
                    url: https://git.example.com/acme/shop-config.git
                    path: apps/shop/kustomization.yaml
                    format: kustomize
                    image: registry.example.com/shop
            """;

    private static GitOpsConfig load(String yaml) {
        return new ConfigLoader(k -> null).parse("rewind.yaml", yaml).config().environments().get("production").gitops();
    }

    @Test
    void anArgoCdBlockGetsTheApplicationKindTheArgocdNamespaceAndTheServicesNameByDefault() {
        GitOpsConfig g = load(HEAD + "      type: argocd\n" + GIT + "        username: x-access-token\n        password: ${GIT_TOKEN}\n");

        assertThat(g.type()).isEqualTo("argocd");
        assertThat(g.kind()).isEqualTo("Application");
        assertThat(g.namespace()).isEqualTo("argocd");
        assertThat(g.name()).isEqualTo("shop");
        assertThat(g.app()).isEqualTo("Argo CD Application argocd/shop");
        assertThat(g.convergeTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(g.git().branch()).isEqualTo("main");
        assertThat(g.git().authorName()).isEqualTo("Rewind");
        assertThat(g.git().password().raw()).as("kept as written until used").isEqualTo("${GIT_TOKEN}");
        assertThat(g.git().password().toString()).doesNotContain("secret-value");
        assertThatThrownBy(() -> g.git().password().value()).isInstanceOf(BadInputException.class)
                .hasMessageContaining("GIT_TOKEN is not set").hasMessageStartingWith("rewind.yaml:12");
    }

    @Test
    void aFluxHelmReleaseWithAPullRequestAndItsOwnSettingsLoads() {
        GitOpsConfig g = load(HEAD + """
                      type: flux
                      kind: HelmRelease
                      name: shop-web
                      converge_timeout_seconds: 120
                      poll_seconds: 2
                      git:
                        url: /srv/git/config.git
                        branch: production
                        path: ./apps/shop/values.yaml
                        format: helm
                        key: image.tag
                        author: "Release Bot <bot@example.com>"
                        pull_request:
                          repository: acme/shop-config
                          token: ${GITHUB_TOKEN}
                """);

        assertThat(g.app()).isEqualTo("Flux HelmRelease flux-system/shop-web");
        assertThat(g.convergeTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(g.pollEvery()).isEqualTo(Duration.ofSeconds(2));
        assertThat(g.git().path()).isEqualTo("apps/shop/values.yaml");
        assertThat(g.git().authorEmail()).isEqualTo("bot@example.com");
        assertThat(g.git().pullRequest().apiUrl()).isEqualTo("https://api.github.com");
        assertThat(g.git().pullRequest().repository()).isEqualTo("acme/shop-config");
    }

    @Test
    void anEnvironmentWithoutAGitopsBlockHasNone() {
        assertThat(load("environments:\n  production:\n    service: shop\n")).isNull();
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of(HEAD + "      type: argocd\n      sync: auto\n" + GIT, 6, "environments.production.gitops.sync", "unknown key 'sync'"),
                Arguments.of(HEAD + "      type: argocd\n" + GIT + "        branh: main\n", 11, "environments.production.gitops.git.branh", "did you mean 'branch'"),
                Arguments.of(HEAD + "      type: spinnaker\n" + GIT, 5, "environments.production.gitops.type", "argocd or flux"),
                Arguments.of(HEAD + "      type: flux\n      kind: Application\n" + GIT, 6, "environments.production.gitops.kind", "[Kustomization, HelmRelease]"),
                Arguments.of(HEAD + "      type: argocd\n", 4, "environments.production.gitops", "needs a 'git:' block"),
                Arguments.of(HEAD + "      type: argocd\n" + GIT.replace("https://git.example.com", "https://bot:hunter2@git.example.com"), 7,
                        "environments.production.gitops.git.url", "credentials do not belong in the URL"),
                Arguments.of(HEAD + "      type: argocd\n" + GIT.replace("https://git.example.com/acme/shop-config.git", "git@github.com:acme/config.git"), 7,
                        "environments.production.gitops.git.url", "ssh URLs need JGit's SSH module"),
                Arguments.of(HEAD + "      type: argocd\n" + GIT.replace("apps/shop/kustomization.yaml", "apps/../../etc/passwd"), 8,
                        "environments.production.gitops.git.path", "leaves the repository"),
                Arguments.of(HEAD + "      type: argocd\n" + GIT.replace("apps/shop/kustomization.yaml", "/etc/passwd"), 8,
                        "environments.production.gitops.git.path", "relative to the repository"),
                Arguments.of(HEAD + "      type: argocd\n" + GIT.replace("apps/shop/kustomization.yaml", ".git/config"), 8,
                        "environments.production.gitops.git.path", "expected a file of the repository"),
                Arguments.of(HEAD + "      type: argocd\n" + GIT + "        username: bot\n        password: hunter2\n", 12,
                        "environments.production.gitops.git.password", "must come from the environment"),
                Arguments.of(HEAD + "      type: argocd\n" + GIT + "        password: ${GIT_TOKEN}\n", 6,
                        "environments.production.gitops.git", "both 'username' and 'password'"),
                Arguments.of(HEAD + "      type: argocd\n" + GIT.replace("        image: registry.example.com/shop\n", ""), 6,
                        "environments.production.gitops.git", "needs 'image'"),
                Arguments.of(HEAD + "      type: argocd\n" + GIT.replace("format: kustomize", "format: jsonnet"), 9,
                        "environments.production.gitops.git.format", "[kustomize, helm, manifest]"),
                Arguments.of(HEAD + "      type: argocd\n" + GIT + "        pull_request:\n          repository: acme/shop-config\n", 11,
                        "environments.production.gitops.git.pull_request", "needs 'token'"),
                Arguments.of(HEAD + "      type: argocd\n" + GIT + "        author: rewind\n", 11,
                        "environments.production.gitops.git.author", "Name <email>"));
    }

    @ParameterizedTest(name = "[{index}] line {1}, {2}: {3}")
    @MethodSource("mistakes")
    void everyMistakeIsNamedByFileLineAndFieldWhenTheConfigLoads(String yaml, int line, String field, String expected) {
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> new ConfigLoader(k -> null).parse("rewind.yaml", yaml));

        assertThat(e).as("no error for:%n%s", yaml).isNotNull();
        assertThat(e.getMessage()).contains(expected).startsWith("rewind.yaml:" + line);
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }
}
