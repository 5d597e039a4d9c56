package dev.rewind.plan;

/**
 * Seed 003's rollback completion criteria: the rollback finished within its SLA, and more than
 * {@code minRolledBackPercent} of its targets were rolled back.
 */
public record CompletionCriteria(double minRolledBackPercent) {
    public static final CompletionCriteria SEED_003 = new CompletionCriteria(95.0);

    public CompletionCriteria {
        if (!(minRolledBackPercent >= 0 && minRolledBackPercent <= 100)) {
            throw new IllegalArgumentException("min_rolled_back_percent must be 0..100, got " + minRolledBackPercent);
        }
    }

    /** Seed 003 says "> 95%": exactly the minimum is not enough, except that 100% always is. */
    public boolean met(int rolledBack, int targets) {
        if (targets == 0) return true;
        double percent = 100.0 * rolledBack / targets;
        return percent > minRolledBackPercent || rolledBack == targets;
    }
}
