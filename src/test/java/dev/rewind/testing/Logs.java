package dev.rewind.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The end of a server's log, for the message of a fixture that gives up on it. */
public final class Logs {
    private Logs() {
    }

    /** The last {@code n} lines of {@code log}, indented; never throws (a missing log says so). */
    public static String lastLines(Path log, int n) {
        try {
            // bytes, not Files.readString: a log with invalid UTF-8 must not hide the failure it explains
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return indent(lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "  (" + log + " could not be read: " + e + ")";
        }
    }

    public static String indent(List<String> lines) {
        if (lines.isEmpty()) return "  (nothing)";
        return "  " + String.join("\n  ", lines);
    }
}
