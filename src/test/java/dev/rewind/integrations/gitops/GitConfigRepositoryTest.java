package dev.rewind.integrations.gitops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rewind.act.GitRevert;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.BadInputException;
import dev.rewind.time.ManualTimeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The revert lands in a real bare repository, on disk and behind a real git daemon, and git itself reads it back. */
class GitConfigRepositoryTest {
    static final String PATH = "apps/shop/production/kustomization.yaml";
    static final String KUSTOMIZATION = """
            # production overlay
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - ../base
            images:
              - name: registry.example.com/shop  # storefront
                newTag: v2.4.0   # set by the release pipeline
            """;

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-01-26T10:15:00Z"));

    private GitConfigRepository repository(String url, String branch, GitHubPullRequests pullRequests) {
        return new GitConfigRepository(url, branch, PATH, new VersionFile.KustomizeImage("registry.example.com/shop"), GitLogin.NONE,
                "Rewind", "rewind@example.com", Duration.ofSeconds(30), pullRequests, time);
    }

    @Test
    void commitsThePreviousTagToABareRepositoryOnDiskChangingOnlyThatValue() throws Exception {
        ConfigRepo repo = ConfigRepo.create(dir, "config", PATH, KUSTOMIZATION, "README.md", "config\n");

        GitRevert r = repository(repo.bare().toString(), "main", null).revert("shop", "v2.4.0", "v2.3.1");

        assertThat(r.changed()).isTrue();
        assertThat(r.commit()).isEqualTo(repo.head("main"));
        assertThat(r.before()).isEqualTo("v2.4.0");
        assertThat(r.after()).isEqualTo("v2.3.1");
        assertThat(repo.show("main", PATH)).isEqualTo(KUSTOMIZATION.replace("newTag: v2.4.0   #", "newTag: v2.3.1   #"));
        assertThat(repo.lastCommit("main")).isEqualTo("Rewind <rewind@example.com>|Roll back shop to v2.3.1");
        assertThat(ConfigRepo.git(repo.bare(), "log", "-1", "--format=%b", "main"))
                .contains("does not re-apply v2.4.0").contains(PATH + ", images[name=registry.example.com/shop].newTag (line 8): v2.4.0 -> v2.3.1");
        assertThat(repo.commits("main")).isEqualTo(2);
    }

    @Test
    void pushesThroughARealGitDaemon() throws Exception {
        ConfigRepo repo = ConfigRepo.create(dir, "config", PATH, KUSTOMIZATION);
        try (GitDaemon daemon = new GitDaemon(dir, dir.resolve("daemon.log"), true)) {
            GitConfigRepository git = repository(daemon.url("config"), "main", null);

            GitRevert r = git.revert("shop", "v2.4.0", "v2.3.1");

            assertThat(r.commit()).isEqualTo(repo.head("main"));
            assertThat(repo.show("main", PATH)).contains("newTag: v2.3.1   # set by the release pipeline");
            GitConfigRepository.Access access = git.checkAccess();
            assertThat(access.head()).isEqualTo(r.commit());
            assertThat(access.push()).contains("accepts a push handshake");
        }
    }

    @Test
    void aPushTheServerRefusesIsAnErrorWithTheServersWordsAndTheBranchKeepsItsHead() throws Exception {
        ConfigRepo repo = ConfigRepo.create(dir, "config", PATH, KUSTOMIZATION);
        String before = repo.head("main");
        repo.refusePushes("main is protected: changes need a review");
        try (GitDaemon daemon = new GitDaemon(dir, dir.resolve("daemon.log"), true)) {
            assertThatThrownBy(() -> repository(daemon.url("config"), "main", null).revert("shop", "v2.4.0", "v2.3.1"))
                    .isInstanceOf(ActionFailedException.class)
                    .hasMessageContaining("push to main of " + daemon.url("config") + " was rejected")
                    .hasMessageContaining("main is protected");
        }
        assertThat(repo.head("main")).isEqualTo(before);
    }

    @Test
    void aDaemonThatTakesNoPushesFailsTheDoctorsPushCheckButNotItsRead() throws Exception {
        ConfigRepo.create(dir, "config", PATH, KUSTOMIZATION);
        try (GitDaemon daemon = new GitDaemon(dir, dir.resolve("daemon.log"), false)) {
            assertThatThrownBy(() -> repository(daemon.url("config"), "main", null).checkAccess())
                    .isInstanceOfSatisfying(dev.rewind.model.UnreachableException.class, e -> assertThat(e.unauthorized()).isTrue())
                    .hasMessageContaining("the branch can be read, but the server refused a push (receive-pack)")
                    .hasMessageContaining("service not enabled");
        }
    }

