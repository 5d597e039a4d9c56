package dev.rewind.model;

import java.util.Locale;
import java.util.Objects;

/**
 * How a service is put into maintenance (seed 001: {@code setMaintenanceMode(true)} before the rollback, {@code false}
 * after it is verified): through the router, which sends all traffic to {@code name} (a target that serves the
 * maintenance page), or through the feature flag {@code name}, turned ON for maintenance and OFF after.
 */
public record MaintenanceMode(Via via, String name) {
    /** The journal's action when a failed verification keeps the service in maintenance. */
    public static final String HELD = "MAINTENANCE_HELD";

    public enum Via {
        ROUTER, FLAG;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public MaintenanceMode {
        Objects.requireNonNull(via, "via");
        // a router target or flag name reaches HAProxy's command line and flag APIs' URLs: letters, digits, _ . : - only
        if (!isName(name)) throw new IllegalArgumentException("not a maintenance target or flag name: '" + name + "'");
    }

    public static boolean isName(String name) {
        return name != null && name.length() <= 128 && name.matches("[A-Za-z0-9_.:-]+");
    }

    /** "router target maint_page" / "flag maintenance_mode", for journal details and messages. */
    public String describe() {
        return via == Via.ROUTER ? "router target " + name : "flag " + name;
    }
}
