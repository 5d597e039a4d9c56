package dev.rewind.integrations.routing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds a real server binary for a test. Missing: skipped on a laptop, a failure on CI (CI=true), so CI never skips silently. */
public final class LocalBinary {
    private LocalBinary() {}

    public static Path require(String name, String debianPackage) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/sbin"));
        for (String dir : dirs) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) return candidate;
        }
        String message = name + " not found on PATH or in /usr/sbin: install the Debian package '" + debianPackage + "'";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(message + " (CI=true, so this test may not be skipped)");
        assumeTrue(false, message);
        throw new IllegalStateException("unreachable");
    }
}
