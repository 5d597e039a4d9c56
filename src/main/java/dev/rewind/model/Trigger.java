package dev.rewind.model;

import java.time.Duration;
import java.util.Objects;

/**
 * A rule over one metric (DESIGN.md §2).
 *
 * @param name        the config's name for it (error_rate, latency, ...); findings carry it
 * @param metric      the metric it reads (error_rate, p95_latency_ms, ...)
 * @param window      the trailing window aggregated at each check; null means the latest sample only
 * @param holdFor     {@code duration_seconds}/{@code for}: the condition must hold at every check this long; ZERO fires at once
 * @param consecutive {@code consecutive: true}: the threshold N counts failing samples in a row (fires when more than N)
 * @param detection   the window rule, a sequential test, or the test when its data exists ({@link Detection})
 */
public record Trigger(
        String name,
        String metric,
        Comparison comparison,
        Threshold threshold,
        Aggregation aggregation,
        Duration window,
        Duration holdFor,
        boolean consecutive,
        Severity severity,
        AutomationLevel automation,
        Detection detection) {

    public Trigger {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(automation, "automation");
        detection = detection == null ? Detection.THRESHOLD : detection;
        holdFor = holdFor == null ? Duration.ZERO : holdFor;
        if (window != null && (window.isNegative() || window.isZero())) {
            throw new IllegalArgumentException("trigger " + name + ": window must be positive, got " + window);
        }
        if (consecutive && !(threshold instanceof Threshold.Absolute)) {
            throw new IllegalArgumentException("trigger " + name + ": a consecutive trigger needs an absolute count");
        }
    }

    /** A window rule only (the seed's kind of trigger). */
    public Trigger(String name, String metric, Comparison comparison, Threshold threshold, Aggregation aggregation, Duration window,
                   Duration holdFor, boolean consecutive, Severity severity, AutomationLevel automation) {
        this(name, metric, comparison, threshold, aggregation, window, holdFor, consecutive, severity, automation, Detection.THRESHOLD);
    }

    public Trigger withWindow(Duration newWindow) {
        return new Trigger(name, metric, comparison, threshold, aggregation, newWindow, holdFor, consecutive, severity, automation, detection);
    }

    public Trigger withHoldFor(Duration newHold) {
        return new Trigger(name, metric, comparison, threshold, aggregation, window, newHold, consecutive, severity, automation, detection);
    }

    public Trigger withDetection(Detection newDetection) {
        return new Trigger(name, metric, comparison, threshold, aggregation, window, holdFor, consecutive, severity, automation, newDetection);
    }

    /** "error_rate > baseline * 2.0 (mean over PT5M)": for logs, reports and findings. */
    public String describe() {
        String agg = window == null ? "latest" : aggregation.name().toLowerCase() + " over " + window;
        String hold = holdFor.isZero() ? "" : " for " + holdFor;
        String cons = consecutive ? " (consecutive)" : "";
        if (detection.kind() == Detection.Kind.SEQUENTIAL) return metric + " sequential test (alpha " + detection.alpha() + ", tolerance " + detection.tolerance() * 100 + "%)" + hold;
        return metric + " " + comparison.symbol() + " " + threshold.describe() + " (" + agg + ")" + hold + cons + detection.describe();
    }
}
