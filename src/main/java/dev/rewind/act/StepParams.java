package dev.rewind.act;

import dev.rewind.model.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A plan step's {@code params}, read strictly: unknown names, blanks and out-of-range numbers are errors naming
 * {@code params.<name>}, so a plan loader can point at the line (it catches {@link BadInputException} and reads
 * {@link BadInputException#field()}).
 */
final class StepParams {
    private static final int MAX_VALUE_LENGTH = 4096;

    private final String where;
    private final Map<String, String> params;

    /** @param where the step, for messages ("restore_database shop") */
    StepParams(String where, Map<String, String> params, Set<String> known) {
        this.where = where;
        this.params = params == null ? Map.of() : params;
        for (Map.Entry<String, String> e : this.params.entrySet()) {
            if (!known.contains(e.getKey())) throw error(e.getKey(), "unknown parameter; expected one of " + new TreeSet<>(known));
            if (e.getValue() == null || e.getValue().isBlank()) throw error(e.getKey(), "is empty");
            if (e.getValue().length() > MAX_VALUE_LENGTH) throw error(e.getKey(), "is longer than " + MAX_VALUE_LENGTH + " characters");
        }
    }

    boolean has(String key) {
        return params.containsKey(key);
    }

    String string(String key, String fallback) {
        String v = params.get(key);
        return v == null ? fallback : v.trim();
    }

    int integer(String key, int fallback, int min, int max) {
        String v = params.get(key);
        if (v == null) return fallback;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) throw error(key, "expected a whole number from " + min + " to " + max + ", found " + n);
            return n;
        } catch (NumberFormatException e) {
            throw error(key, "expected a whole number from " + min + " to " + max + ", found '" + v + "'");
        }
    }

    boolean bool(String key, boolean fallback) {
        String v = params.get(key);
        if (v == null) return fallback;
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw error(key, "expected true or false, found '" + v + "'");
        };
    }

    /** A comma-separated list, trimmed; empty items are an error. */
    List<String> list(String key, int maxItems) {
        String v = params.get(key);
        if (v == null) return List.of();
        List<String> out = new ArrayList<>();
        for (String item : v.split(",", -1)) {
            if (item.isBlank()) throw error(key, "has an empty item in '" + v + "'");
            out.add(item.trim());
        }
        if (out.size() > maxItems) throw error(key, "names " + out.size() + " items; at most " + maxItems + " are allowed");
        return List.copyOf(out);
    }

    String choice(String key, String fallback, Set<String> allowed) {
        String v = string(key, fallback);
        if (!allowed.contains(v)) throw error(key, "expected one of " + new TreeSet<>(allowed) + ", found '" + v + "'");
        return v;
    }

    BadInputException error(String key, String problem) {
        return new BadInputException(where, 0, key == null ? "params" : "params." + key, problem);
    }
}
