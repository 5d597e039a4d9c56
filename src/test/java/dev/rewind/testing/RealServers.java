package dev.rewind.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * What a real-server test needs from the machine, and the one place that reads {@code CI}. Something
 * missing skips the test with the reason and the command that installs it, except under CI ({@code CI=true}
 * or {@code CI=1}, any case), where it fails: CI must never pass by skipping the real servers.
 * bin/test prints the skips at the end (target/skipped-tests.txt, written by {@link SkipReport}).
 */
public final class RealServers {
    /** Where Debian keeps server binaries that are not on a normal user's PATH. */
    private static final List<String> SBIN = List.of("/usr/sbin", "/usr/local/sbin", "/sbin");
    private static final RealServers MACHINE = new RealServers(System.getenv());

    private final boolean ci;
    private final Map<String, String> env;

    RealServers(Map<String, String> env) {
        this.env = env;
        this.ci = isCi(env.get("CI"));
    }

    static boolean isCi(String value) {
        return value != null && List.of("true", "1").contains(value.trim().toLowerCase(Locale.ROOT));
    }

    /** The binary, found on PATH or in the sbin folders; skipped or failed (under CI) when it is not there. */
    public static Path requireBinary(String name, String debianPackage) {
        return MACHINE.binary(name, debianPackage);
    }

    /** Goes on when {@code present}; otherwise skips because of {@code reason} (say what is missing and how to get it), or fails under CI. */
    public static void requireOrSkip(boolean present, String reason) {
        MACHINE.require(present, reason);
    }

    /** {@link #requireOrSkip} for something a Debian package brings, with the command that installs it. */
    public static void requirePackage(boolean present, String what, String debianPackage) {
        MACHINE.require(present, installHint(what, debianPackage));
    }

    Path binary(String name, String debianPackage) {
        Optional<Path> found = find(name);
        require(found.isPresent(), installHint(name + " not found on PATH or in " + String.join(", ", SBIN), debianPackage));
        return found.orElseThrow();
    }

    Optional<Path> find(String name) {
        List<String> dirs = new ArrayList<>(List.of(env.getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(SBIN);
        return dirs.stream().map(dir -> Path.of(dir.isEmpty() ? "." : dir, name)).filter(Files::isExecutable).findFirst();
    }

    private static String installHint(String what, String debianPackage) {
        return what + "; install: apt-get install -y " + debianPackage + " (bin/test does, when run as root)";
    }

    void require(boolean present, String reason) {
        if (present) return;
        if (ci) throw new AssertionFailedError(reason + " [CI=true: a missing server fails the build instead of skipping the test]");
        throw new TestAbortedException(reason);
    }
}
