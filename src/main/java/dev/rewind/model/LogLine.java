package dev.rewind.model;

import java.time.Instant;

/**
 * One line of a post-mortem's log excerpt.
 *
 * @param source where it came from: "journal" (Rewind's own record of the rollback) or a configured log's name
 * @param level  the line's level or state when known (error, warn, success, failed), else empty
 */
public record LogLine(Instant at, String source, String level, String text) {
    public static final int MAX_TEXT = 500;

    public LogLine {
        source = source == null ? "" : source;
        level = level == null ? "" : level;
        // one line each, bounded: a log's control characters and endless lines must not bend the report
        text = text == null ? "" : text.replaceAll("[\\p{Cntrl}&&[^\t]]", " ").strip();
        if (text.length() > MAX_TEXT) text = text.substring(0, MAX_TEXT) + "…";
    }
}
