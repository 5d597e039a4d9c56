package dev.rewind.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Hides values whose key names a secret, before anything is printed, logged or written. */
public final class SecretMask {
    public static final String MASK = "****";
    private static final List<String> SECRET_WORDS = List.of(
            "token", "password", "passwd", "secret", "webhook", "authorization", "api_key", "apikey", "credential", "private_key");

    private SecretMask() {
    }

    public static boolean looksSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT).replace('-', '_');
        return SECRET_WORDS.stream().anyMatch(k::contains);
    }

    /** A copy with secret-looking keys masked, nested maps included, in key order so output is deterministic. */
    public static Map<String, Object> mask(Map<String, ?> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        new TreeMap<>(fields).forEach((k, v) -> out.put(k, looksSecret(k) ? MASK : maskValue(v)));
        return out;
    }

    private static Object maskValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, x) -> copy.put(String.valueOf(k), x));
            return mask(copy);
        }
        if (v instanceof List<?> l) return l.stream().map(SecretMask::maskValue).toList();
        return v;
    }
}
