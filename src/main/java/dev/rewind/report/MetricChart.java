package dev.rewind.report;

import dev.rewind.model.Finding;
import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An SVG of the incident: one panel per firing metric (plus request rate when observed), the series over
 * time, the baseline (dashed) and threshold (dotted), and vertical markers for deploy, detection, rollback
 * and recovery. Hand-written SVG: deterministic for the same input, readable at 900px wide.
 */
public final class MetricChart {
    public static final String FILE_NAME = "chart.svg";
    public static final int WIDTH = 900;
    public static final int PLOT_LEFT = 80;
    public static final int PLOT_RIGHT = 880;
    public static final int TITLE_HEIGHT = 36;
    public static final int PANEL_HEIGHT = 265;
    /** Within a panel: the band for its title and marker labels, then the plot, then the time axis. */
    public static final int PLOT_TOP_OFFSET = 64;
    public static final int PLOT_HEIGHT = 150;

    /** The time the chart spans, shared by every panel so markers line up. */
    public record Span(Instant start, Instant end) {
    }

    /** A vertical marker: {@code name} is deploy, detection, rollback or recovery. */
    public record Marker(String name, Instant at, String colour) {
    }

    public String render(IncidentFacts facts) {
        List<String> metrics = panelMetrics(facts);
        Span span = timeRange(facts, metrics);
        List<Marker> markers = markers(facts.timeline());
        int height = TITLE_HEIGHT + PANEL_HEIGHT * Math.max(1, metrics.size());
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(Svg.text(PLOT_LEFT, 24, "start", "font-size=\"16\" font-weight=\"bold\"",
                facts.release().service() + " " + facts.release().version() + " (" + facts.release().environment()
                        + "): metrics around the rollback to " + Objects.toString(facts.result().revertedTo(), "?")));
        if (metrics.isEmpty()) {
            svg.append(Svg.text(PLOT_LEFT, TITLE_HEIGHT + 40, "start", "", "no metric samples were recorded"));
        }
        for (int i = 0; i < metrics.size(); i++) {
            new ChartPanel(facts, metrics.get(i), TITLE_HEIGHT + i * PANEL_HEIGHT, span.start(), span.end(), markers).draw(svg);
        }
        return svg.append("</svg>\n").toString();
    }

    /**
     * Firing metrics in finding order (an unobserved one gets a panel that says so), then request rate when it
     * was observed: the load behind the numbers. Without findings, every observed metric.
     */
    static List<String> panelMetrics(IncidentFacts facts) {
        List<String> out = new ArrayList<>();
        for (Finding f : facts.findings()) {
            String m = MetricNames.canonical(f.metric());
            if (!out.contains(m) && !m.equals("operator_command")) out.add(m);
        }
        if (out.isEmpty()) facts.observations().metrics().stream().sorted().forEach(out::add);
        else if (!out.contains(MetricNames.REQUEST_RATE) && facts.observations().get(MetricNames.REQUEST_RATE).isPresent()) {
            out.add(MetricNames.REQUEST_RATE);
        }
        return out;
    }

    /** From the earliest of (first sample, deploy) to the latest of (last sample, every marker). */
    public static Span timeRange(IncidentFacts facts, List<String> metrics) {
        Instant start = facts.timeline().deployedAt();
        Instant end = facts.timeline().deployedAt();
        for (String m : metrics) {
            List<Sample> s = facts.observations().get(m).map(MetricSeries::samples).orElse(List.of());
            if (s.isEmpty()) continue;
            if (s.getFirst().at().isBefore(start)) start = s.getFirst().at();
            if (s.getLast().at().isAfter(end)) end = s.getLast().at();
        }
        for (Marker mk : markers(facts.timeline())) {
            if (mk.at().isAfter(end)) end = mk.at();
            if (mk.at().isBefore(start)) start = mk.at();
        }
        if (!end.isAfter(start)) end = start.plus(Duration.ofMinutes(1));
        return new Span(start, end);
    }

    public static List<Marker> markers(IncidentTimeline t) {
        List<Marker> out = new ArrayList<>();
        out.add(new Marker("deploy", t.deployedAt(), "#2ca02c"));
        out.add(new Marker("detection", t.detectedAt(), "#d62728"));
        if (t.rollbackStartedAt() != null) out.add(new Marker("rollback", t.rollbackStartedAt(), "#ff7f0e"));
        Instant recovery = t.recoveredAt() != null ? t.recoveredAt() : t.trafficRestoredAt();
        if (recovery != null) out.add(new Marker("recovery", recovery, "#9467bd"));
        return out;
    }

    /** The x pixel of an instant: linear between PLOT_LEFT (start) and PLOT_RIGHT (end). */
    public static double x(Instant at, Instant start, Instant end) {
        double span = Duration.between(start, end).toMillis();
        return PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * Duration.between(start, at).toMillis() / span;
    }
}
