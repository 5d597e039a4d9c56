package dev.rewind.wiring;

import java.io.IOException;

/** The README's Prometheus + HAProxy config block, for tests in other packages that run it for real. */
public final class ReadmeConfigTestAccess {
    private ReadmeConfigTestAccess() {
    }

    public static String readmeConfig() throws IOException {
        return ReadmeConfigTest.readmeConfig();
    }
}
