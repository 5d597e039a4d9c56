package dev.rewind.config;

import dev.rewind.model.BadInputException;
import dev.rewind.secrets.ControlCharacters;
import dev.rewind.secrets.SecretKeys;
import dev.rewind.secrets.SecretRegistry;
import dev.rewind.secrets.UrlCredentials;
import java.util.Locale;

/**
 * What every resolved setting passes, by its name: a URL ({@code url}, {@code *_url}, a webhook) must not carry
 * credentials (user info, a token-like query or fragment parameter); a secret ({@code token}, {@code password},
 * {@code slack_webhook}, {@code pagerduty_routing_key}, an {@code Authorization} header, ...) is refused when it
 * holds a control character and otherwise registered for masking. A webhook URL is both: Slack and its kind put
 * the secret in the URL's path, so the whole URL is registered as a secret. Errors name the file, line and field,
 * never the value.
 */
final class SettingGuard {
    private SettingGuard() {
    }

    static String accept(String value, String file, int line, String field) {
        if (value == null) return null;
        String key = SecretKeys.lastName(field);
        if (isUrl(key)) refuseCredentials(value, file, line, field);
        return SecretKeys.looksSecret(key) ? secret(value, file, line, field) : value;
    }

    /** Whether a field's name says it holds a secret. */
    static boolean isSecret(String field) {
        return SecretKeys.looksSecret(SecretKeys.lastName(field));
    }

    static void refuseCredentialsIfUrl(String value, String file, int line, String field) {
        if (isUrl(SecretKeys.lastName(field))) refuseCredentials(value, file, line, field);
    }

    /** A value known to be a secret, whatever its name: checked, then registered. */
    static String secret(String value, String file, int line, String field) {
        String problem = ControlCharacters.describe(value);
        if (problem != null) {
            throw new BadInputException(file, line, field, "expected a secret without control characters, found " + problem
                    + " (a trailing newline usually comes from a file or an echo; remove it). The value is not shown");
        }
        SecretRegistry.global().register(value);
        return value;
    }

    /** A URL setting, or a list entry that is a URL (dependencies): no user:password@, no token in the query. */
    static void refuseCredentials(String url, String file, int line, String field) {
        String found = UrlCredentials.find(url);
        if (found != null) {
            throw new BadInputException(file, line, field, "credentials do not belong in the URL (they would end up in logs and reports); found "
                    + found + " in '" + UrlCredentials.strip(url) + "'. Use the integration's token/password settings instead");
        }
    }

    static boolean isUrl(String key) {
        if (key == null) return false;
        String k = key.toLowerCase(Locale.ROOT);
        return k.equals("url") || k.endsWith("_url") || k.contains("webhook");
    }
}
