package dev.rewind.model;

import java.util.Locale;

public enum RollbackStatus {
    SUCCESS,
    /** every step ran but verification did not pass in time */
    FAILED,
    /** the previous version is unhealthy too: a systemic issue, escalated (seed 001) */
    ESCALATED,
    /** enabled: false or --dry-run: nothing was changed */
    DRY_RUN,
    /** waiting for a person's approval (automation semi or manual) */
    AWAITING_APPROVAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
