package dev.rewind.integrations.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rewind.act.PartialSwitchException;
import dev.rewind.act.Routes;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.integrations.routing.ColourBackends;
import dev.rewind.integrations.routing.Traffic;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.UnreachableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real HAProxy 2.6 started by the test, with real requests counted at two real backends. */
class HaproxyRouterTest {
    private static final int REQUESTS = 200;
    @TempDir static Path dir;
    private static ColourBackends backends;
    private static RealHaproxy haproxy;
    private static HaproxyRouter router;

    @BeforeAll
    static void startHaproxy() throws Exception {
        backends = new ColourBackends("blue", "green");
        haproxy = new RealHaproxy(dir, String.valueOf(backends.port("blue")), String.valueOf(backends.port("green")));
        router = HaproxyRouter.from(config(Map.of("socket", haproxy.adminSocket.toString(), "backend", "be_app")));
    }

    @AfterAll
    static void stopHaproxy() throws Exception {
        if (haproxy != null) haproxy.close();
        if (backends != null) backends.close();
    }

    static IntegrationConfig config(Map<String, Object> settings) {
        return new IntegrationConfig("haproxy", settings, "rewind.yaml", 12, "environments.prod.router");
    }

    private static Map<String, Integer> traffic() {
        return Traffic.send(haproxy.frontendPort, REQUESTS);
    }

    @Test
    void blueGreenSwitchMovesEveryRequestFromBlueToGreen() {
        router.setRoutes(Routes.allTo("blue", "green"));
        assertThat(traffic()).isEqualTo(Map.of("blue", REQUESTS));

        router.setRoutes(Routes.allTo("green", "blue"));

        assertThat(traffic()).isEqualTo(Map.of("green", REQUESTS));
        assertThat(router.routes()).isEqualTo(new Routes(Map.of("blue", 0, "green", 100)));
    }

    @Test
    void canaryReverseStepsSendTrafficInProportionToTheWeights() {
        router.setRoutes(Routes.allTo("green", "blue"));
        for (int blue : List.of(50, 80, 100)) {
            router.setRoutes(new Routes(Map.of("blue", blue, "green", 100 - blue)));

            Map<String, Integer> counts = traffic();
            assertThat(counts.getOrDefault("blue", 0) * 100.0 / REQUESTS).as("blue's share at %d/%d: %s", blue, 100 - blue, counts)
                    .isCloseTo(blue, within(10.0));
            assertThat(counts.getOrDefault("blue", 0) + counts.getOrDefault("green", 0)).isEqualTo(REQUESTS);
        }
        assertThat(router.routes()).isEqualTo(new Routes(Map.of("blue", 100, "green", 0)));
    }

    @Test
    void drainStopsNewRequestsToTheDrainedServer() {
        router.setRoutes(new Routes(Map.of("blue", 50, "green", 50)));
        assertThat(traffic()).containsOnlyKeys("blue", "green");

        router.drain("green");

        assertThat(traffic()).isEqualTo(Map.of("blue", REQUESTS));
        assertThat(router.routes().weight("green")).isZero();
    }

    @Test
    void unknownServerIsAClearErrorAndNothingIsChanged() {
        router.setRoutes(Routes.allTo("blue", "green"));

        assertThatThrownBy(() -> router.setRoutes(new Routes(Map.of("purple", 100, "blue", 0))))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("no server for target 'purple'").hasMessageContaining("[blue, green]")
                .hasMessageContaining("Nothing was changed");
        assertThat(traffic()).isEqualTo(Map.of("blue", REQUESTS));
    }

    @Test
    void drainingAnUnknownServerQuotesHaproxysAnswer() {
        assertThatThrownBy(() -> router.drain("purple"))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("set server be_app/purple state drain").hasMessageContaining("No such server.");
    }

    @Test
    void serversMapNamesTargetsByRoleRatherThanByServer() {
        HaproxyRouter byRole = HaproxyRouter.from(config(Map.of("socket", haproxy.adminSocket.toString(), "backend", "be_app",
                "servers", Map.of("stable", "blue", "canary", "green"))));

        byRole.setRoutes(Routes.allTo("canary", "stable"));

        assertThat(traffic()).isEqualTo(Map.of("green", REQUESTS));
        assertThat(byRole.routes()).isEqualTo(new Routes(Map.of("canary", 100, "stable", 0)));
    }

