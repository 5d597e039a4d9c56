package dev.rewind.integrations.unleash;

import dev.rewind.config.IntegrationConfig;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A secret setting that may still read {@code ${VAR}}: the config loader leaves unresolved variables for
 * the place that uses them, so a missing one is reported here, by name, never by value.
 */
final class EnvReference {
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private EnvReference() {}

    static String resolve(IntegrationConfig config, String key) {
        String raw = config.requireString(key);
        Matcher m = VAR.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = System.getenv(m.group(1));
            if (value == null || value.isBlank()) {
                throw config.error(key, "environment variable " + m.group(1) + " is not set; expected it to hold the Unleash admin token");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
