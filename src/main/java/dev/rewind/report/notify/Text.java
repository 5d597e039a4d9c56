package dev.rewind.report.notify;

/** Bounds for text that leaves the process: every channel has limits, and a runaway alert must not blow them. */
public final class Text {
    private Text() {
    }

    /** At most {@code max} characters, ending in an ellipsis when cut; never splits a surrogate pair. */
    public static String truncate(String s, int max) {
        if (s == null) return null;
        if (s.length() <= max) return s;
        int end = Math.max(0, max - 1);
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) end--;
        return s.substring(0, end) + "…";
    }

    /** One line: CR, LF and other control characters become spaces (subjects, headers, titles). */
    public static String oneLine(String s) {
        if (s == null) return null;
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return b.toString().strip();
    }
}
