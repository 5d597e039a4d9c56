package dev.rewind.report;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.Diagnosis;
import dev.rewind.model.Finding;
import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.model.Sample;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Seed 000 step 5: turns the facts of an incident into a {@link Diagnosis}. Pure: no I/O, no clock. */
public final class DiagnosisBuilder {
    private final CauseCorrelation correlation = new CauseCorrelation();

    public Diagnosis build(IncidentFacts facts) {
        List<Finding> findings = withBaselines(facts);
        Instant detectedAt = findings.stream().map(Finding::detectedAt).min(Comparator.naturalOrder()).orElse(facts.timeline().detectedAt());
        CauseCorrelation.ProbableCause cause = correlation.correlate(facts.release().changes(), findings);
        return new Diagnosis(
                trigger(findings),
                detectedAt,
                facts.release().trafficPercent(),
                impactWindow(facts).seconds(),
                cause.text(),
                metricsAtDetection(findings, facts),
                recommendation(facts, cause),
                whatFailed(findings),
                actionTaken(facts.result().actionsLog()),
                currentState(facts));
    }

    /** The result with this diagnosis in it: what the writers take. */
    public RollbackResult complete(IncidentFacts facts) {
        RollbackResult r = facts.result();
        return r.withDiagnosis(build(facts));
    }

    /** From the first sample after the deploy on the bad side of a firing threshold, else from the deploy. */
    public ImpactWindow impactWindow(IncidentFacts facts) {
        IncidentTimeline t = facts.timeline();
        Instant end = t.trafficRestoredAt() != null ? t.trafficRestoredAt() : facts.result().finishedAt();
        Optional<Instant> firstBad = facts.findings().stream()
                .map(f -> firstBadSample(facts, f, t.deployedAt()))
                .flatMap(Optional::stream).min(Comparator.naturalOrder());
        return firstBad.map(at -> new ImpactWindow(at, end, ImpactWindow.FIRST_BAD_SAMPLE))
                .orElseGet(() -> new ImpactWindow(t.deployedAt(), end, ImpactWindow.DEPLOY));
    }

    private static Optional<Instant> firstBadSample(IncidentFacts facts, Finding f, Instant deployedAt) {
        Optional<MetricSeries> series = facts.observations().get(f.metric());
        if (series.isEmpty() || f.evidence() != null) return Optional.empty(); // a test's limit is per request, not per sample
        boolean above = f.current() >= f.threshold();
        return series.get().samples().stream()
                .filter(s -> !s.at().isBefore(deployedAt) && !s.at().isAfter(f.detectedAt()))
                .filter(s -> above ? s.value() > f.threshold() : s.value() < f.threshold())
                .map(Sample::at).findFirst();
    }

    static String trigger(List<Finding> findings) {
        if (findings.isEmpty()) return "none";
        List<String> parts = new ArrayList<>();
        for (Finding f : findings) {
            if (f.trigger().equals("manual")) {
                parts.add("manual rollback: " + f.reason());
                continue;
            }
            if (f.evidence() != null) {
                parts.add(f.trigger() + " failed its sequential test (" + SequentialText.summary(f) + ")");
                continue;
            }
            boolean above = f.current() >= f.threshold();
            parts.add(f.trigger() + (above ? " exceeded threshold (" : " fell below threshold (") + MetricNames.canonical(f.metric())
                    + " " + ReportNumbers.text(f.current()) + (above ? " > " : " < ") + ReportNumbers.text(f.threshold()) + ")");
        }
        return String.join("; ", parts);
    }

    /**
     * An absolute trigger (memory > 90%) fires without a baseline of its own; the release's baseline still
     * knows what normal was, and the report should say it.
     */
    static List<Finding> withBaselines(IncidentFacts facts) {
        if (facts.baseline() == null) return facts.findings();
        return facts.findings().stream().map(f -> {
            if (f.baseline() != null || f.trigger().equals("manual")) return f;
            Double normal = facts.baseline().means().get(MetricNames.canonical(f.metric()));
            return normal == null ? f : new Finding(f.trigger(), f.metric(), f.severity(), f.automation(), normal, f.current(),
                    f.threshold(), f.detectedAt(), f.reason(), f.evidence());
        }).toList();
    }

    /**
     * Seed 000's shape: {@code <metric>}, {@code baseline_<metric>} and {@code delta_percent_<metric>} per firing metric,
     * and a bare {@code delta_percent} for the first one (the trigger the seed's single-metric example shows).
     */
    /**
     * As below, and for a sequential finding (whose numbers are per request) also the metric in its own unit, as seed
     * 000 shows it: the newest sample at detection and the baseline's mean.
     */
    static Map<String, Object> metricsAtDetection(List<Finding> findings, IncidentFacts facts) {
        Map<String, Object> out = metricsAtDetection(findings);
        for (Finding f : findings) {
            if (f.evidence() == null) continue;
            String m = MetricNames.canonical(f.metric());
            Double normal = facts.baseline() == null ? null : facts.baseline().means().get(m);
            Optional<Sample> atDetection = facts.observations().get(m).flatMap(series -> series.samples().stream()
                    .filter(x -> !x.at().isAfter(f.detectedAt())).reduce((a, b) -> b));
            if (atDetection.isEmpty() || out.containsKey(m)) continue;
            out.put(m, ReportNumbers.round(atDetection.get().value()));
            if (normal != null) out.put("baseline_" + m, ReportNumbers.round(normal));
        }
        return out;
    }

