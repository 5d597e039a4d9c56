package dev.rewind.config;

import dev.rewind.config.ConfigNode.ListNode;
import dev.rewind.config.ConfigNode.MapNode;
import dev.rewind.config.ConfigNode.ScalarNode;
import dev.rewind.model.BadInputException;
import dev.rewind.secrets.SecretRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of config nodes. Values used while loading have their {@code ${VAR}} replaced here, so a
 * missing variable is an error naming the variable and the line; raw settings stay unresolved until used.
 */
public final class ConfigValues {
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    /** What a number written as text may look like: no hex, no 1_000, no Java's 5f or 5d suffixes. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,4})?");
    /** YAML's .nan/.inf in the spellings Jackson leaves as text, and the words Java would parse. */
    private static final Pattern NOT_FINITE = Pattern.compile("[+-]?\\.?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile(
            "(\\d+(?:\\.\\d+)?)\\s*(ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)?", Pattern.CASE_INSENSITIVE);

    private final Function<String, String> env;

    public ConfigValues(Function<String, String> env) {
        this.env = env;
    }

    /** Where ${VAR} values come from, for settings resolved later, when used (secrets). */
    Function<String, String> env() {
        return env;
    }

    /**
     * Replaces every ${VAR}; a variable the environment does not have is an error at this node's line. The result
     * passes {@link SettingGuard} by the field's name: a secret is checked and registered for masking, a URL must
     * not carry credentials.
     */
    public String substitute(String raw, String file, int line, String field) {
        List<String> parts = new ArrayList<>();
        String resolved = SettingGuard.accept(replaceVariables(raw, file, line, field, parts), file, line, field);
        // "Bearer ${T}": the whole value is registered by its name, and T on its own too, wherever it may show up
        if (SettingGuard.isSecret(field)) parts.forEach(p -> SettingGuard.secret(p, file, line, field));
        return resolved;
    }

    /**
     * A value that is a secret whenever it comes from a variable, whatever its field is called (a smoke test's
     * header): with a {@code ${VAR}}, the whole value and each variable's value are checked for control characters
     * (the error names the field, never the value) and registered; without one, it passes by its name as any setting.
     */
    public String substituteSecret(String raw, String file, int line, String field) {
        List<String> parts = new ArrayList<>();
        String resolved = replaceVariables(raw, file, line, field, parts);
        if (parts.isEmpty()) return SettingGuard.accept(resolved, file, line, field);
        for (String p : parts) SettingGuard.secret(p, file, line, field);
        SettingGuard.refuseCredentialsIfUrl(resolved, file, line, field);
        return SettingGuard.secret(resolved, file, line, field);
    }

    /**
     * A text sent as it is (a smoke test's body): every variable's value is registered as a secret, but not checked
     * for control characters (a body may hold line breaks).
     */
    public String substituteText(String raw, String file, int line, String field) {
        List<String> parts = new ArrayList<>();
        String resolved = replaceVariables(raw, file, line, field, parts);
        parts.forEach(SecretRegistry.global()::register);
        return resolved;
    }

    /** Whether every ${VAR} in {@code raw} is set: a setting whose variable is missing is checked only when used. */
    boolean resolvable(String raw) {
        Matcher m = VAR.matcher(raw);
        while (m.find()) {
            if (env.apply(m.group(1)) == null) return false;
        }
        return true;
    }

    private String replaceVariables(String raw, String file, int line, String field, List<String> parts) {
        if (raw == null || !raw.contains("${")) return raw;
        Matcher m = VAR.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                throw new BadInputException(file, line, field, "environment variable " + m.group(1) + " is not set; it is needed here");
            }
            parts.add(value);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    public MapNode map(ConfigNode node) {
        if (node instanceof MapNode m) return m;
        throw node.error("expected a map of keys, found " + node.kind());
    }

    public ListNode list(ConfigNode node) {
        if (node instanceof ListNode l) return l;
        throw node.error("expected a list, found " + node.kind());
    }

