package dev.rewind.config;

import dev.rewind.config.ConfigNode.MapNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Typed, bounded reads for plan files: names, short texts, times and durations, each error at its node's line. */
final class PlanValues {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MAX_TEXT = 2000;

    private final ConfigValues values;

    PlanValues(ConfigValues values) {
        this.values = values;
    }

    ConfigValues values() {
        return values;
    }

    MapNode section(MapNode parent, String key, Set<String> known) {
        if (!parent.has(key)) return null;
        MapNode m = values.map(parent.get(key));
        m.allowOnly(known);
        return m;
    }

    MapNode required(MapNode parent, String key, String what) {
        if (!parent.has(key)) throw parent.error("missing '" + key + "': " + what);
        return values.map(parent.get(key));
    }

    /** Printable text without control characters (a newline is allowed in long texts), at most 2000 characters. */
    String text(ConfigNode node) {
        String s = values.string(node).strip();
        if (s.isEmpty()) throw node.error("expected text, found an empty value");
        if (s.length() > MAX_TEXT) throw node.error("expected at most " + MAX_TEXT + " characters, found " + s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\t') throw node.error("expected printable text, found a control character");
        }
        return s;
    }

    String text(MapNode m, String key) {
        return m.has(key) ? text(m.get(key)) : null;
    }

    String requiredText(MapNode m, String key, String what) {
        if (!m.has(key)) throw m.error("missing '" + key + "': " + what);
        return text(m.get(key));
    }

    /** A name: letters, digits, '.', '_', '-' (at most 64), starting with a letter or digit. */
    String id(ConfigNode node) {
        String s = values.string(node).strip();
        if (!ID.matcher(s).matches()) {
            throw node.error("expected a name of letters, digits, '.', '_' and '-' (at most 64, starting with a letter or digit), found '" + s + "'");
        }
        return s;
    }

    List<String> texts(MapNode m, String key) {
        if (!m.has(key)) return List.of();
        List<String> out = new ArrayList<>();
        for (ConfigNode item : values.list(m.get(key)).items()) out.add(text(item));
        if (out.size() > 200) throw m.get(key).error("expected at most 200 items, found " + out.size());
        return out;
    }

    List<String> ids(MapNode m, String key) {
        if (!m.has(key)) return List.of();
        List<String> out = new ArrayList<>();
        for (ConfigNode item : values.list(m.get(key)).items()) out.add(id(item));
        return out;
    }

    /** ISO-8601 instant (2025-12-09T10:00:00Z) or a date (midnight UTC). */
    Instant instant(ConfigNode node) {
        String s = values.string(node).strip();
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw node.error("expected a time such as 2025-12-09T10:00:00Z (or a date, 2025-12-09), found '" + s + "'");
            }
        }
    }

    Instant instant(MapNode m, String key) {
        return m.has(key) ? instant(m.get(key)) : null;
    }

    /** "500ms", "30s", "2m", "1h", or seconds; from 100 ms (a step on loopback) to 24 h. */
    Duration duration(ConfigNode node) {
        return values.duration(node, ConfigBounds.PLAN_STEP_SECONDS);
    }

    /** A whole or decimal number of minutes within the bound. */
    Duration minutes(ConfigNode node, Bound bound) {
        return values.minutes(node, bound);
    }

    double number(ConfigNode node, Bound bound) {
        return values.number(node, bound);
    }

    String choice(MapNode m, String key, String fallback, List<String> allowed) {
        if (!m.has(key)) return fallback;
        String v = values.string(m.get(key)).strip().toLowerCase(java.util.Locale.ROOT);
        if (!allowed.contains(v)) throw m.get(key).error("expected one of " + allowed + ", found '" + v + "'");
        return v;
    }

    boolean bool(MapNode m, String key, boolean fallback) {
        return m.has(key) ? values.bool(m.get(key)) : fallback;
    }
}
