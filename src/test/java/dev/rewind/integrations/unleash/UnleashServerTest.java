package dev.rewind.integrations.unleash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchIllegalStateException;

import dev.rewind.testing.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture itself: a start that fails leaves no PostgreSQL running and no cluster on disk, and says what it saw. */
class UnleashServerTest {
    @TempDir
    Path dir;

    @BeforeEach
    void letThePostgresUserIn() throws Exception {
        // as root the cluster runs as postgres, which must be able to enter the test's temp dir
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private List<ProcessHandle> processesUsing(Path folder) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(folder.toString())).toList();
    }

    @Test
    void anUnleashThatExitsAtStartStopsThePostgresItHadStartedAndShowsItsOutput() throws Exception {
        RealServers.requireBinary("node", "nodejs");
        Path script = Files.writeString(dir.resolve("fails.js"),
                "console.log('connecting to PostgreSQL'); console.error('UNLEASH FAILED: migration 42 broke'); process.exit(3);\n");
        Path pgParent = Files.createDirectory(dir.resolve("pg"));

        IllegalStateException e = catchIllegalStateException(() -> UnleashServer.start(script, dir, pgParent));

        assertThat(e).hasMessageContaining("unleash-server (for http://127.0.0.1:")
                .hasMessageContaining("exited with code 3 before printing 'UNLEASH READY'")
                .hasMessageContaining("UNLEASH FAILED: migration 42 broke")
                .hasMessageContaining("last lines of PostgreSQL's log");
        assertThat(processesUsing(pgParent)).as("postgres processes left running").isEmpty();
        assertThat(pgParent).isEmptyDirectory();
    }

    @Test
    void aDatabaseThatCannotBeCreatedStopsTheClusterAndRemovesIt() throws Exception {
        // template1 exists in every cluster, so createdb fails after PostgreSQL is up
        IllegalStateException e = catchIllegalStateException(() -> LocalPostgres.start("template1", dir));

        assertThat(e).hasMessageContaining("createdb").hasMessageContaining("exited with code 1").hasMessageContaining("already exists");
        assertThat(processesUsing(dir)).as("postgres processes left running").isEmpty();
        assertThat(dir).isEmptyDirectory();
    }
}
