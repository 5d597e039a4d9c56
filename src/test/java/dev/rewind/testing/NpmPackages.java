package dev.rewind.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The npm packages a test runs (a real unleash-server, flagd's evaluator), pinned in {@code .ci/packages}
 * next to the Debian ones, so bin/test and the fixtures cannot disagree on a version. bin/test installs
 * them before Maven starts; a fixture run on its own installs what is missing, bounded, unless
 * {@code REWIND_TEST_NO_INSTALL=1}.
 */
public final class NpmPackages {
    static final Path LIST = Path.of(".ci/packages");
    private static final Duration INSTALL_LIMIT = Duration.ofMinutes(10);

    private NpmPackages() {
    }

    /** The {@code node_modules} folder holding the packages that {@code .ci/packages} pins for {@code folder}. */
    public static Path require(String folder) throws IOException, InterruptedException {
        RealServers.requireBinary("node", "nodejs");
        RealServers.requireBinary("npm", "npm");
        List<String> specs = specs(folder);
        Path modules = Path.of(folder).toAbsolutePath().resolve("node_modules");
        if (missing(modules, specs).isEmpty()) return modules;
        List<String> install = new ArrayList<>(List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", folder));
        install.addAll(specs);
        RealServers.requireOrSkip(!"1".equals(System.getenv("REWIND_TEST_NO_INSTALL")), "npm packages " + missing(modules, specs)
                + " not installed in " + folder + " and REWIND_TEST_NO_INSTALL=1; install: " + String.join(" ", install));
        Command.succeed(install, INSTALL_LIMIT);
        List<String> still = missing(modules, specs);
        if (!still.isEmpty()) throw new IllegalStateException(String.join(" ", install) + " succeeded but " + still + " are still missing");
        return modules;
    }

    /** The pinned specs ("unleash-server@7.5.1") of {@code folder}'s npm line. */
    static List<String> specs(String folder) {
        try {
            for (String line : Files.readAllLines(LIST)) {
                List<String> words = List.of(line.strip().split("\\s+"));
                if (words.size() > 2 && words.get(0).equals("npm") && words.get(1).equals(folder)) return words.subList(2, words.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + LIST.toAbsolutePath(), e);
        }
        throw new IllegalStateException(LIST.toAbsolutePath() + " has no line 'npm " + folder + " PACKAGES...'");
    }

    /** Specs whose package is absent or at another version than pinned. */
    static List<String> missing(Path modules, List<String> specs) throws IOException {
        List<String> missing = new ArrayList<>();
        for (String spec : specs) {
            int at = spec.lastIndexOf('@');
            Path manifest = modules.resolve(spec.substring(0, at)).resolve("package.json");
            Pattern version = Pattern.compile("\"version\"\\s*:\\s*\"" + Pattern.quote(spec.substring(at + 1)) + "\"");
            if (!Files.isRegularFile(manifest) || !version.matcher(Files.readString(manifest)).find()) missing.add(spec);
        }
        return missing;
    }
}
