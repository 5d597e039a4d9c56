package dev.rewind.store;

import java.util.Locale;

/** Where a release stands in its environment. Only one release per service and environment is CURRENT. */
public enum ReleaseStatus {
    CURRENT, STABLE, FAILED, ROLLED_BACK;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ReleaseStatus parse(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
