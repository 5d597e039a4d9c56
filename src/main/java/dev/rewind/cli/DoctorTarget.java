package dev.rewind.cli;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.secrets.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a configured integration points, for the doctor's table, and the scrubbing of anything printed:
 * URLs lose their user:password@ and query (tokens ride there), configured secrets are masked wherever
 * they appear in a message, and every secret registered in the process goes through the one redactor.
 */
final class DoctorTarget {
    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]*@");
    private static final Pattern QUERY = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://[^\\s?#]*)[?#]\\S*");
    private static final List<String> SECRET_KEYS = List.of("password", "token", "bearer_token", "hmac_secret");

    private DoctorTarget() {}

    /** The URL, socket, address or file the block names; "embedded" for demo. */
    static String of(IntegrationConfig c) {
        if ("demo".equals(c.type())) return "embedded";
        if (c.settings().get("url") != null) return url(c.string("url", ""));
        if (c.settings().get("socket") != null) return "unix:" + c.string("socket", "");
        if (c.settings().get("address") != null) return "tcp:" + c.string("address", "");
        if (c.settings().get("file") != null) return "file:" + c.string("file", "");
        if ("kubernetes".equals(c.type())) return kubernetes(c);
        if ("builtin".equals(c.type())) return "in memory";
        return "-";
    }

    /** A URL without credentials or query string. */
    static String url(String raw) {
        return QUERY.matcher(USER_INFO.matcher(raw).replaceAll("$1")).replaceAll("$1");
    }

    /** Removes credentials from URLs in {@code text} and masks the block's own secret values. */
    static String scrub(String text, IntegrationConfig c) {
        if (text == null) return "";
        String out = url(text);
        for (String secret : secrets(c)) out = out.replace(secret, "****");
        return Redactor.redact(out);
    }

    private static List<String> secrets(IntegrationConfig c) {
        List<String> out = new ArrayList<>();
        for (String key : SECRET_KEYS) {
            String v = c.string(key, null);
            // very short values would mask ordinary words; they are weak secrets anyway
            if (v != null && v.length() >= 4) out.add(v);
        }
        return out;
    }

    private static String kubernetes(IntegrationConfig c) {
        String where = c.string("kubeconfig", "default kubeconfig");
        String context = c.string("context", null);
        String namespace = c.string("namespace", "default");
        return where + (context == null ? "" : " context " + context) + " ns " + namespace;
    }
}
