package dev.rewind.console;

import dev.rewind.controller.RollbackPipeline;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackResult;
import java.time.Duration;

/** The closing block of a rollback, in seed 002's "Rollback Summary" shape, from measured values only. */
public final class RollbackSummary {
    private RollbackSummary() {
    }

    /** @param withDiagnosis false for --analyze-failure false: the report is still written, the RCA lines are not printed */
    public static void print(StagePrinter out, RollbackPipeline.Done done, Release release, boolean withDiagnosis) {
        RollbackResult r = done.result();
        out.summary("Rollback Summary");
        out.field("Status", r.status().label());
        out.field("Rollback", done.id());
        out.field("From -> to", release.version() + " -> " + r.revertedTo() + " (strategy " + done.plan().strategy() + ")");
        out.field("Took", StagePrinter.human(Duration.between(r.startedAt(), r.finishedAt())) + ", " + r.attempts() + " attempt(s)");
        out.field("Flag deactivated", r.flagDeactivated());
        out.field("Metrics normalized", r.metricsNormalized() + (r.normalizationTimeSec() == null ? "" : " (after " + r.normalizationTimeSec() + " s)"));
        if (withDiagnosis && r.diagnosis() != null) {
            out.field("Trigger", r.diagnosis().trigger());
            out.field("Impact", r.diagnosis().impactedTrafficPercent() + "% of traffic for " + r.diagnosis().impactDurationSec() + " s");
            out.field("Probable cause", r.diagnosis().probableCause());
            out.field("Recommendation", r.diagnosis().recommendation());
        }
        if (r.verificationNote() != null) out.field("Recovery", "NOT verified: " + r.verificationNote());
        if (r.heldInMaintenance()) out.field("Maintenance", "HELD: the service stays in maintenance; end it with 'rewind maintenance off'");
        out.field("Result", done.report().resultYaml().toAbsolutePath());
        out.field("Report", done.report().incidentReport().toAbsolutePath());
        out.field("Chart", done.report().chart().toAbsolutePath());
    }

    /**
     * The closing line, telling apart the three outcomes a pipeline cares about: rolled back and verified (exit 0),
     * rolled back but the recovery could not be measured (exit 4), and a rollback that failed (exit 1).
     */
    public static void verdict(StagePrinter out, RollbackPipeline.Done done) {
        RollbackResult r = done.result();
        switch (r.status()) {
            case SUCCESS -> out.verdict(true, "Rolled back to " + r.revertedTo() + ", recovery verified.");
            case SUCCESS_UNVERIFIED -> out.verdict(false, "Rolled back to " + r.revertedTo() + ", recovery NOT verifiable (blind): "
                    + r.verificationNote() + ". Check the service by hand.");
            default -> out.verdict(false, "Rollback " + r.status().label() + ": see the report and the journal (bin/rewind report " + done.id() + ").");
        }
    }
}
