package dev.rewind.model;

import java.util.Locale;

/** How a rollback stands or ended; the labels are DESIGN.md §3.5's words. */
public enum RollbackStatus {
    /** rolled back, and metrics proved the recovery */
    SUCCESS,
    /** rolled back, but the recovery could not be measured: the metric source was down or had no data (blind), or none is configured */
    SUCCESS_UNVERIFIED,
    /** a step that must succeed failed after every attempt, or every step ran but verification saw metrics still off */
    FAILED,
    /** the previous version is unhealthy too: a systemic issue, escalated (seed 001) */
    ESCALATED,
    /** an operator aborted it between steps; what ran is in the journal */
    ABORTED,
    /** enabled: false or --dry-run: nothing was changed */
    DRY_RUN,
    /** waiting for a person's approval (automation semi or manual) */
    AWAITING_APPROVAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The previous version runs again: verified or not. */
    public boolean rolledBack() {
        return this == SUCCESS || this == SUCCESS_UNVERIFIED;
    }
}
