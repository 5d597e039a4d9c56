package dev.rewind.secrets;

import java.util.List;
import java.util.Locale;

/** Setting, header and field names that say their value is a secret. */
public final class SecretKeys {
    private static final List<String> WORDS = List.of("token", "password", "passwd", "secret", "webhook", "authorization",
            "api_key", "apikey", "credential", "private_key", "routing_key", "access_key", "signing_key", "hmac", "cookie");

    private SecretKeys() {
    }

    /** {@code bearer_token}, {@code slack_webhook}, {@code pagerduty_routing_key}, {@code X-Api-Key}, {@code Authorization}, ... */
    public static boolean looksSecret(String key) {
        if (key == null) return false;
        String k = key.toLowerCase(Locale.ROOT).replace('-', '_');
        return WORDS.stream().anyMatch(k::contains);
    }

    /** The last name of a dotted config path: {@code environments.prod.flags.token} → {@code token}, {@code a[2].b} → {@code b}. */
    public static String lastName(String path) {
        if (path == null) return null;
        String last = path.substring(path.lastIndexOf('.') + 1);
        int bracket = last.indexOf('[');
        return bracket < 0 ? last : last.substring(0, bracket);
    }
}
