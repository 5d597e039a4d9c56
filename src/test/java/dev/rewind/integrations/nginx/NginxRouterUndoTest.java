package dev.rewind.integrations.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rewind.act.Routes;
import dev.rewind.integrations.routing.ColourBackends;
import dev.rewind.integrations.routing.Traffic;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.UnreachableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a switch can fail once the new upstream file is written, against a real nginx: the old file
 * comes back byte for byte, and when a reload may have reached nginx, nginx is reloaded onto it, so
 * real requests end up on the old routes. Faults after the reload are put in by a runner that runs the
 * real commands and then does one thing wrong, once.
 */
class NginxRouterUndoTest {
    private static final int REQUESTS = 100;
    @TempDir static Path dir;
    private static ColourBackends backends;
    private static RealNginx nginx;
    private static NginxRouter router;
    private byte[] before;

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

    /** Every test starts with all traffic on blue, served by workers that have read that file. */
    @BeforeEach
    void allOnBlue() throws Exception {
        Set<Long> old = nginx.workers();
        router.setRoutes(Routes.allTo("blue", "green"));
        nginx.awaitWorkersReplacing(old);
        before = Files.readAllBytes(nginx.upstreamFile);
    }

    /** The real runner; after the first reload it ran, {@code fault} decides what the router hears instead. */
    private static NginxRouter faultyAfterReload(BiFunction<ProcessRunner, Duration, ProcessRunner.Result> fault, Map<String, Object> settings) {
        SystemProcessRunner real = new SystemProcessRunner();
        AtomicBoolean struck = new AtomicBoolean();
        return new NginxRouter(NginxSetup.from(nginx.config(settings, colours())), (command, timeout) -> {
            ProcessRunner.Result result = real.run(command, timeout);
            return command.getLast().equals("reload") && struck.compareAndSet(false, true) ? fault.apply(real, timeout) : result;
        });
    }

    /** Two reloads in a row leave two generations of workers for a while; wait, bounded, until every request sees blue. */
    private static void awaitAllTrafficOnBlue() throws InterruptedException {
        Map<String, Integer> last = Map.of();
        for (int attempt = 0; attempt < 100; attempt++) {
            last = Traffic.send(nginx.port, REQUESTS);
            if (last.equals(Map.of("blue", REQUESTS))) return;
            Thread.sleep(100);
        }
        throw new AssertionError("nginx did not come back to blue within 10 s; last " + REQUESTS + " requests: " + last);
    }

    @Test
    void aFailedReloadRestoresTheFileAndNginxKeepsTheOldRoutes() throws Exception {
        // the same config, but its pid directive names a file nginx never wrote: nginx -t passes, nginx -s reload cannot find the master
        Path otherConf = Files.writeString(dir.resolve("other-pid.conf"), Files.readString(nginx.conf).replace("/nginx.pid;", "/elsewhere.pid;"));
        NginxRouter wrongPid = NginxRouter.from(nginx.config(Map.of("conf", otherConf.toString()), colours()));
        Set<Long> workers = nginx.workers();

        assertThatThrownBy(() -> wrongPid.setRoutes(Routes.allTo("green", "blue")))
                .isInstanceOf(UnreachableException.class).hasMessageContaining("reload failed").hasMessageContaining("elsewhere.pid")
                .hasMessageContaining(nginx.upstreamFile + " restored; nginx was not reloaded");

        assertThat(Files.readAllBytes(nginx.upstreamFile)).isEqualTo(before);
        assertThat(nginx.workers()).isEqualTo(workers);
        assertThat(Traffic.send(nginx.port, REQUESTS)).isEqualTo(Map.of("blue", REQUESTS));
    }

    @Test
    void aFileChangedUnderTheReloadFailsVerificationAndNginxIsReloadedOntoTheOldFile() throws Exception {
        String otherWriter = "upstream app {\n    server " + backends.address("green") + ";\n}\n";
        NginxRouter raced = faultyAfterReload((real, timeout) -> {
            try {
                Files.writeString(nginx.upstreamFile, otherWriter);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new ProcessRunner.Result(0, "");
        }, Map.of());

        Throwable failed = catchThrowable(() -> raced.setRoutes(Routes.allTo("green", "blue")));

        assertThat(Files.readAllBytes(nginx.upstreamFile)).isEqualTo(before);
        awaitAllTrafficOnBlue();
        assertThat(failed).isInstanceOf(ActionFailedException.class).hasMessageContaining("changed while nginx reloaded")
                .hasMessageContaining(nginx.upstreamFile + " restored and nginx reloaded onto it");
    }

    @Test
    void anExceptionAfterTheReloadRestoresTheFileAndReloadsNginxOntoIt() throws Exception {
        NginxRouter crashing = faultyAfterReload((real, timeout) -> {
            throw new IllegalStateException("the runner lost its output stream");
        }, Map.of());

        Throwable failed = catchThrowable(() -> crashing.setRoutes(Routes.allTo("green", "blue")));

        assertThat(Files.readAllBytes(nginx.upstreamFile)).isEqualTo(before);
        awaitAllTrafficOnBlue();
        assertThat(failed).isInstanceOf(ActionFailedException.class).hasMessageContaining("the runner lost its output stream")
                .hasMessageContaining(nginx.upstreamFile + " restored and nginx reloaded onto it")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void aReloadThatTimesOutAfterNginxGotTheSignalRestoresTheFileAndReloadsNginxOntoIt() throws Exception {
        NginxRouter hanging = faultyAfterReload((real, timeout) -> real.run(List.of("/bin/sleep", "30"), timeout),
                Map.of("timeout_seconds", 1));

        Throwable failed = catchThrowable(() -> hanging.setRoutes(Routes.allTo("green", "blue")));

        assertThat(Files.readAllBytes(nginx.upstreamFile)).isEqualTo(before);
        awaitAllTrafficOnBlue();
        assertThat(failed).isInstanceOf(UnreachableException.class).hasMessageContaining("did not finish within 1000 ms")
                .hasMessageContaining(nginx.upstreamFile + " restored and nginx reloaded onto it");
    }
}
