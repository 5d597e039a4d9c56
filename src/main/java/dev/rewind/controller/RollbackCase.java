package dev.rewind.controller;

import dev.rewind.act.PlanOptions;
import dev.rewind.act.Strategy;
import dev.rewind.model.Baseline;
import dev.rewind.model.Finding;
import dev.rewind.model.Release;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one rollback needs to know: the release, why (findings or an operator's reason), how
 * (strategy and options), what "good" looks like (baseline), who asked, and where the report goes.
 *
 * @param baseline   null: no baseline is known, metrics are not compared (health and smoke tests still run)
 * @param detectedAt when the problem was found (a trigger fired, or the operator's command)
 */
public record RollbackCase(Release release, Strategy strategy, PlanOptions options, Baseline baseline,
                           List<Finding> findings, Instant detectedAt, String reason, String actor, Path outDir) {
    public RollbackCase {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(detectedAt, "detectedAt");
        Objects.requireNonNull(outDir, "outDir");
        findings = List.copyOf(findings);
        actor = actor == null ? "rewind" : actor;
    }

    public String targetVersion() {
        return options.targetVersion() != null ? options.targetVersion() : release.previousVersion();
    }

    /** The trigger name for history: the first finding's, or "manual". */
    public String trigger() {
        return findings.isEmpty() ? "manual" : findings.getFirst().trigger();
    }
}
