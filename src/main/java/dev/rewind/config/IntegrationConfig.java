package dev.rewind.config;

import dev.rewind.model.BadInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One outside system chosen in config: {@code type} picks the implementation (a factory line per type),
 * {@code settings} are its own keys. {@code file}/{@code line} point at the block so that an
 * integration's factory can name them in its errors; {@code keyLines}, when known, point at each key.
 */
public record IntegrationConfig(String type, Map<String, Object> settings, String file, int line, String path, Map<String, Integer> keyLines) {

    public IntegrationConfig {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        keyLines = keyLines == null ? Map.of() : Map.copyOf(keyLines);
    }

    public IntegrationConfig(String type, Map<String, Object> settings, String file, int line, String path) {
        this(type, settings, file, line, path, Map.of());
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
        return raw.contains("${") ? new ConfigValues(System::getenv).substitute(raw, file, lineOf(key), path + "." + key) : raw;
    }

    /**
     * A whole number from {@code min} to {@code max}, or {@code fallback} when the setting is absent. NaN, infinities,
     * fractions and numbers past an int (2^40 would have been cut to 0) are refused with the range.
     */
    public int integer(String key, int fallback, int min, int max) {
        Object v = settings.get(key);
        if (v == null) return fallback;
        double d = Double.NaN;
        if (v instanceof Number n) {
            d = n.doubleValue();
        } else {
            String s = substitute(key, v.toString()).strip();
            if (s.matches("[+-]?\\d{1,18}")) d = Long.parseLong(s);
        }
        if (!(d >= min && d <= max) || d != Math.rint(d)) {
            throw error(key, "expected a whole number from " + min + " to " + max + ", found " + (v instanceof String ? "'" + v + "'" : Bound.format(((Number) v).doubleValue())));
        }
        return (int) d;
    }

    public boolean bool(String key, boolean fallback) {
        Object v = settings.get(key);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        String s = substitute(key, v.toString()).trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) return Boolean.parseBoolean(s);
        throw error(key, "expected true or false, found '" + v + "'");
    }

    /** A list of texts; a single text is a list of one. Each has its {@code ${VAR}} filled in. */
    public List<String> strings(String key) {
        Object v = settings.get(key);
        if (v == null) return List.of();
        if (v instanceof List<?> l) {
            return l.stream().map(x -> {
                if (x instanceof Map<?, ?> || x instanceof List<?>) throw error(key, "expected a list of texts, found a nested " + (x instanceof Map<?, ?> ? "map" : "list"));
                return substitute(key, String.valueOf(x));
            }).toList();
        }
        if (v instanceof Map<?, ?>) throw error(key, "expected a text or a list of texts, found a map");
        return List.of(substitute(key, v.toString()));
    }

    /** The same block without {@code keys}: what a factory hands on after reading the settings it owns. */
    public IntegrationConfig without(Set<String> keys) {
        Map<String, Object> rest = new LinkedHashMap<>(settings);
        rest.keySet().removeAll(keys);
        return new IntegrationConfig(type, rest, file, line, path, keyLines);
    }

    /** Unknown settings are an error naming them, like every other key in the config, with the closest known one. */
    public void allowOnly(Set<String> known) {
        for (String k : new java.util.TreeSet<>(settings.keySet())) {
            if (known.contains(k)) continue;
            String hint = ConfigNode.closest(k, known);
            throw error(k, "unknown setting for type '" + type + "'" + (hint == null ? "" : "; did you mean '" + hint + "'?")
                    + " Expected one of " + new java.util.TreeSet<>(known));
        }
    }

    public BadInputException error(String key, String problem) {
        return new BadInputException(file, lineOf(key), path + "." + key, problem);
    }

    /** Keys only: a value may be a secret written out in the file. */
    @Override
    public String toString() {
        return "IntegrationConfig[" + type + " at " + file + ":" + line + " " + path + ", keys=" + new java.util.TreeSet<>(settings.keySet()) + "]";
    }

    /** The key's own line; for a nested key (reload.timeout_seconds) the line of the key it sits under. */
    private int lineOf(String key) {
        Integer own = keyLines.get(key);
        if (own != null) return own;
        int dot = key.indexOf('.');
        return dot > 0 ? keyLines.getOrDefault(key.substring(0, dot), line) : line;
    }
}
