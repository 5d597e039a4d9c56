package dev.rewind.integrations.unleash;

import dev.rewind.config.IntegrationConfig;

/**
 * A secret setting that may still read {@code ${VAR}}: the config loader leaves unresolved variables for the place
 * that uses them, so a missing one is reported here, by name, never by value. The resolved token is a declared
 * secret: refused with a control character in it, and registered so that every output masks it.
 */
final class EnvReference {
    private EnvReference() {}

    static String resolve(IntegrationConfig config, String key) {
        String raw = String.valueOf(config.settings().get(key));
        String value = config.requireSecret(key);
        if (value.isBlank()) {
            throw config.error(key, (raw.contains("${") ? "the environment variable in " + raw + " is empty" : "is empty")
                    + "; expected it to hold the Unleash admin token");
        }
        return value;
    }
}