    private Object scalar(ConfigNode node, String expected) {
        if (!(node instanceof ScalarNode s)) throw node.error("expected " + expected + ", found " + node.kind());
        return s.value() instanceof String str ? substitute(str, s.file(), s.line(), s.path()) : s.value();
    }

    public String string(ConfigNode node) {
        Object v = scalar(node, "text");
        if (v == null) throw node.error("expected text, found null");
        return v.toString();
    }

    /**
     * A finite number within {@code bound}. Numbers come as YAML/JSON numbers or as text ({@code "0.5"}, a
     * {@code ${VAR}}); NaN and the infinities, in any spelling ({@code .nan}, {@code -.Inf}, {@code "Infinity"},
     * JSON {@code NaN}, {@code 1e309}), are refused with the range, like every number outside it.
     */
    public double number(ConfigNode node, Bound bound) {
        Object v = scalar(node, bound.describe());
        double d = numeric(node, v, bound);
        if (!Double.isFinite(d)) {
            throw node.error("expected " + bound.describe() + ", found " + describe(v) + ": NaN, infinities and numbers beyond 1.8e308 are not numbers here");
        }
        if (!bound.contains(d)) throw node.error("expected " + bound.describe() + ", found " + describe(v));
        return d;
    }

    public int wholeNumber(ConfigNode node, Bound bound) {
        if (!bound.whole() || bound.max() > Integer.MAX_VALUE || bound.min() < Integer.MIN_VALUE) throw new IllegalArgumentException("not a whole int bound: " + bound);
        return (int) number(node, bound);
    }

    private static double numeric(ConfigNode node, Object v, Bound bound) {
        if (v instanceof Number n) return n.doubleValue(); // a BigInteger beyond a double's range is Infinity, refused with the rest
        if (v instanceof String s && DECIMAL.matcher(s.strip()).matches()) return Double.parseDouble(s.strip());
        if (v instanceof String s && NOT_FINITE.matcher(s.strip()).matches()) return Double.NaN;
        throw node.error("expected " + bound.describe() + ", found " + describe(v));
    }
    public boolean bool(ConfigNode node) {
        Object v = scalar(node, "true or false");
        if (v instanceof Boolean b) return b;
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) return Boolean.parseBoolean(s);
        throw node.error("expected true or false, found " + describe(v));
    }

    public List<String> strings(ConfigNode node) {
        List<String> out = new ArrayList<>();
        for (ConfigNode item : list(node).items()) out.add(string(item));
        return out;
    }

    /** "5m", "30s", "2 minutes", or a bare number of seconds; {@code bound} is in seconds. */
    public Duration duration(ConfigNode node, Bound bound) {
        String expected = "a duration such as 30s, 5m or 1h (a bare number is seconds), from " + Bound.format(bound.min())
                + " s to " + Bound.format(bound.max()) + " s";
        Object v = scalar(node, expected);
        double seconds = Double.NaN;
        if (v instanceof Number n) {
            seconds = n.doubleValue();
        } else if (v != null) {
            Matcher m = DURATION.matcher(v.toString().trim());
            if (m.matches()) {
                double amount = Double.parseDouble(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
                seconds = switch (unit.charAt(0)) {
                    case 'h' -> amount * 3600;
                    case 'm' -> unit.equals("ms") ? amount / 1000 : amount * 60;
                    default -> amount;
                };
            }
        }
        if (!Double.isFinite(seconds) || !bound.contains(seconds)) throw node.error("expected " + expected + ", found " + describe(v));
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** A number of seconds within {@code bound} (so its milliseconds never overflow). */
    public Duration seconds(ConfigNode node, Bound bound) {
        return Duration.ofMillis(Math.round(number(node, bound) * 1000));
    }

    /** A number of minutes within {@code bound}. */
    public Duration minutes(ConfigNode node, Bound bound) {
        return Duration.ofMillis(Math.round(number(node, bound) * 60_000));
    }

    private static String describe(Object v) {
        if (v == null) return "null";
        if (v instanceof Double d) return Bound.format(d);
        return v instanceof String ? "'" + v + "'" : v.toString();
    }
}
