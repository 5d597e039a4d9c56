package dev.rewind.integrations.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import dev.rewind.act.Routes;
import dev.rewind.integrations.routing.ColourBackends;
import dev.rewind.integrations.routing.Traffic;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.BadInputException;
import dev.rewind.model.UnreachableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real nginx started by the test: the router rewrites its upstream, nginx -t checks it, real requests show the result. */
class NginxRouterTest {
    private static final int REQUESTS = 200;
    @TempDir static Path dir;
    private static ColourBackends backends;
    private static RealNginx nginx;
    private static NginxRouter router;

    @BeforeAll
    static void startNginx() throws Exception {
        backends = new ColourBackends("blue", "green");
        nginx = new RealNginx(dir, "upstream app {\n    server " + backends.address("blue") + ";\n}\n");
        router = NginxRouter.from(nginx.config(Map.of(), colours()));
    }

    @AfterAll
    static void stopNginx() throws Exception {
        if (nginx != null) nginx.close();
        if (backends != null) backends.close();
    }

    private static Map<String, String> colours() {
        return Map.of("blue", backends.address("blue"), "green", backends.address("green"));
    }

    private static Map<String, Integer> traffic() {
        return Traffic.send(nginx.port, REQUESTS);
    }

    /** Sets routes and waits, bounded, until nginx's old workers are gone, so every counted request saw the new routes. */
    private static void switchTo(NginxRouter through, Routes routes) throws InterruptedException {
        Set<Long> old = nginx.workers();
        through.setRoutes(routes);
        nginx.awaitWorkersReplacing(old);
    }

    @Test
    void blueGreenSwitchMovesEveryRequestFromBlueToGreen() throws Exception {
        switchTo(router, Routes.allTo("blue", "green"));
        assertThat(traffic()).isEqualTo(Map.of("blue", REQUESTS));

        switchTo(router, Routes.allTo("green", "blue"));

        assertThat(traffic()).isEqualTo(Map.of("green", REQUESTS));
        assertThat(router.routes()).isEqualTo(new Routes(Map.of("green", 100, "blue", 0)));
        assertThat(Files.readString(nginx.upstreamFile)).contains("server " + backends.address("blue") + " down;");
    }

