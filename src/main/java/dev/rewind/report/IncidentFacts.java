package dev.rewind.report;

import dev.rewind.model.Baseline;
import dev.rewind.model.Finding;
import dev.rewind.model.Observations;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackResult;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the report stage is given about one incident; it reads these and returns text, never asks for more.
 *
 * @param result        the rollback's result; its diagnosis may still be null (the builder makes it)
 * @param observations  the metric series around the incident (before deploy to after recovery), for the chart and
 *                      the first bad sample; may be empty
 * @param afterRollback metric values measured after the rollback (means over the verification window); may be empty
 */
public record IncidentFacts(Release release, List<Finding> findings, Baseline baseline, RollbackResult result,
                            IncidentTimeline timeline, Observations observations, Map<String, Double> afterRollback) {

    public IncidentFacts {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(timeline, "timeline");
        findings = findings == null ? List.of() : List.copyOf(findings);
        observations = observations == null ? new Observations(Map.of()) : observations;
        afterRollback = afterRollback == null ? Map.of() : Map.copyOf(afterRollback);
    }

    /** The same facts with a result that carries its diagnosis. */
    public IncidentFacts withResult(RollbackResult newResult) {
        return new IncidentFacts(release, findings, baseline, newResult, timeline, observations, afterRollback);
    }
}
