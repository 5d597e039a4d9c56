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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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

    /** The review's injection: with two line breaks, ".*[;{}].*" never matched, and a whole server block went into nginx. */
    static final String SMUGGLED_SERVER_BLOCK = "127.0.0.1:8082;\n}\nserver { listen 127.0.0.1:8099; return 200 'injected'; }\nupstream x {\n    server 127.0.0.1:8082";

    private Path binary;

    /** The factory wants an executable at nginx_binary; these tests never run it, the recording runner answers. */
    @BeforeEach
    void executableStandIn() throws Exception {
        binary = Files.writeString(dir.resolve("nginx"), "#!/bin/sh\nexit 0\n");
        assertThat(binary.toFile().setExecutable(true)).isTrue();
    }

    private IntegrationConfig config(Map<String, Object> settings) {
        Map<String, Object> all = new LinkedHashMap<>(Map.of("upstream", "app", "upstream_file", "/u.conf", "conf", "/n.conf",
                "nginx_binary", binary.toString(), "servers", Map.of("green", "127.0.0.1:8082")));
        all.putAll(settings);
        return new IntegrationConfig("nginx", all, "rewind.yaml", 20, "environments.prod.router");
    }

    @ParameterizedTest
    @ValueSource(strings = {SMUGGLED_SERVER_BLOCK, "127.0.0.1:8082; } server { listen 80", "127.0.0.1:8082\ndown", "127.0.0.1:8082\n\n",
            "127.0.0.1:8082 weight=5", "127.0.0.1:8082 backup", "a#b", "${HOST}:80", " ", "", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:65536",
            "127.0.0.1:99999", "127.0.0.1:+80", "1.2.3.256:80", "1.2.3:80", "-app:80", "app-:80", "app..internal:80", "app.internal.:80",
            "[::1]", "[::1:8080", "::1:8080", "[1.2.3.4]:80", "[fe80::1%eth0]:80", "unix:", "unix:run/app.sock", "unix:/run/app sock",
            "unix:/run/../etc/app.sock", "unix:/run/app.sock;", "app.internal:80\u2028", "app\u0000:80"})
    void addressesOutsideTheGrammarAreRejectedWithTheFieldAndWithoutEchoingThem(String address) {
        assertThatThrownBy(() -> NginxRouter.from(config(Map.of("servers", Map.of("green", address)))))
                .isInstanceOfSatisfying(BadInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("environments.prod.router.servers.green");
                    assertThat(e.line()).isEqualTo(20);
                    assertThat(e.file()).isEqualTo("rewind.yaml");
                    assertThat(e.getMessage()).contains("expected a server address");
                    if (address.length() > 5) assertThat(e.getMessage()).doesNotContain(address);
                });
    }

    @Test
    void addressesOfSixtyThreeCharacterLabelsAreTheLongestAccepted() {
        String label = "a".repeat(63);
        assertThat(NginxSyntax.addressProblem(label + ".internal:80")).isNull();
        assertThat(NginxSyntax.addressProblem(label + "a.internal:80")).contains("expected a server address");
        assertThat(NginxSyntax.addressProblem((label + ".").repeat(4) + "x:80")).as("a hostname above 253 characters").isNotNull();
        assertThat(NginxSyntax.addressProblem("unix:/" + "s".repeat(106))).isNull();
        assertThat(NginxSyntax.addressProblem("unix:/" + "s".repeat(107))).contains("at most 107");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:8082", "10.0.0.1:1", "10.0.0.1:65535", "shop-blue.internal:8080", "shop_blue:80", "localhost:80",
            "[::1]:8080", "[fe80::1]:443", "[::ffff:10.0.0.1]:80", "unix:/run/shop/blue.sock"})
    void addressesInTheGrammarAreAccepted(String address) {
        assertThat(NginxRouter.from(config(Map.of("servers", Map.of("green", address))))).isNotNull();
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("upstream", "app\n}", "upstream name"),
                Arguments.of("upstream", "a".repeat(101), "upstream name"),
                Arguments.of("upstream_file", "upstream.conf", "absolute path"),
                Arguments.of("upstream_file", "/etc/nginx/up\nstream.conf", "without control characters"),
                Arguments.of("upstream_file", "/etc/nginx/../../tmp/u.conf", "without . or .."),
                Arguments.of("upstream_file", "/" + "u".repeat(4095), "at most 4095"),
                Arguments.of("conf", "nginx.conf", "absolute path"),
                Arguments.of("conf", "/etc/nginx/nginx.conf\r", "without control characters"),
                Arguments.of("prefix", "./", "absolute path"),
                Arguments.of("pid_file", "run/nginx.pid", "absolute path"),
                Arguments.of("pid_file", "/run/nginx.pid\u0085", "without control characters"),
                Arguments.of("nginx_binary", "nginx", "absolute path"),
                Arguments.of("nginx_binary", "/nonexistent/nginx", "never looked up on PATH"),
                Arguments.of("nginx_binary", "/usr/sbin", "no executable file"),
                Arguments.of("timeout_seconds", 0, "from 1 to 600"),
                Arguments.of("timeout_seconds", 601, "from 1 to 600"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badSettings")
    void settingsThatCouldRunOrWriteSomethingElseAreRejectedNamingFileLineAndField(String key, Object value, String expected) {
        assertThatThrownBy(() -> NginxRouter.from(config(Map.of(key, value)))).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.file()).isEqualTo("rewind.yaml");
            assertThat(e.line()).isEqualTo(20);
            assertThat(e.field()).isEqualTo("environments.prod.router." + key);
            assertThat(e.getMessage()).contains(expected);
        });
    }

    @Test
    void anNginxBinaryThatIsNotExecutableIsRejected() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain"), "#!/bin/sh\n");

        assertThatThrownBy(() -> NginxRouter.from(config(Map.of("nginx_binary", plain.toString()))))
                .isInstanceOfSatisfying(BadInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("environments.prod.router.nginx_binary");
                    assertThat(e.getMessage()).contains("no executable file at " + plain);
                });
    }

    @Test
    void aSetupBuiltInCodeIsCheckedLikeOneFromConfig() {
        assertThatThrownBy(() -> new NginxSetup("app", dir.resolve("u.conf"), dir.resolve("n.conf"), Map.of("green", SMUGGLED_SERVER_BLOCK),
                "/usr/sbin/nginx", null, null, Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("servers.green");
        assertThatThrownBy(() -> new NginxSetup("app", Path.of("u.conf"), dir.resolve("n.conf"), Map.of("green", "127.0.0.1:8082"),
                "/usr/sbin/nginx", null, null, Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("upstream_file");
        assertThatThrownBy(() -> new NginxSetup("app", dir.resolve("u.conf"), dir.resolve("n.conf"), Map.of("green", "127.0.0.1:8082"),
                "nginx", null, null, Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nginx_binary");
    }

    @Test
    void missingServersMapNamesTheField() {
        Map<String, Object> noServers = new LinkedHashMap<>(config(Map.of()).settings());
        noServers.remove("servers");
        IntegrationConfig config = new IntegrationConfig("nginx", noServers, "rewind.yaml", 20, "environments.prod.router");

        assertThatThrownBy(() -> NginxRouter.from(config)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("environments.prod.router.servers");
    }
}
