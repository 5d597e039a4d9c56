package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.integrations.prometheus.LocalProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rewind doctor} on configs that need no live server: bad config, demo blocks, unknown environments. */
class DoctorCommandConfigTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("rewind.yaml"), text);
    }

    @Test
    void rejectsAnUnknownKeyWithExitTwoNamingTheFileAndLine() throws IOException {
        Path cfg = write("""
                environments:
                  staging:
                    servise: checkout
                """);

        DoctorRun run = DoctorRun.of("doctor", "--config", cfg.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(cfg + ":3", "servise");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void reportsABadIntegrationBlockAsBadConfigWithItsLineAndExitsTwo() throws IOException {
        Path cfg = write("""
                environments:
                  staging:
                    router:
                      type: haproxy
                      socket: /run/haproxy/admin.sock
                """);

        DoctorRun run = DoctorRun.of("doctor", "--config", cfg.toString());

        assertThat(run.exit()).as(run.all()).isEqualTo(2);
        assertThat(run.row("staging", "router")).contains("BAD CONFIG", cfg + ":3", "router.backend", "is required");
    }

    @Test
    void badConfigOutranksAnUnreachableSystemInTheExitCode() throws IOException {
        Path cfg = write("""
                metrics: {type: prometheus, url: "http://127.0.0.1:%d"}
                environments:
                  staging:
                    flags: {type: launchdarkly}
                """.formatted(LocalProcess.freePort()));

        DoctorRun run = DoctorRun.of("doctor", "--config", cfg.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.row(DoctorCommand.TOP_LEVEL, "metrics")).contains("UNREACHABLE");
        assertThat(run.row("staging", "flags")).contains("BAD CONFIG", "unknown type 'launchdarkly'");
    }

    @Test
    void reportsAClosedUnleashPortAsUnreachableWithoutShowingTheToken() throws IOException {
        int closed = LocalProcess.freePort();
        Path cfg = write("""
                environments:
                  staging:
                    strategy: feature_flag
                    feature_flag: new-checkout
                    flags: {type: unleash, url: "http://127.0.0.1:%d", token: "tok-4f9a2c7e11"}
                """.formatted(closed));

        DoctorRun run = DoctorRun.of("doctor", "--config", cfg.toString());

        assertThat(run.exit()).as(run.all()).isEqualTo(3);
        assertThat(run.row("staging", "flags")).contains("UNREACHABLE", "http://127.0.0.1:" + closed, "connection refused");
        assertThat(run.all()).doesNotContain("tok-4f9a2c7e11");
    }

    @Test
    void reportsDemoBlocksAsEmbeddedWithoutStartingTheDemo() throws IOException {
        Path cfg = write("""
                metrics: {type: demo}
                environments:
                  demo:
                    router: {type: demo}
                    deployer: {type: demo}
                    flags: {type: demo}
                """);

        DoctorRun run = DoctorRun.of("doctor", "--config", cfg.toString());

        assertThat(run.exit()).as(run.all()).isZero();
        for (String role : new String[] {"router", "deployer", "flags"}) {
            assertThat(run.row("demo", role)).contains("embedded", "EMBEDDED", "started by rewind demo / rollback");
        }
    }

    @Test
    void saysNoFlagWasReadWhenTheEnvironmentNamesNoFeatureFlag() throws IOException {
        Path cfg = write("""
                environments:
                  staging:
                    router: {type: demo}
                    flags: {type: builtin, flags: {new-checkout: true}}
                """);

        DoctorRun run = DoctorRun.of("doctor", "--config", cfg.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.row("staging", "flags")).contains("SKIPPED", "no feature_flag configured");
    }

    @Test
    void readsTheNamedFlagFromTheBuiltinStore() throws IOException {
        Path cfg = write("""
                environments:
                  staging:
                    strategy: feature_flag
                    feature_flag: new-checkout
                    flags: {type: builtin, flags: {new-checkout: false}}
                """);

        DoctorRun run = DoctorRun.of("doctor", "--config", cfg.toString());

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.row("staging", "flags")).contains(" OK ", "flag new-checkout is off");
        assertThat(run.row("staging", "plan")).contains(" OK ", "rollback steps has what it needs");
    }

    @Test
    void namesTheMissingRouterOfABlueGreenEnvironmentBeforeAnyRollbackNeedsIt() throws IOException {
        Path cfg = write("""
                environments:
                  staging:
                    strategy: blue_green
                    feature_flag: new-checkout
                    flags: {type: builtin, flags: {new-checkout: false}}
                """);

        DoctorRun run = DoctorRun.of("doctor", "--config", cfg.toString());

        assertThat(run.exit()).as(run.all()).isEqualTo(2);
        assertThat(run.row("staging", "flags")).contains(" OK ");
        assertThat(run.row("staging", "plan")).contains("BAD CONFIG", cfg + ":2", "environments.staging.router", "switch-traffic",
                "add a router: block");
    }

    @Test
    void namesAMissingQueryForATriggerMetric() throws IOException {
        Path cfg = write("""
                rollback_policy:
                  triggers:
                    checkout_failures:
                      metric: checkout_failure_rate
                      threshold: 0.05
                environments:
                  staging:
                    strategy: feature_flag
                    feature_flag: new-checkout
                    flags: {type: builtin, flags: {new-checkout: false}}
                    metrics: {type: prometheus, url: "http://127.0.0.1:9"}
                """);

        DoctorRun run = DoctorRun.of("doctor", "--config", cfg.toString());

        assertThat(run.exit()).as(run.all()).isEqualTo(2);
        assertThat(run.row("staging", "plan")).contains("BAD CONFIG", cfg + ":11", "environments.staging.metrics.queries.checkout_failure_rate",
                "trigger 'checkout_failures'");
    }

    @Test
    void checksOnlyTheChosenEnvironmentAndTheMetricsItUses() throws IOException {
        Path cfg = write("""
                metrics: {type: demo}
                environments:
                  staging: {router: {type: demo}}
                  production: {router: {type: demo}, metrics: {type: demo}}
                """);

        DoctorRun run = DoctorRun.of("doctor", "--config", cfg.toString(), "--environment", "production");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).doesNotContain("staging").doesNotContain(DoctorCommand.TOP_LEVEL);
        assertThat(run.row("production", "metrics")).contains("EMBEDDED");
    }

    @Test
    void rejectsAnUnknownEnvironmentWithExitTwoListingTheKnownOnes() throws IOException {
        Path cfg = write("environments:\n  staging: {router: {type: demo}}\n");

        DoctorRun run = DoctorRun.of("doctor", "--config", cfg.toString(), "--environment", "prod");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--environment", "no environment 'prod'", "[staging]");
    }

    @Test
    void saysSoWhenTheConfigNamesNoIntegrations() throws IOException {
        Path cfg = write("rollback_policy:\n  enabled: true\n");

        DoctorRun run = DoctorRun.of("doctor", "--config", cfg.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("nothing to check");
    }

    @Test
    void aMissingConfigFileIsBadInput() {
        DoctorRun run = DoctorRun.of("doctor", "--config", dir.resolve("absent.yaml").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("absent.yaml", "cannot read the config file");
    }
}
