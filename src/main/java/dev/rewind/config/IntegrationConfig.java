package dev.rewind.config;

import dev.rewind.model.BadInputException;
import java.util.Map;
import java.util.Set;

/**
 * One outside system chosen in config: {@code type} picks the implementation (a factory line per type),
 * {@code settings} are its own keys. {@code file}/{@code line} point at the block so that an
 * integration's factory can name them in its errors.
 */
public record IntegrationConfig(String type, Map<String, Object> settings, String file, int line, String path) {

    public IntegrationConfig {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** A setting as text, with {@code ${VAR}} filled in from the environment now that it is used. */
    public String string(String key, String fallback) {
        Object v = settings.get(key);
        return v == null ? fallback : substitute(key, v.toString());
    }

    public String requireString(String key) {
        Object v = settings.get(key);
        if (v == null || v.toString().isBlank()) throw error(key, "is required for type '" + type + "'");
        return substitute(key, v.toString());
    }

    private String substitute(String key, String raw) {
        return raw.contains("${") ? new ConfigValues(System::getenv).substitute(raw, file, line, path + "." + key) : raw;
    }

    public int integer(String key, int fallback) {
        Object v = settings.get(key);
        if (v == null) return fallback;
        if (v instanceof Number n) return n.intValue();
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw error(key, "expected a whole number, found '" + v + "'");
        }
    }

    /** Unknown settings are an error naming them, like every other key in the config. */
    public void allowOnly(Set<String> known) {
        for (String k : settings.keySet()) {
            if (!known.contains(k)) throw error(k, "unknown setting for type '" + type + "'; expected one of " + known);
        }
    }

    public BadInputException error(String key, String problem) {
        return new BadInputException(file, line, path + "." + key, problem);
    }
}
