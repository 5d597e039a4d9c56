package dev.rewind.integrations.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rewind.act.Routes;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.UnreachableException;
import dev.rewind.testing.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A pid file goes to a signal only once it is proven to name nginx's master. The router here runs
 * through a recording runner, so that a pid file which got through could never signal anything real
 * (kill -HUP -1 as root would hang up every process on the machine): "nothing signalled" is "nothing ran".
 */
class NginxPidFileTest {
    private static final String BEFORE = "upstream app {\n    server 127.0.0.1:8081;\n}\n";
    @TempDir Path dir;
    private final List<List<String>> ran = new ArrayList<>();

    private NginxRouter router(Path binary) {
        Map<String, String> servers = new LinkedHashMap<>();
        servers.put("blue", "127.0.0.1:8081");
        servers.put("green", "127.0.0.1:8082");
        return new NginxRouter(new NginxSetup("app", dir.resolve("upstream.conf"), dir.resolve("nginx.conf"), servers, binary.toString(),
                dir, dir.resolve("nginx.pid"), Duration.ofSeconds(5)), (command, timeout) -> {
                    ran.add(command);
                    return new ProcessRunner.Result(0, "");
                });
    }

    /** Refused with a message naming the pid file and the problem; nothing ran; the upstream file is as it was. */
    private String assertRefused(Path binary, Class<? extends RuntimeException> type, String expected) throws Exception {
        Files.writeString(dir.resolve("upstream.conf"), BEFORE);

        Throwable refused = catchThrowable(() -> router(binary).setRoutes(Routes.allTo("green", "blue")));

        assertThat(ran).as("commands run").isEmpty();
        assertThat(refused).isInstanceOf(type).hasMessageContaining(dir.resolve("nginx.pid").toString()).hasMessageContaining(expected);
        assertThat(dir.resolve("upstream.conf")).hasContent(BEFORE);
        return refused.getMessage();
    }

    static Stream<Arguments> notOnePidAboveOne() {
        return Stream.of(
                Arguments.of("-1", "something other than one whole number"),
                Arguments.of("-1\n", "something other than one whole number"),
                Arguments.of("0", "expected a pid above 1"),
                Arguments.of("1\n", "expected a pid above 1"),
                Arguments.of("12 34", "something other than one whole number"),
                Arguments.of("12\n34\n", "something other than one whole number"),
                Arguments.of("4294967297", "above 4194303"),
                Arguments.of("99999999999999999999999999", "more than 16 bytes"),
                Arguments.of("+4242", "something other than one whole number"),
                Arguments.of(" 4242", "something other than one whole number"),
                Arguments.of("٤٢٤٢", "something other than one whole number"),
                Arguments.of("hunter2", "something other than one whole number"),
                Arguments.of("", "it is empty"),
                Arguments.of("\n", "it is empty"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("notOnePidAboveOne")
    void aPidFileThatDoesNotHoldOnePidAboveOneIsRefusedAndNothingIsSignalled(String contents, String expected) throws Exception {
        Files.writeString(dir.resolve("nginx.pid"), contents);

        String message = assertRefused(Path.of("/usr/sbin/nginx"), ActionFailedException.class, expected);
        if (contents.strip().length() > 2) assertThat(message).as("the contents are described, not quoted").doesNotContain(contents.strip());
    }

    @Test
    void aPidFileNamingThisJvmIsRefusedBecauseItIsNotNginx() throws Exception {
        Path nginx = RealServers.requireBinary("nginx", "nginx-light");
        Files.writeString(dir.resolve("nginx.pid"), ProcessHandle.current().pid() + "\n");

        assertRefused(nginx, ActionFailedException.class, "not the configured nginx " + nginx.toRealPath());
    }

    @Test
    void aPidFileNamingAnNginxWorkerIsRefusedBecauseOnlyTheMasterReloads() throws Exception {
        try (RealNginx nginx = new RealNginx(Files.createDirectory(dir.resolve("real")), BEFORE)) {
            nginx.awaitWorkersReplacing(Set.of());
            long worker = nginx.workers().iterator().next();
            Files.writeString(dir.resolve("nginx.pid"), worker + "\n");

            assertRefused(nginx.binary, ActionFailedException.class, "is an nginx worker");
        }
    }

    @Test
    void aPidFileOfAProcessThatHasExitedSaysNginxIsNotRunning() throws Exception {
        Process gone = new ProcessBuilder("/bin/true").start();
        gone.waitFor();
        Files.writeString(dir.resolve("nginx.pid"), gone.pid() + "\n");

        assertRefused(Path.of("/usr/sbin/nginx"), UnreachableException.class, "no process " + gone.pid() + " is running");
    }

    @Test
    void aMissingPidFileSaysNginxIsNotRunning() throws Exception {
        assertRefused(Path.of("/usr/sbin/nginx"), UnreachableException.class, "does not exist");
    }

    @Test
    void theSignalGoesThroughARootOwnedKillAtAFixedPathWithThePidAsItsOwnArgument() throws Exception {
        Path kill = NginxMaster.trustedKill();

        assertThat(kill).isAbsolute().isExecutable();
        assertThat(List.of(Path.of("/bin/kill").toRealPath(), Path.of("/usr/bin/kill").toRealPath())).contains(kill);
        assertThat(new NginxMaster(4242, dir.resolve("nginx.pid")).reloadCommand()).containsExactly(kill.toString(), "-HUP", "4242");
    }
}
