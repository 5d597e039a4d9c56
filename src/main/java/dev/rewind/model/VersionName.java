package dev.rewind.model;

import java.util.regex.Pattern;

/**
 * What a release version may look like, wherever it comes from (the API, the CLI, the config): a tag, never a whole
 * image reference. No ':' '/' '@', so a version can never name another image or registry: the repository always
 * comes from the cluster or the config, and the version only replaces its tag. Versions also go into queries,
 * routes, branch and file names, hence a positive pattern and a bound.
 */
public final class VersionName {
    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._+-]{0,127}";
    private static final Pattern VERSION = Pattern.compile(PATTERN);

    private VersionName() {
    }

    public static boolean valid(String version) {
        return version != null && VERSION.matcher(version).matches();
    }

    /** {@code version} when it is one; otherwise bad input naming where it came from (and never echoing control characters). */
    public static String require(String version, String file, int line, String field) {
        if (valid(version)) return version;
        throw new BadInputException(file, line, field, "expected a version (a tag) of letters, digits and . _ + - (at most 128; no ':' '/' '@', "
                + "the image repository comes from the cluster or the config), found " + (version == null ? "nothing" : "'" + shown(version) + "'"));
    }

    private static String shown(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
