package dev.rewind.model;

import java.util.Locale;

/**
 * What Rewind may do on its own when a trigger fires (DESIGN.md §2, seed 003).
 * FULL: act now. SEMI: prepare the rollback and ask for approval. MANUAL: tell people, act only on command.
 */
public enum AutomationLevel {
    FULL, SEMI, MANUAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
