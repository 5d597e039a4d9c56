package dev.rewind.controller;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Server mode's own settings.
 *
 * @param watchFor        how long a release is watched before it becomes the stable baseline (seed 001: 24 hours)
 * @param approvalTimeout how long a prepared rollback waits for a person
 * @param onTimeout       what happens then: escalate (alert, keep waiting for a decision), roll back, or deny
 * @param outDir          where reports are written, one folder per rollback
 * @param resumeWithin    a rollback left running by a process that died is resumed when its last journal row is at most
 *                        this old; an older one is closed as aborted (the world has moved on since; a person decides)
 */
public record FleetSettings(Duration watchFor, Duration approvalTimeout, OnApprovalTimeout onTimeout, Path outDir, Duration resumeWithin) {
    public static final Duration DEFAULT_WATCH = Duration.ofHours(24);
    public static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofMinutes(15);
    public static final Duration DEFAULT_RESUME_WITHIN = Duration.ofHours(1);

    public enum OnApprovalTimeout {
        ESCALATE, ROLLBACK, DENY;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public FleetSettings {
        if (watchFor.isNegative() || watchFor.isZero()) throw new IllegalArgumentException("the watch must last longer than zero");
        if (approvalTimeout.isNegative() || approvalTimeout.isZero()) throw new IllegalArgumentException("the approval timeout must be positive");
        resumeWithin = resumeWithin == null ? DEFAULT_RESUME_WITHIN : resumeWithin;
        if (resumeWithin.isNegative() || resumeWithin.isZero()) throw new IllegalArgumentException("resume_within must be positive");
    }

    public FleetSettings(Duration watchFor, Duration approvalTimeout, OnApprovalTimeout onTimeout, Path outDir) {
        this(watchFor, approvalTimeout, onTimeout, outDir, DEFAULT_RESUME_WITHIN);
    }

    public static FleetSettings defaults(Path outDir) {
        return new FleetSettings(DEFAULT_WATCH, DEFAULT_APPROVAL_TIMEOUT, OnApprovalTimeout.ESCALATE, outDir);
    }
}
