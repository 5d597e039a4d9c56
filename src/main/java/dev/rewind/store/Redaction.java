package dev.rewind.store;

import dev.rewind.secrets.Redactor;
import java.util.regex.Pattern;

/** Scrubs what looks like a secret before text reaches the audit trail: the trail is kept forever. */
final class Redaction {
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)\\b(password|passwd|pwd|secret|token|api[_-]?key|apikey|authorization|private[_-]?key)(\\s*[=:]\\s*)((?:bearer\\s+|basic\\s+)?(?:\"[^\"]*\"|\\S+))");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}");
    private static final Pattern URL_USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s:@]+:[^/\\s@]+@");

    private Redaction() {
    }

    /** The trail's own stricter patterns, then the one redactor (registered secrets wherever they appear). */
    static String scrub(String text) {
        if (text == null) return null;
        String out = KEY_VALUE.matcher(text).replaceAll("$1$2***");
        out = BEARER.matcher(out).replaceAll("$1 ***");
        return Redactor.redact(URL_USERINFO.matcher(out).replaceAll("$1***@"));
    }
}
