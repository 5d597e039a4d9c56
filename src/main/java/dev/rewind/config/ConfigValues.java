package dev.rewind.config;

import dev.rewind.config.ConfigNode.ListNode;
import dev.rewind.config.ConfigNode.MapNode;
import dev.rewind.config.ConfigNode.ScalarNode;
import dev.rewind.model.BadInputException;

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
        return SettingGuard.accept(replaceVariables(raw, file, line, field), file, line, field);
    }

    /** Whether every ${VAR} in {@code raw} is set: a setting whose variable is missing is checked only when used. */
    boolean resolvable(String raw) {
        Matcher m = VAR.matcher(raw);
        while (m.find()) {
            if (env.apply(m.group(1)) == null) return false;
        }
        return true;
    }

    private String replaceVariables(String raw, String file, int line, String field) {
        if (raw == null || !raw.contains("${")) return raw;
        Matcher m = VAR.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                throw new BadInputException(file, line, field, "environment variable " + m.group(1) + " is not set; it is needed here");
            }
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

    public double number(ConfigNode node) {
        Object v = scalar(node, "a number");
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw node.error("expected a number, found " + describe(v));
    }

    public double positive(ConfigNode node) {
        double v = number(node);
        if (!(v > 0) || Double.isInfinite(v)) throw node.error("expected a number greater than 0, found " + v);
        return v;
    }

    public int wholeNumber(ConfigNode node, int min) {
        double v = number(node);
        if (v != Math.rint(v) || v < min || v > Integer.MAX_VALUE) throw node.error("expected a whole number >= " + min + ", found " + v);
        return (int) v;
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

    /** "5m", "30s", "2 minutes", or a bare number of seconds. */
    public Duration duration(ConfigNode node) {
        Object v = scalar(node, "a duration");
        if (v instanceof Number n) {
            if (n.doubleValue() <= 0) throw node.error("expected a positive duration, found " + n);
            return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
        }
        Matcher m = v == null ? null : DURATION.matcher(v.toString().trim());
        if (m == null || !m.matches()) throw node.error("expected a duration such as 30s, 5m or 1h, found " + describe(v));
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        double millis = switch (unit.charAt(0)) {
            case 'h' -> amount * 3_600_000;
            case 'm' -> unit.equals("ms") ? amount : amount * 60_000;
            default -> amount * 1000;
        };
        if (millis <= 0) throw node.error("expected a positive duration, found " + v);
        return Duration.ofMillis(Math.round(millis));
    }

    public Duration seconds(ConfigNode node) {
        return Duration.ofMillis(Math.round(positive(node) * 1000));
    }

    public Duration minutes(ConfigNode node) {
        return Duration.ofMillis(Math.round(positive(node) * 60_000));
    }

    private static String describe(Object v) {
        if (v == null) return "null";
        return v instanceof String ? "'" + v + "'" : v.toString();
    }
}
