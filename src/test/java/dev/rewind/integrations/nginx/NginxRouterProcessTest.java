package dev.rewind.integrations.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.act.Routes;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the router runs and when, through a recording process runner; the real nginx is in NginxRouterTest. */
class NginxRouterProcessTest {
    @TempDir Path dir;
    private final List<List<String>> ran = new ArrayList<>();

    private NginxSetup setup(Path pidFile) {
        Map<String, String> servers = new LinkedHashMap<>();
        servers.put("blue", "127.0.0.1:8081");
        servers.put("green", "127.0.0.1:8082");
        return new NginxSetup("app", dir.resolve("upstream.conf"), dir.resolve("nginx.conf"), servers, "/usr/sbin/nginx",
                dir, pidFile, Duration.ofSeconds(5));
    }

    private ProcessRunner answering(int testExit, String testOutput) {
        return (command, timeout) -> {
            ran.add(command);
            return command.contains("-t") ? new ProcessRunner.Result(testExit, testOutput) : new ProcessRunner.Result(0, "");
        };
    }

    @Test
    void testsTheWholeConfigBeforeReloadingIt() {
        new NginxRouter(setup(null), answering(0, "ok")).setRoutes(Routes.allTo("green", "blue"));

        String d = dir.toString();
        assertThat(ran).containsExactly(
                List.of("/usr/sbin/nginx", "-p", d, "-c", d + "/nginx.conf", "-t"),
                List.of("/usr/sbin/nginx", "-p", d, "-c", d + "/nginx.conf", "-s", "reload"));
    }

    @Test
    void reloadsBySignallingThePidInThePidFileWhenOneIsConfigured() throws Exception {
        Files.writeString(dir.resolve("nginx.pid"), "4242\n");

        new NginxRouter(setup(dir.resolve("nginx.pid")), answering(0, "ok")).setRoutes(Routes.allTo("green", "blue"));

        assertThat(ran.getLast()).containsExactly("kill", "-HUP", "4242");
    }

    @Test
    void rejectedFirstConfigLeavesNoFileBehindAndNeverReloads() {
        NginxRouter router = new NginxRouter(setup(null), answering(1, "nginx: [emerg] host not found in upstream"));

        assertThatThrownBy(() -> router.setRoutes(Routes.allTo("green", "blue")))
                .isInstanceOf(ActionFailedException.class).hasMessageContaining("[emerg] host not found in upstream");
        assertThat(dir.resolve("upstream.conf")).doesNotExist();
        assertThat(ran).hasSize(1);
    }

    @Test
    void routesThatSendTrafficNowhereAreRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> new NginxRouter(setup(null), answering(0, "")).setRoutes(new Routes(Map.of("blue", 0, "green", 0))))
                .isInstanceOf(ActionFailedException.class).hasMessageContaining("every weight is 0");
        assertThat(ran).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:8082; } server { listen 80", "127.0.0.1:8082\ndown", "a#b", "${HOST}:80", " "})
    void addressesThatWouldWriteTheirOwnDirectivesAreRejectedWithTheField(String address) {
        IntegrationConfig config = new IntegrationConfig("nginx", Map.of("upstream", "app", "upstream_file", "/u.conf", "conf", "/n.conf",
                "servers", Map.of("green", address)), "rewind.yaml", 20, "environments.prod.router");

        assertThatThrownBy(() -> NginxRouter.from(config)).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.field()).isEqualTo("environments.prod.router.servers.green");
            assertThat(e.line()).isEqualTo(20);
        });
    }

    @Test
    void missingServersMapNamesTheField() {
        IntegrationConfig config = new IntegrationConfig("nginx", Map.of("upstream", "app", "upstream_file", "/u.conf", "conf", "/n.conf"),
                "rewind.yaml", 20, "environments.prod.router");

        assertThatThrownBy(() -> NginxRouter.from(config)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("environments.prod.router.servers");
    }
}
