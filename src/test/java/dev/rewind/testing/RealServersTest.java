package dev.rewind.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RealServersTest {
    private static final Map<String, String> LAPTOP = Map.of("PATH", "/nonexistent");

    @Test
    void ciIsTrueOrOneInAnyCaseAndNothingElse() {
        assertThat(RealServers.isCi("true")).isTrue();
        assertThat(RealServers.isCi("TRUE")).isTrue();
        assertThat(RealServers.isCi("True ")).isTrue();
        assertThat(RealServers.isCi("1")).isTrue();
        assertThat(RealServers.isCi(null)).isFalse();
        assertThat(RealServers.isCi("")).isFalse();
        assertThat(RealServers.isCi("false")).isFalse();
        assertThat(RealServers.isCi("0")).isFalse();
    }

    @Test
    void aMissingBinaryIsSkippedOutsideCiNamingThePackageAndTheCommandThatInstallsIt() {
        assertThatThrownBy(() -> new RealServers(LAPTOP).binary("rewind-no-such-binary", "rewind-pkg"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("rewind-no-such-binary not found on PATH or in /usr/sbin")
                .hasMessageContaining("install: apt-get install -y rewind-pkg");
    }

    @Test
    void aMissingBinaryFailsUnderCiSoCiCannotPassBySkipping() {
        var ci = new RealServers(Map.of("PATH", "/nonexistent", "CI", "true"));

        assertThatThrownBy(() -> ci.binary("rewind-no-such-binary", "rewind-pkg"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("apt-get install -y rewind-pkg").hasMessageContaining("CI=true");
    }

    @Test
    void anyOtherMissingThingFollowsTheSameRule() {
        assertThatThrownBy(() -> new RealServers(LAPTOP).require(false, "NAB data not found"))
                .isInstanceOf(TestAbortedException.class).hasMessage("NAB data not found");
        assertThatThrownBy(() -> new RealServers(Map.of("CI", "1")).require(false, "NAB data not found"))
                .isInstanceOf(AssertionFailedError.class).hasMessageStartingWith("NAB data not found");
        new RealServers(Map.of("CI", "true")).require(true, "present: nothing happens");
    }

    @Test
    void findsAnExecutableOnPath(@TempDir Path bin) throws Exception {
        Path tool = Files.createFile(bin.resolve("rewind-tool"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.createFile(bin.resolve("rewind-data"));

        var servers = new RealServers(Map.of("PATH", "/nonexistent:" + bin));

        assertThat(servers.binary("rewind-tool", "rewind-pkg")).isEqualTo(tool);
        assertThat(servers.find("rewind-data")).as("not executable").isEmpty();
    }
}