    @Test
    void aPlantedSymlinkAtTheOldTemporaryNameIsNotFollowedAndTheFileKeepsItsMode() throws Exception {
        // A9: the upstream file was written through ".<upstream>.rewind-new", following a symlink planted there
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "untouched\n");
        Path planted = nginx.upstreamFile.resolveSibling("." + nginx.upstreamFile.getFileName() + ".rewind-new");
        Files.deleteIfExists(planted);
        Files.createSymbolicLink(planted, victim);
        Files.setPosixFilePermissions(nginx.upstreamFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        try {
            switchTo(router, Routes.allTo("green", "blue"));
            switchTo(router, Routes.allTo("blue", "green"));

            assertThat(Files.readString(victim)).isEqualTo("untouched\n");
            assertThat(Files.isSymbolicLink(planted)).as("the planted link is left alone, not written through").isTrue();
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(nginx.upstreamFile))).isEqualTo("rw-r-----");
            assertThat(traffic()).isEqualTo(Map.of("blue", REQUESTS));
        } finally {
            Files.deleteIfExists(planted);
            Files.setPosixFilePermissions(nginx.upstreamFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    @Test
    void canaryReverseStepsSendTrafficInProportionToTheWeights() throws Exception {
        switchTo(router, Routes.allTo("green", "blue"));
        for (int blue : List.of(50, 80, 100)) {
            switchTo(router, new Routes(Map.of("blue", blue, "green", 100 - blue)));

            Map<String, Integer> counts = traffic();
            assertThat(counts.getOrDefault("blue", 0) * 100.0 / REQUESTS).as("blue's share at %d/%d: %s", blue, 100 - blue, counts)
                    .isCloseTo(blue, within(10.0));
            assertThat(counts.getOrDefault("blue", 0) + counts.getOrDefault("green", 0)).isEqualTo(REQUESTS);
        }
    }

    @Test
    void drainStopsNewRequestsToTheDrainedServer() throws Exception {
        switchTo(router, new Routes(Map.of("blue", 50, "green", 50)));
        assertThat(traffic()).containsOnlyKeys("blue", "green");

        Set<Long> old = nginx.workers();
        router.drain("green");
        nginx.awaitWorkersReplacing(old);

        assertThat(traffic()).isEqualTo(Map.of("blue", REQUESTS));
        assertThat(router.routes().weight("green")).isZero();
    }

    @Test
    void configNginxRejectsIsUndoneByteForByteAndTheOldRoutesKeepServing() throws Exception {
        switchTo(router, Routes.allTo("blue", "green"));
        byte[] before = Files.readAllBytes(nginx.upstreamFile);
        Set<Long> workers = nginx.workers();
        // a well-formed address nginx -t cannot use: .invalid never resolves (RFC 6761)
        NginxRouter unresolvable = NginxRouter.from(nginx.config(Map.of(),
                Map.of("blue", backends.address("blue"), "green", "green.invalid:8080")));

        assertThatThrownBy(() -> unresolvable.setRoutes(Routes.allTo("green", "blue")))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("host not found in upstream \"green.invalid:8080\"")
                .hasMessageContaining("test failed")
                .hasMessageContaining(nginx.upstreamFile + " restored; nginx was not reloaded");

        assertThat(Files.readAllBytes(nginx.upstreamFile)).isEqualTo(before);
        assertThat(nginx.workers()).isEqualTo(workers);
        assertThat(traffic()).isEqualTo(Map.of("blue", REQUESTS));
    }

    /**
     * The review's finding, reproduced: an address with two line breaks got past a check whose "." stops
     * at a line break, and wrote a server block of its own that nginx -t accepted and nginx served.
     */
    @Test
    void anAddressSmugglingAServerBlockIsRefusedAndNginxNeverServesTheBlock() throws Exception {
        switchTo(router, Routes.allTo("blue", "green"));
        byte[] before = Files.readAllBytes(nginx.upstreamFile);
        int injectedPort = Traffic.freePort();
        String smuggled = backends.address("green") + ";\n}\nserver { listen 127.0.0.1:" + injectedPort + "; return 200 'injected'; }\n"
                + "upstream smuggled {\n    server " + backends.address("green");
        Set<Long> workers = nginx.workers();

        Throwable refused = catchThrowable(() -> NginxRouter.from(nginx.config(Map.of(), Map.of("blue", backends.address("blue"), "green", smuggled)))
                .setRoutes(Routes.allTo("green", "blue")));
        if (refused == null) nginx.awaitWorkersReplacing(workers); // let nginx act on what got through before looking

        assertThat(Traffic.request(injectedPort)).as("what the smuggled server block serves").startsWith("failed: ");
        assertThat(Files.readAllBytes(nginx.upstreamFile)).isEqualTo(before);
        assertThat(traffic()).isEqualTo(Map.of("blue", REQUESTS));
        assertThat(refused).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.field()).isEqualTo("environments.prod.router.servers.green");
            assertThat(e.getMessage()).doesNotContain("injected");
        });
    }

    @Test
    void reloadBySignalToThePidFileWorksLikeNginxDashS() throws Exception {
        List<List<String>> ran = new CopyOnWriteArrayList<>();
        SystemProcessRunner real = new SystemProcessRunner();
        NginxRouter bySignal = new NginxRouter(NginxSetup.from(nginx.config(Map.of("pid_file", nginx.pidFile.toString()), colours())),
                (command, timeout) -> {
                    ran.add(command);
                    return real.run(command, timeout);
                });
        switchTo(router, Routes.allTo("blue", "green"));

        switchTo(bySignal, Routes.allTo("green", "blue"));

        assertThat(traffic()).isEqualTo(Map.of("green", REQUESTS));
        assertThat(ran.getLast()).containsExactly(NginxMaster.trustedKill().toString(), "-HUP", Files.readString(nginx.pidFile).strip());
    }

    @Test
    void unknownTargetIsAClearErrorNamingTheConfiguredOnes() {
        assertThatThrownBy(() -> router.setRoutes(new Routes(Map.of("purple", 100))))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("unknown target 'purple'").hasMessageContaining("blue").hasMessageContaining("green");
    }

    @Test
    void nginxThatCannotBeRunExitsWithThreeNamingTheBinaryAndRestoresTheFile() throws Exception {
        switchTo(router, Routes.allTo("blue", "green"));
        byte[] before = Files.readAllBytes(nginx.upstreamFile);
        Path vanishing = Files.createSymbolicLink(dir.resolve("vanishing-nginx"), nginx.binary);
        NginxRouter missingBinary = NginxRouter.from(nginx.config(Map.of("nginx_binary", vanishing.toString()), colours()));
        Files.delete(vanishing); // uninstalled after the config was read

        assertThatThrownBy(() -> missingBinary.setRoutes(Routes.allTo("green", "blue")))
                .isInstanceOfSatisfying(UnreachableException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(3);
                    assertThat(e.url()).isEqualTo(vanishing.toString());
                    assertThat(e.getMessage()).contains(nginx.upstreamFile + " restored");
                });
        assertThat(Files.readAllBytes(nginx.upstreamFile)).isEqualTo(before);
    }

    @Test
    void reloadOfAnNginxThatIsNotRunningExitsWithThreeAndRestoresTheFile() throws Exception {
        switchTo(router, Routes.allTo("blue", "green"));
        byte[] before = Files.readAllBytes(nginx.upstreamFile);
        NginxRouter stalePid = NginxRouter.from(nginx.config(Map.of("pid_file", dir.resolve("gone.pid").toString()), colours()));

        assertThatThrownBy(() -> stalePid.setRoutes(Routes.allTo("green", "blue")))
                .isInstanceOfSatisfying(UnreachableException.class, e -> assertThat(e.getMessage()).contains("gone.pid"));
        assertThat(Files.readAllBytes(nginx.upstreamFile)).isEqualTo(before);
        assertThat(traffic()).isEqualTo(Map.of("blue", REQUESTS));
    }

    /** A reload replaces the workers: once the old ones are gone, no request reaches the colour switched away from. */
    @Test
    void everyOneOfSixSwitchesInARowServesOnlyTheNewColourOnceTheOldWorkersAreGone() throws Exception {
        for (int i = 0; i < 6; i++) {
            String to = i % 2 == 0 ? "green" : "blue";

            switchTo(router, Routes.allTo(to, to.equals("green") ? "blue" : "green"));

            assertThat(router.routes().percent(to)).as("routes after switch %d", i + 1).isEqualTo(100.0);
            assertThat(Traffic.send(nginx.port, 20)).as("requests after switch %d", i + 1).isEqualTo(Map.of(to, 20));
        }
    }
}