    @Test
    void aFileThatAlreadySaysTheTargetIsNotCommittedAgain() throws Exception {
        ConfigRepo repo = ConfigRepo.create(dir, "config", PATH, KUSTOMIZATION.replace("v2.4.0", "v2.3.1"));

        GitRevert r = repository(repo.bare().toString(), "main", null).revert("shop", "v2.4.0", "v2.3.1");

        assertThat(r.changed()).isFalse();
        assertThat(r.commit()).isEqualTo(repo.head("main"));
        assertThat(repo.commits("main")).isEqualTo(1);
    }

    @Test
    void aMissingBranchOrFileIsNamed() throws Exception {
        ConfigRepo repo = ConfigRepo.create(dir, "config", "other.yaml", "a: 1\n");

        assertThatThrownBy(() -> repository(repo.bare().toString(), "main", null).revert("shop", "v2", "v1"))
                .hasMessageContaining("has no file " + PATH);
        assertThatThrownBy(() -> repository(repo.bare().toString(), "release", null).revert("shop", "v2", "v1"))
                .hasMessageContaining("release");
    }

    @Test
    void aSymbolicLinkOutOfTheRepositoryIsRefusedAndNothingIsPushed() throws Exception {
        Path outside = Files.writeString(dir.resolve("outside.yaml"), KUSTOMIZATION);
        ConfigRepo repo = ConfigRepo.create(dir, "config", "README.md", "x\n");
        Path seed = dir.resolve("config-seed");
        Files.createDirectories(seed.resolve(PATH).getParent());
        Files.createSymbolicLink(seed.resolve(PATH), outside);
        ConfigRepo.git(seed, "add", "--all");
        ConfigRepo.git(seed, "-c", "user.name=x", "-c", "user.email=x@example.com", "commit", "--quiet", "-m", "link");
        ConfigRepo.git(seed, "push", "--quiet", repo.bare().toString(), "main");
        String before = repo.head("main");

        assertThatThrownBy(() -> repository(repo.bare().toString(), "main", null).revert("shop", "v2.4.0", "v2.3.1"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("symbolic link");
        assertThat(Files.readString(outside)).isEqualTo(KUSTOMIZATION);
        assertThat(repo.head("main")).isEqualTo(before);
    }

    @Test
    void withAPullRequestTheRevertGoesToABranchOfItsOwnAndGitHubIsAskedInItsOwnRequestShape() throws Exception {
        ConfigRepo repo = ConfigRepo.create(dir, "config", PATH, KUSTOMIZATION);
        String main = repo.head("main");
        WireMockServer github = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        github.start();
        try {
            github.stubFor(post(urlEqualTo("/repos/acme/shop-config/pulls")).willReturn(aResponse().withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"number\": 42, \"html_url\": \"https://github.com/acme/shop-config/pull/42\", \"state\": \"open\"}")));
            GitHubPullRequests prs = new GitHubPullRequests(github.baseUrl(), "acme/shop-config", () -> "ghp_exampleToken123", Duration.ofSeconds(10));

            GitRevert r = repository(repo.bare().toString(), "main", prs).revert("shop", "v2.4.0", "v2.3.1");

            assertThat(r.pullRequest()).isEqualTo("https://github.com/acme/shop-config/pull/42");
            assertThat(r.awaitsMerge()).isTrue();
            assertThat(r.branch()).isEqualTo("rewind/rollback-shop-v2.3.1-20260126-101500");
            assertThat(repo.head("main")).as("the controller's branch is untouched until the merge").isEqualTo(main);
            assertThat(repo.head(r.branch())).isEqualTo(r.commit());
            github.verify(postRequestedFor(urlEqualTo("/repos/acme/shop-config/pulls"))
                    .withHeader("Authorization", equalTo("Bearer ghp_exampleToken123"))
                    .withHeader("Accept", equalTo("application/vnd.github+json"))
                    .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
                    .withRequestBody(matchingJsonPath("$.head", equalTo(r.branch())))
                    .withRequestBody(matchingJsonPath("$.base", equalTo("main")))
                    .withRequestBody(matchingJsonPath("$.title", equalTo("Roll back shop to v2.3.1"))));
        } finally {
            github.stop();
        }
    }
}
