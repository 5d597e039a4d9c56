package dev.rewind.integrations.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rewind.act.GitRevert;
import dev.rewind.config.ConfigLoader;
import dev.rewind.config.GitOpsConfig;
import dev.rewind.model.UnreachableException;
import dev.rewind.time.ManualTimeSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials over git's smart HTTP protocol (git http-backend behind Basic auth, as a hosting service asks for a
 * token): they come from ${VAR} settings when used, ride only in the Authorization header, and are masked by value.
 */
class GitCredentialsTest {
    private static final String TOKEN = "s3cr3t-token-0123456789";
    private static final String FILE = "apps/shop/kustomization.yaml";

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-01-26T10:15:00Z"));

    private GitOpsConfig config(String url, String token) {
        String yaml = """
                environments:
                  production:
                    service: shop
                    gitops:
                      type: argocd
                      git:
                        url: %s
                        path: %s
                        format: kustomize
                        image: registry.example.com/shop
                        username: rewind-bot
                        password: ${GIT_TOKEN}
                """.formatted(url, FILE);
        return new ConfigLoader(Map.of("GIT_TOKEN", token)::get).parse("rewind.yaml", yaml).config().environments().get("production").gitops();
    }

    @Test
    void theTokenFromTheEnvironmentPushesAndNeverAppearsInAUrl() throws Exception {
        ConfigRepo repo = ConfigRepo.create(dir, "config", FILE, "images:\n  - name: registry.example.com/shop\n    newTag: v2.4.0\n");
        try (GitHttpServer http = new GitHttpServer(dir, "rewind-bot", TOKEN)) {
            GitConfigRepository git = GitOpsIntegration.repository(config(http.url("config"), TOKEN), time);

            GitRevert r = git.revert("shop", "v2.4.0", "v2.3.1");
            GitConfigRepository.Access access = git.checkAccess();

            assertThat(repo.head("main")).isEqualTo(r.commit());
            assertThat(repo.show("main", FILE)).contains("newTag: v2.3.1");
            assertThat(access.head()).isEqualTo(r.commit());
            assertThat(http.requestLines).isNotEmpty().anyMatch(l -> l.contains("git-receive-pack"))
                    .noneMatch(l -> l.contains(TOKEN) || l.contains("rewind-bot") || l.contains("@"));
            assertThat(git.describe()).doesNotContain(TOKEN);
            assertThat(r.data().toString()).doesNotContain(TOKEN);
        }
    }

    @Test
    void aRefusedTokenIsUnauthorizedAndTheMessageDoesNotRepeatIt() throws Exception {
        ConfigRepo.create(dir, "config", FILE, "images:\n  - name: registry.example.com/shop\n    newTag: v2.4.0\n");
        String wrong = "wrong-token-9876543210";
        try (GitHttpServer http = new GitHttpServer(dir, "rewind-bot", TOKEN)) {
            GitConfigRepository git = GitOpsIntegration.repository(config(http.url("config"), wrong), time);

            UnreachableException revert = catchThrowableOfType(UnreachableException.class, () -> git.revert("shop", "v2.4.0", "v2.3.1"));
            UnreachableException doctor = catchThrowableOfType(UnreachableException.class, git::checkAccess);

            for (UnreachableException e : new UnreachableException[] {revert, doctor}) {
                assertThat(e).isNotNull();
                assertThat(e.unauthorized()).as(e.getMessage()).isTrue();
                assertThat(e.getMessage()).contains(http.url("config")).doesNotContain(wrong).doesNotContain(TOKEN);
            }
        }
    }
}
