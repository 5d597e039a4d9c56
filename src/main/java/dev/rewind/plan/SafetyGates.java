package dev.rewind.plan;

/**
 * Seed 003's pre-rollback checks, as seed 004's {@code safety_checks} name them: checked before the first change, and
 * a gate that fails stops the rollback before anything changed.
 *
 * @param backupVerified each backup a restore step names exists and matches its checksum
 * @param targetHealthy  each version rolled back to exists and is healthy
 * @param rehearsed      the store holds a passing rehearsal of this plan, no older than the testing section allows
 */
public record SafetyGates(boolean backupVerified, boolean targetHealthy, boolean rehearsed) {
    public static SafetyGates none() {
        return new SafetyGates(false, false, false);
    }

    public boolean any() {
        return backupVerified || targetHealthy || rehearsed;
    }
}
