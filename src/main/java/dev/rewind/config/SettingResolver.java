package dev.rewind.config;

import dev.rewind.model.BadInputException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Resolves a raw notification setting ({@code slack_webhook: "${SLACK_WEBHOOK_URL}"}) when it is used, so a
 * config loads without variables it never needs. A missing variable names the variable, the file and the line.
 */
public final class SettingResolver {
    private final String file;
    private final Map<String, String> raw;
    private final Map<String, Integer> lines;
    private final ConfigValues values;

    SettingResolver(String file, Map<String, String> raw, Map<String, Integer> lines, Function<String, String> env) {
        this.file = file;
        this.raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw)); // file order: the first bad setting is the one named
        this.lines = Map.copyOf(lines);
        this.values = new ConfigValues(env);
    }

    /** The setting with every ${VAR} replaced, or null when the config does not have it. */
    public String resolve(String key) {
        String value = raw.get(key);
        if (value == null) return null;
        return values.substitute(value, file, lines.getOrDefault(key, 0), key);
    }

    /** Checks, when the config loads, every setting whose variables are set (see {@link IntegrationConfig#checkAtLoad}). */
    void checkAtLoad() {
        raw.forEach((key, value) -> {
            if (values.resolvable(value)) values.substitute(value, file, lines.getOrDefault(key, 0), key);
        });
    }

    public String require(String key) {
        String v = resolve(key);
        if (v == null || v.isBlank()) throw new BadInputException(file, 0, key, "this setting is required here but the config does not set it");
        return v;
    }

    @Override
    public String toString() {
        return "SettingResolver[" + file + ", keys=" + raw.keySet() + "]"; // never the values: they may be secrets
    }
}
