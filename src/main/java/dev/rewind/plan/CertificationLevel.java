package dev.rewind.plan;

import java.time.Duration;

/**
 * Seed 004's certification levels and their rollback time SLA (for level 4, per region). Each level keeps the rules
 * of the levels below it ({@link PlanRules}).
 */
public enum CertificationLevel {
    LEVEL_2(2, Duration.ofMinutes(30), "Standard Union"),
    LEVEL_3(3, Duration.ofMinutes(15), "Advanced Union"),
    LEVEL_4(4, Duration.ofMinutes(10), "Master Union");

    private final int number;
    private final Duration sla;
    private final String title;

    CertificationLevel(int number, Duration sla, String title) {
        this.number = number;
        this.sla = sla;
        this.title = title;
    }

    public int number() {
        return number;
    }

    /** The longest rollback the level allows (per region at level 4). */
    public Duration sla() {
        return sla;
    }

    public String title() {
        return title;
    }

    public boolean atLeast(int level) {
        return number >= level;
    }

    /** The level numbered 2, 3 or 4; null for any other number, so the caller can name the field. */
    public static CertificationLevel of(int number) {
        for (CertificationLevel l : values()) {
            if (l.number == number) return l;
        }
        return null;
    }
}
