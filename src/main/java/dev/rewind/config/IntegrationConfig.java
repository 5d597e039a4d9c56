package dev.rewind.config;

import dev.rewind.model.BadInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One outside system chosen in config: {@code type} picks the implementation (a factory line per type),
 * {@code settings} are its own keys. {@code file}/{@code line} point at the block so that an
 * integration's factory can name them in its errors; {@code lines} has each setting's own line, when known.
 */
public record IntegrationConfig(String type, Map<String, Object> settings, String file, int line, String path, Map<String, Integer> lines) {

    public IntegrationConfig {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        lines = lines == null ? Map.of() : Map.copyOf(lines);
    }

    public IntegrationConfig(String type, Map<String, Object> settings, String file, int line, String path) {
        this(type, settings, file, line, path, Map.of());
    }

    /** The line of a setting ({@code tls.ca_file} is on the line of {@code tls}), or the block's. */
    int lineOf(String key) {
        int dot = key.indexOf('.');
        int bracket = key.indexOf('[');
        int end = dot < 0 ? bracket : bracket < 0 ? dot : Math.min(dot, bracket);
        return lines.getOrDefault(end < 0 ? key : key.substring(0, end), line);
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

    /**
     * A setting that holds a secret whatever its name says (an integration declares it so): refused when it holds a
     * control character, registered for masking, with {@code ${VAR}} filled in.
     */
    public String secret(String key, String fallback) {
        Object v = settings.get(key);
        if (v == null) return fallback;
        // substituteSecret registers each ${VAR}'s value on its own too ("Bearer ${T}": T as well as the whole)
        String resolved = new ConfigValues(System::getenv).substituteSecret(v.toString(), file, lineOf(key), path + "." + key);
        return SettingGuard.secret(resolved, file, lineOf(key), path + "." + key);
    }

    public String requireSecret(String key) {
        requireString(key);
        return secret(key, null);
    }

    private String substitute(String key, String raw) {
        return new ConfigValues(System::getenv).substitute(raw, file, lineOf(key), path + "." + key);
    }

    /**
     * Checks every setting whose variables are set now, when the config loads: a secret with a control character or
     * a URL with credentials is an error before anything runs. Settings whose variable is missing wait for their use.
     */
    void checkAtLoad(Function<String, String> env) {
        ConfigValues values = new ConfigValues(env);
        settings.forEach((k, v) -> check(values, k, v));
    }

    private void check(ConfigValues values, String key, Object v) {
        switch (v) {
            case String s when values.resolvable(s) -> values.substitute(s, file, lineOf(key), path + "." + key);
            case Map<?, ?> m -> m.forEach((k, x) -> check(values, key + "." + k, x));
            case List<?> l -> {
                for (int i = 0; i < l.size(); i++) check(values, key + "[" + i + "]", l.get(i));
            }
            case null, default -> { }
        }
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
        return new IntegrationConfig(type, rest, file, line, path, lines);
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
}
