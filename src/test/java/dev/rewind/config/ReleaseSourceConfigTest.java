package dev.rewind.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rewind.model.BadInputException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The release_source: block: its defaults, and every mistake named by file, line and field when the config loads. */
class ReleaseSourceConfigTest {
    private static final String HEAD = """
            environments:
              production:
                service: shop
                release_source:
                  type: kubernetes
            """;

    private static ReleaseSourceConfig load(String yaml) {
        return new ConfigLoader(k -> null).parse("rewind.yaml", yaml).config().environments().get("production").releaseSource();
    }

    @Test
    void aBareBlockWatchesTheDeploymentNamedLikeTheServiceInTheDefaultNamespaceByItsImageTag() {
        ReleaseSourceConfig s = load(HEAD);

        assertThat(s.namespace()).isEqualTo("default");
        assertThat(s.deployment()).isEqualTo("shop");
        assertThat(s.container()).isNull();
        assertThat(s.versionLabel()).isNull();
        assertThat(s.resync()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void everySettingIsRead() {
        ReleaseSourceConfig s = load(HEAD + """
                      namespace: shop-prod
                      deployment: shop-web
                      container: app
                      version_label: app.kubernetes.io/version
                      resync_seconds: 0
                """);

        assertThat(s.namespace()).isEqualTo("shop-prod");
        assertThat(s.deployment()).isEqualTo("shop-web");
        assertThat(s.container()).isEqualTo("app");
        assertThat(s.versionLabel()).isEqualTo("app.kubernetes.io/version");
        assertThat(s.resync()).isZero();
    }

    @Test
    void theReadmesBlockLoadsAsPrinted() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        int at = readme.indexOf("<!-- readme-config: release-source -->");
        assertThat(at).as("the README's release-source block").isPositive();
        int start = readme.indexOf("```yaml\n", at) + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));

        ReleaseSourceConfig s = new ConfigLoader(k -> null).parse("README.md", yaml).config().environments().get("shop-prod").releaseSource();

        assertThat(s.namespace()).isEqualTo("shop");
        assertThat(s.deployment()).isEqualTo("shop-web");
        assertThat(s.container()).isEqualTo("app");
        assertThat(s.resync()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aRolloutIsNamedByRollout_AndADeploymentIsTheDefaultKind() {
        ReleaseSourceConfig s = load(HEAD + """
                      kind: Rollout
                      namespace: shop-prod
                      rollout: shop-web
                """);

        assertThat(s.kind()).isEqualTo(ReleaseSourceConfig.Kind.ROLLOUT);
        assertThat(s.deployment()).isEqualTo("shop-web");
        assertThat(load(HEAD).kind()).isEqualTo(ReleaseSourceConfig.Kind.DEPLOYMENT);
        assertThat(load(HEAD + "      kind: Rollout\n").deployment()).as("the service's name by default").isEqualTo("shop");
    }

    @Test
    void theReadmesRolloutBlockLoadsAsPrinted() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        int at = readme.indexOf("<!-- readme-config: release-source-rollout -->");
        assertThat(at).as("the README's Rollout release-source block").isPositive();
        int start = readme.indexOf("```yaml\n", at) + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));

        ReleaseSourceConfig s = new ConfigLoader(k -> null).parse("README.md", yaml).config().environments().get("shop-prod").releaseSource();

        assertThat(s.kind()).isEqualTo(ReleaseSourceConfig.Kind.ROLLOUT);
        assertThat(s.deployment()).isEqualTo("shop-web");
        assertThat(s.container()).isEqualTo("app");
    }

    @Test
    void anEnvironmentWithoutTheBlockHasNoReleaseSource() {
        assertThat(load("environments:\n  production:\n    service: shop\n")).isNull();
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("      namespace: Shop_Prod\n", "namespace", 6, "Kubernetes namespace"),
                Arguments.of("      deployment: shop/web\n", "deployment", 6, "Deployment name"),
                Arguments.of("      container: App\n", "container", 6, "container name"),
                Arguments.of("      version_label: \"app version\"\n", "version_label", 6, "label key"),
                Arguments.of("      resync_seconds: 5\n", "resync_seconds", 6, "0 (never) or 30 to 86400"),
                Arguments.of("      resync_seconds: 1e9\n", "resync_seconds", 6, "from 0 to 86400"),
                Arguments.of("      resync_seconds: .nan\n", "resync_seconds", 6, "from 0 to 86400"),
                Arguments.of("      deploymnet: shop\n", "deploymnet", 6, "did you mean 'deployment'"),
                Arguments.of("      kind: rollout\n", "kind", 6, "expected Deployment or Rollout"),
                Arguments.of("      kind: Rollout\n      deployment: shop-web\n", "deployment", 7, "named by rollout:, not deployment:"),
                Arguments.of("      rollout: shop-web\n", "rollout", 6, "set kind: Rollout"),
                Arguments.of("      kind: Rollout\n      rollout: Shop\n", "rollout", 7, "expected a Rollout name"));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void aMistakeIsNamedWithItsLineAndField(String line, String field, int lineNo, String says) {
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> load(HEAD + line));

        assertThat(e).as(line).isNotNull();
        assertThat(e.file()).isEqualTo("rewind.yaml");
        assertThat(e.line()).isEqualTo(lineNo);
        assertThat(e.field()).isEqualTo("environments.production.release_source." + field);
        assertThat(e.getMessage()).contains(says);
    }

    @Test
    void anotherTypeAndAServiceThatIsNoDeploymentNameAreRefused() {
        BadInputException type = catchThrowableOfType(BadInputException.class, () -> load(HEAD.replace("type: kubernetes", "type: argo-rollouts")));
        BadInputException service = catchThrowableOfType(BadInputException.class, () -> load(HEAD.replace("service: shop", "service: Shop_Web")));

        assertThat(type.field()).isEqualTo("environments.production.release_source.type");
        assertThat(type.getMessage()).contains("expected kubernetes");
        assertThat(service.field()).isEqualTo("environments.production.release_source.deployment");
        assertThat(service.getMessage()).contains("set deployment:");
    }
}