    static Map<String, Object> metricsAtDetection(List<Finding> findings) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Finding f : findings) {
            if (f.trigger().equals("manual")) continue;
            String m = MetricNames.canonical(f.metric());
            if (f.evidence() != null) {
                SequentialText.metrics(f, out);
                continue;
            }
            if (out.containsKey(m)) continue;
            out.put(m, ReportNumbers.round(f.current()));
            if (f.baseline() != null) out.put("baseline_" + m, ReportNumbers.round(f.baseline()));
            out.put("threshold_" + m, ReportNumbers.round(f.threshold()));
            Double d = f.deltaPercent();
            if (d != null) {
                out.putIfAbsent("delta_percent", ReportNumbers.roundPercent(d));
                out.put("delta_percent_" + m, ReportNumbers.roundPercent(d));
            }
        }
        return out;
    }

    static List<String> whatFailed(List<Finding> findings) {
        return findings.stream().map(f -> {
            if (f.trigger().equals("manual")) return "operator command: " + f.reason();
            if (f.evidence() != null) return MetricNames.canonical(f.metric()) + ": " + SequentialText.summary(f) + " [" + f.severity().label() + "] at " + iso(f.detectedAt());
            Double d = f.deltaPercent();
            String base = f.baseline() == null ? "no baseline" : "baseline " + ReportNumbers.text(f.baseline())
                    + (d == null ? "" : " (" + ReportNumbers.signedPercent(d) + ")");
            return MetricNames.canonical(f.metric()) + ": " + ReportNumbers.text(f.current()) + " vs " + base
                    + ", threshold " + ReportNumbers.text(f.threshold()) + " [" + f.severity().label() + "] at " + iso(f.detectedAt());
        }).toList();
    }

    static List<String> actionTaken(List<ActionLogEntry> actions) {
        return actions.stream().map(a -> {
            Object from = a.details().get("from");
            Object to = a.details().get("to");
            String move = from != null && to != null ? " " + from + " -> " + to : "";
            return a.action() + move + ": " + a.status() + (a.timestamp() == null ? "" : " at " + iso(a.timestamp()));
        }).toList();
    }

    static String currentState(IncidentFacts facts) {
        RollbackResult r = facts.result();
        String running = switch (r.status()) {
            case SUCCESS, SUCCESS_UNVERIFIED, FAILED -> "running " + r.revertedTo() + " (rolled back from " + r.revertedFrom() + ")";
            case ABORTED -> "aborted partway (by an operator, or a server stopping): see the journal for what ran";
            case ESCALATED -> "escalated: the previous version " + r.revertedTo() + " is unhealthy too";
            case DRY_RUN -> "dry run: still running " + r.revertedFrom() + ", nothing was changed";
            case AWAITING_APPROVAL -> "awaiting approval: still running " + r.revertedFrom();
        };
        String metrics;
        if (r.status() == RollbackStatus.SUCCESS_UNVERIFIED) {
            metrics = "recovery NOT verified (" + r.verificationNote() + ")";
        } else if (r.metricsNormalized()) {
            metrics = "metrics back within baseline" + (r.normalizationTimeSec() == null ? "" : " after " + r.normalizationTimeSec() + "s");
        } else if (r.status() == RollbackStatus.SUCCESS || r.status() == RollbackStatus.FAILED || r.status() == RollbackStatus.ESCALATED) {
            metrics = "metrics NOT back at baseline";
        } else {
            metrics = "metrics unchanged";
        }
        return running + "; " + metrics + afterValues(facts);
    }

    private static String afterValues(IncidentFacts facts) {
        List<String> parts = new ArrayList<>();
        facts.findings().stream().map(f -> MetricNames.canonical(f.metric())).distinct().forEach(m -> {
            Double after = facts.afterRollback().get(m);
            if (after == null) return;
            Double base = facts.baseline() == null ? null : facts.baseline().means().get(m);
            parts.add(m + " " + ReportNumbers.text(after) + (base == null ? "" : " vs baseline " + ReportNumbers.text(base)));
        });
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    static String recommendation(IncidentFacts facts, CauseCorrelation.ProbableCause cause) {
        String version = facts.release().version();
        if (cause.found()) {
            MetricFamily family = MetricFamily.of(cause.matchedMetrics().getFirst());
            return "Investigate " + cause.change().kind() + " " + cause.change().id() + " (\"" + cause.change().summary() + "\") for "
                    + family.suspect() + " before re-deploying " + version + "; add a test that reproduces the "
                    + family.label() + " regression under production load";
        }
        List<String> metrics = facts.findings().stream().map(f -> MetricNames.canonical(f.metric())).distinct().toList();
        if (metrics.isEmpty()) return "No trigger fired: record why this rollback was run before re-deploying " + version;
        if (metrics.equals(List.of("operator_command"))) {
            return "Find the root cause the operator saw before re-deploying " + version;
        }
        MetricFamily family = MetricFamily.of(metrics.getFirst());
        return "Investigate the root cause of the " + String.join(", ", metrics) + " regression before re-deploying " + version
                + ": no change in this release explains it, so check " + family.suspect() + ", infrastructure and dependencies";
    }

    static String iso(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
