package dev.rewind.secrets;

/**
 * Finds control characters (C0, DEL, C1) in a secret. A token with a trailing newline (a file read whole, an
 * {@code echo} without {@code -n}) makes an HTTP client refuse the header and quote it in the error; such a value
 * is refused when the config loads, and the description never holds the value.
 */
public final class ControlCharacters {
    private ControlCharacters() {
    }

    /** What is wrong ("a line feed (U+000A) at its end"), or null when the value has no control character. */
    public static String describe(String value) {
        if (value == null) return null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!Character.isISOControl(c)) continue;
            String where = i == value.length() - 1 ? "at its end" : i == 0 ? "at its start" : "inside it";
            return name(c) + " (U+" + String.format("%04X", (int) c) + ") " + where;
        }
        return null;
    }

    private static String name(char c) {
        return switch (c) {
            case '\n' -> "a line feed";
            case '\r' -> "a carriage return";
            case '\t' -> "a tab";
            case '\0' -> "a NUL character";
            default -> "a control character";
        };
    }
}
