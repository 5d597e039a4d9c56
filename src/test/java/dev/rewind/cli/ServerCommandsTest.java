package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.controller.Fault;
import dev.rewind.controller.FleetSettings;
import dev.rewind.controller.ShopFleet;
import dev.rewind.server.ServerRuntime;
import dev.rewind.store.ApiTokens.Role;
import dev.rewind.store.ReleaseRecord;
import dev.rewind.time.ManualTimeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that talk to a running server ({@code release register}, {@code rollback --batch --server}) against
 * a real server on loopback in front of the simulated shop: what they send arrives, and each kind of refusal ends
 * with its documented exit code and the server's message.
 */
class ServerCommandsTest {
    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-02-24T09:00:00Z"));
    private ShopFleet shop;
    private ServerRuntime runtime;
    private String url;

    @BeforeEach
    void start() {
        shop = new ShopFleet(dir, time, Fault.NONE);
        shop.ship();
        runtime = ServerRuntime.start(shop.store, shop.environments(), FleetSettings.defaults(dir.resolve("out")), time, "127.0.0.1", 0,
                64 * 1024, List.of(), List.of());
        url = "http://127.0.0.1:" + runtime.port();
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private Path token(Role role) throws Exception {
        return Files.writeString(dir.resolve(role.label() + ".token"), shop.store.tokens().create("cli-" + role.label(), role, "test", time.now()).secret() + "\n");
    }

    @Test
    void releaseRegisterSendsTheReleaseWithItsChangesAndTheServerWatchesIt() throws Exception {
        Path changes = Files.writeString(dir.resolve("changes.yaml"), """
                - kind: commit
                  id: f0a1b2c
                  summary: new checkout
                  touches: [checkout]
                """);

        Cli cli = Cli.run("release", "register", "--server", url, "--token-file", token(Role.OPERATOR).toString(),
                "--environment", "production", "--version", "2.4.0", "--previous", "2.3.1", "--changes", changes.toString());

        assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("registered shop 2.4.0 in production (previous 2.3.1); watched until");
        ReleaseRecord r = shop.store.releases().list("shop", "production").stream().filter(x -> x.version().equals("2.4.0")).findFirst().orElseThrow();
        assertThat(r.registeredBy()).isEqualTo("cli-operator");
        assertThat(r.changes()).singleElement().satisfies(c -> assertThat(c.id() + " " + c.touches()).isEqualTo("f0a1b2c [checkout]"));
    }

    @Test
    void aBatchRegisteredFromTheCommandLineCanBeRolledBackWholeFromIt() throws Exception {
        Path op = token(Role.OPERATOR);
        Cli reg = Cli.run("release", "register", "--server", url, "--token-file", op.toString(), "--release", "production=2.4.0");
        assertThat(reg.exit()).as(reg.out() + reg.err()).isZero();
        String batch = reg.out().replaceAll("(?s).*registered batch (batch-[0-9a-f-]+):.*", "$1");
        assertThat(shop.store.releases().batch(batch)).extracting(ReleaseRecord::version).containsExactly("2.4.0");

        Cli rb = Cli.run("rollback", "--batch", batch, "--reason", "the batch broke checkout", "--server", url, "--token-file", op.toString());

        assertThat(rb.exit()).as(rb.out() + rb.err()).isZero();
        assertThat(rb.out()).contains("started batch rollback", batch);
        assertThat(shop.store.audit().entries()).extracting(e -> e.actor() + " " + e.action()).contains("cli-operator batch.rollback_requested");
    }

    @Test
    void refusalsEndWithTheirExitCodesAndTheServersMessage() throws Exception {
        Path viewer = token(Role.VIEWER);
        Path op = token(Role.OPERATOR);
        Path wrong = Files.writeString(dir.resolve("wrong.token"), "rwd_not-a-token\n");

        Cli unknownEnv = Cli.run("release", "register", "--server", url, "--token-file", op.toString(), "--environment", "staging", "--version", "1");
        Cli lowRole = Cli.run("release", "register", "--server", url, "--token-file", viewer.toString(), "--environment", "production", "--version", "1");
        Cli badToken = Cli.run("release", "register", "--server", url, "--token-file", wrong.toString(), "--environment", "production", "--version", "1");
        Cli noBatch = Cli.run("rollback", "--batch", "batch-nosuch", "--reason", "x", "--server", url, "--token-file", op.toString());

        assertThat(unknownEnv.exit()).isEqualTo(2);
        assertThat(unknownEnv.err()).contains("environment", "no environment 'staging' is configured");
        assertThat(lowRole.exit()).isEqualTo(2);
        assertThat(lowRole.err()).contains("(viewer) may not do this", "operator");
        assertThat(badToken.exit()).isEqualTo(3);
        assertThat(badToken.err()).contains("refused the token").doesNotContain("rwd_not-a-token");
        assertThat(noBatch.exit()).isEqualTo(2);
        assertThat(noBatch.err()).contains("not found", "batch-nosuch");
        assertThat(shop.store.releases().list("shop", "production")).extracting(ReleaseRecord::version).doesNotContain("1");
    }

    @Test
    void aCanaryRegisteredFromTheCommandLineHasItsTrafficMovedFromIt() throws Exception {
        Path op = token(Role.OPERATOR);
        Cli reg = Cli.run("release", "register", "--server", url, "--token-file", op.toString(), "--environment", "production", "--version", "2.4.0",
                "--previous", "2.3.1", "--traffic-percent", "10");
        assertThat(reg.exit()).as(reg.out() + reg.err()).isZero();
        assertThat(reg.out()).contains("a canary at 10%, checked against 2.3.1 over the same time");

        Cli half = Cli.run("release", "traffic", "--server", url, "--token-file", op.toString(), "--service", "shop", "--environment", "production",
                "--version", "2.4.0", "--percent", "50", "--reason", "step 2");
        Cli full = Cli.run("release", "traffic", "--server", url, "--token-file", op.toString(), "--service", "shop", "--environment", "production",
                "--version", "2.4.0", "--percent", "100", "--reason", "promote");
        Cli zero = Cli.run("release", "traffic", "--server", url, "--token-file", op.toString(), "--service", "shop", "--environment", "production",
                "--version", "2.4.0", "--percent", "0");
        Cli viewer = Cli.run("release", "traffic", "--server", url, "--token-file", token(Role.VIEWER).toString(), "--service", "shop",
                "--environment", "production", "--version", "2.4.0", "--percent", "20");

        assertThat(half.exit()).as(half.out() + half.err()).isZero();
        assertThat(half.out()).contains("traffic 10% -> 50%; compared with the control (2.3.1 over the same time)");
        assertThat(full.out()).contains("traffic 50% -> 100%; compared with the baseline of 2.3.1 before the deploy");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("percent", "1..100");
        assertThat(viewer.exit()).isEqualTo(2);
        assertThat(viewer.err()).contains("(viewer) may not do this");
        assertThat(shop.store.releases().current("shop", "production")).map(ReleaseRecord::trafficPercent).contains(100);
    }
}
