package dev.rewind.report;

import dev.rewind.secrets.SecretKeys;
import dev.rewind.secrets.SecretRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hides values whose key names a secret, before anything is printed, logged or written. Values are masked wherever
 * they appear by {@link dev.rewind.secrets.Redactor}; this also hides the secrets it never saw resolved.
 */
public final class SecretMask {
    public static final String MASK = SecretRegistry.MASK;

    private SecretMask() {
    }

    public static boolean looksSecret(String key) {
        return SecretKeys.looksSecret(key);
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