    @Test
    void failureHalfwayNamesTheServersThatWereSwitchedAndThoseThatWereNot() {
        router.setRoutes(Routes.allTo("blue", "green"));
        // the real socket, cut after the gaining server (green) got its two commands: like HAProxy dying mid-switch
        RuntimeApi real = StatsSocket.unix(haproxy.adminSocket, Duration.ofSeconds(5));
        AtomicInteger sent = new AtomicInteger();
        RuntimeApi cutAfterThree = new RuntimeApi() {
            public String execute(String command) {
                if (sent.incrementAndGet() > 3) throw new UnreachableException(real.address(), "connection reset", null);
                return real.execute(command);
            }

            public String address() {
                return real.address();
            }
        };

        assertThatThrownBy(() -> new HaproxyRouter(cutAfterThree, "be_app", Map.of()).setRoutes(Routes.allTo("green", "blue")))
                .isInstanceOfSatisfying(PartialSwitchException.class, e -> {
                    assertThat(e.switched()).containsExactly("green");
                    assertThat(e.notSwitched()).containsExactly("blue");
                    assertThat(e.getMessage()).contains("connection reset");
                });
        assertThat(router.routes()).isEqualTo(new Routes(Map.of("blue", 100, "green", 100)));
        assertThat(traffic()).containsOnlyKeys("blue", "green");
    }

    @Test
    void tcpStatsSocketReadsTheSameRoutesAsTheUnixSocket() {
        router.setRoutes(new Routes(Map.of("blue", 30, "green", 70)));
        HaproxyRouter overTcp = HaproxyRouter.from(config(Map.of("address", "127.0.0.1:" + haproxy.adminTcpPort, "backend", "be_app")));

        assertThat(overTcp.routes()).isEqualTo(new Routes(Map.of("blue", 30, "green", 70)));
    }

    @Test
    void userLevelSocketIsReportedAsRefusedCredentialsNotAsAFailedSwitch() {
        HaproxyRouter userLevel = HaproxyRouter.from(config(Map.of("address", "127.0.0.1:" + haproxy.userTcpPort, "backend", "be_app")));

        assertThatThrownBy(() -> userLevel.setRoutes(Routes.allTo("green", "blue")))
                .isInstanceOfSatisfying(UnreachableException.class, e -> {
                    assertThat(e.unauthorized()).isTrue();
                    assertThat(e.exitCode()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("127.0.0.1:" + haproxy.userTcpPort).contains("level admin");
                });
    }

    @Test
    void unknownBackendQuotesHaproxy() {
        HaproxyRouter wrongBackend = HaproxyRouter.from(config(Map.of("socket", haproxy.adminSocket.toString(), "backend", "be_nope")));

        assertThatThrownBy(wrongBackend::routes).isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("be_nope").hasMessageContaining("Can't find backend.");
    }

    @Test
    void unreachableSocketExitsWithThreeAndNamesTheSocket() {
        Path missing = dir.resolve("nobody-listens.sock");
        HaproxyRouter nowhere = HaproxyRouter.from(config(Map.of("socket", missing.toString(), "backend", "be_app")));

        assertThatThrownBy(() -> nowhere.setRoutes(Routes.allTo("blue", "green")))
                .isInstanceOfSatisfying(UnreachableException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(3);
                    assertThat(e.url()).isEqualTo(missing.toString());
                    assertThat(e.getMessage()).contains("show servers state be_app");
                });
    }

    /** The runtime API changes weights in place (no reload), so the very next connection must see each switch. */
    @Test
    void everyOneOfFiftySwitchesInARowReadsBackAndSendsTheNextRequestsToTheNewColour() {
        for (int i = 0; i < 50; i++) {
            String to = i % 2 == 0 ? "green" : "blue";
            Routes wanted = Routes.allTo(to, to.equals("green") ? "blue" : "green");

            router.setRoutes(wanted);

            assertThat(router.routes()).as("routes after switch %d", i + 1).isEqualTo(wanted);
            assertThat(Traffic.send(haproxy.frontendPort, 4)).as("requests after switch %d", i + 1).isEqualTo(Map.of(to, 4));
        }
    }
}
