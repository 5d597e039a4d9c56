package dev.rewind.model;

import java.util.Locale;

/** How bad a finding is. Ordered: a later constant is worse. Seed 003's trigger table uses these four. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code critical}, {@code HIGH}, ...; returns null for an unknown word so callers can name the field. */
    public static Severity parse(String text) {
        if (text == null) return null;
        for (Severity s : values()) {
            if (s.name().equalsIgnoreCase(text.trim())) return s;
        }
        return null;
    }
}
