package dev.rewind.demo;

import dev.rewind.cli.StagePrinter;
import dev.rewind.controller.RollbackPipeline;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackResult;
import java.time.Duration;

/** The closing block of a demo rollback, in seed 002's "Rollback Summary" shape, from measured values only. */
final class DemoSummary {
    private final StagePrinter out;

    DemoSummary(StagePrinter out) {
        this.out = out;
    }

    void print(RollbackPipeline.Done done, DemoEnvironment env, Release release, String expectedTrigger) {
        RollbackResult r = done.result();
        out.summary("Rollback Summary");
        out.field("Status", r.status().label());
        out.field("Rollback", done.id());
        out.field("From -> to", release.version() + " -> " + r.revertedTo() + " (strategy " + done.plan().strategy() + ")");
        out.field("Took", StagePrinter.human(Duration.between(r.startedAt(), r.finishedAt())));
        out.field("Flag deactivated", r.flagDeactivated());
        out.field("Metrics normalized", r.metricsNormalized() + (r.normalizationTimeSec() == null ? "" : " (after " + r.normalizationTimeSec() + " s)"));
        if (r.diagnosis() != null) {
            out.field("Trigger", r.diagnosis().trigger() + (expectedTrigger == null ? "" : " (scenario expects " + expectedTrigger + ")"));
            out.field("Impact", r.diagnosis().impactedTrafficPercent() + "% of traffic for " + r.diagnosis().impactDurationSec() + " s");
            out.field("Probable cause", r.diagnosis().probableCause());
            out.field("Recommendation", r.diagnosis().recommendation());
        }
        if (env.load() != null) out.field("User requests", env.load().sent() + " sent, " + env.load().failed() + " failed (5xx or no answer)");
        out.field("Result", done.report().resultYaml().toAbsolutePath());
        out.field("Report", done.report().incidentReport().toAbsolutePath());
        out.field("Chart", done.report().chart().toAbsolutePath());
    }
}
