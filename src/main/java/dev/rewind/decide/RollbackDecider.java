package dev.rewind.decide;

import dev.rewind.model.AutomationLevel;
import dev.rewind.model.Decision;
import dev.rewind.model.Finding;
import dev.rewind.model.Release;
import dev.rewind.model.Severity;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Seed 001's decision tree with seed 003's automation levels, in this order: nothing found, keep watching;
 * past the point of no return, fix forward; a full-automation finding of high or critical severity, roll back
 * (at once when one is critical); a semi or manual finding, ask for approval; otherwise keep watching.
 */
public final class RollbackDecider {

    /** @param release the release watched, or null when unknown (then there is no point of no return) */
    public Decision decide(List<Finding> findings, Release release, Instant now) {
        if (findings.isEmpty()) return new Decision.KeepWatching(now, findings, "no trigger fired");
        if (release != null && release.pastPointOfNoReturn(now)) {
            return new Decision.FixForward(now, findings, "release " + release.version() + " is past its point of no return ("
                    + release.pointOfNoReturn() + "): fix forward instead of rolling back; found " + names(findings));
        }
        List<Finding> acting = findings.stream()
                .filter(f -> f.automation() == AutomationLevel.FULL && f.severity().atLeast(Severity.HIGH)).toList();
        if (!acting.isEmpty()) {
            boolean immediate = acting.stream().anyMatch(f -> f.severity() == Severity.CRITICAL);
            return new Decision.Rollback(now, findings, immediate,
                    (immediate ? "critical: " : "") + "automatic rollback on " + names(acting));
        }
        List<Finding> asking = findings.stream().filter(f -> f.automation() != AutomationLevel.FULL).toList();
        if (!asking.isEmpty()) return new Decision.AwaitApproval(now, findings, "approval required for " + names(asking));
        return new Decision.KeepWatching(now, findings, "below the severity that acts alone (high): " + names(findings));
    }

    private static String names(List<Finding> findings) {
        return findings.stream().map(f -> f.trigger() + " (" + f.severity().label() + ", " + f.automation().label() + ")")
                .collect(Collectors.joining(", "));
    }
}
