package dev.rewind.report;

import dev.rewind.model.Finding;
import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Sample;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
    private static final int LABEL_ROWS = 3;
    private static final double LABEL_CHAR_WIDTH = 6.3;
    public static final int PLOT_HEIGHT = 150;

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final long[] TICK_MINUTES = {1, 2, 5, 10, 15, 30, 60, 120, 240, 360, 720, 1440};

    /** A vertical marker: {@code name} is deploy, detection, rollback or recovery. */
    public record Marker(String name, Instant at, String colour) {
    }

    public String render(IncidentFacts facts) {
        List<String> metrics = panelMetrics(facts);
        Instant[] range = timeRange(facts, metrics);
        List<Marker> markers = markers(facts.timeline());
        int height = TITLE_HEIGHT + PANEL_HEIGHT * Math.max(1, metrics.size());
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(PLOT_LEFT, 24, "start", "font-size=\"16\" font-weight=\"bold\"",
                facts.release().service() + " " + facts.release().version() + " (" + facts.release().environment()
                        + "): metrics around the rollback to " + Objects.toString(facts.result().revertedTo(), "?")));
        if (metrics.isEmpty()) {
            svg.append(text(PLOT_LEFT, TITLE_HEIGHT + 40, "start", "", "no metric samples were recorded"));
        }
        for (int i = 0; i < metrics.size(); i++) {
            new Panel(facts, metrics.get(i), TITLE_HEIGHT + i * PANEL_HEIGHT, range[0], range[1], markers).draw(svg);
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
    public static Instant[] timeRange(IncidentFacts facts, List<String> metrics) {
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
        return new Instant[] {start, end};
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

    private record Panel(IncidentFacts facts, String metric, int top, Instant start, Instant end, List<Marker> markers) {

        void draw(StringBuilder svg) {
            List<Sample> samples = facts.observations().get(metric).map(MetricSeries::samples).orElse(List.of());
            Double baseline = baselineOf();
            Double threshold = facts.findings().stream().filter(f -> MetricNames.canonical(f.metric()).equals(metric))
                    .map(Finding::threshold).findFirst().orElse(null);
            double[] yr = yRange(samples, baseline, threshold);
            int plotTop = top + PLOT_TOP_OFFSET;
            int plotBottom = plotTop + PLOT_HEIGHT;
            svg.append("<g class=\"panel\" data-metric=\"").append(escape(metric)).append("\">\n");
            svg.append(text(PLOT_LEFT, top + 18, "start", "font-size=\"14\" font-weight=\"bold\"", metric + unitSuffix(metric)));
            legend(svg, top + 18, baseline != null, threshold != null);
            svg.append("<rect x=\"").append(PLOT_LEFT).append("\" y=\"").append(plotTop).append("\" width=\"").append(PLOT_RIGHT - PLOT_LEFT)
                    .append("\" height=\"").append(PLOT_HEIGHT).append("\" fill=\"#fafafa\" stroke=\"#999\"/>\n");
            yAxis(svg, yr, plotTop);
            xAxis(svg, plotBottom);
            // Reference lines go over the series: a healthy series sits on its baseline and would hide it.
            if (samples.isEmpty()) {
                svg.append(text((PLOT_LEFT + PLOT_RIGHT) / 2.0, plotTop + PLOT_HEIGHT / 2.0, "middle", "fill=\"#555\"",
                        "no samples of " + metric + " were recorded"));
            } else {
                series(svg, samples, yr, plotTop);
            }
            if (baseline != null) hline(svg, "baseline", y(baseline, yr, plotTop), "#555", "6,4", "baseline " + ReportNumbers.text(baseline));
            if (threshold != null) hline(svg, "threshold", y(threshold, yr, plotTop), "#d62728", "2,3", "threshold " + ReportNumbers.text(threshold));
            int[] rows = labelRows(markers, start, end);
            for (int i = 0; i < markers.size(); i++) marker(svg, markers.get(i), rows[i], plotTop, plotBottom);
            svg.append("</g>\n");
        }

        private Double baselineOf() {
            Optional<Double> fromFinding = facts.findings().stream().filter(f -> MetricNames.canonical(f.metric()).equals(metric))
                    .map(Finding::baseline).filter(Objects::nonNull).findFirst();
            if (fromFinding.isPresent()) return fromFinding.get();
            return facts.baseline() == null ? null : facts.baseline().means().get(metric);
        }

        private void series(StringBuilder svg, List<Sample> samples, double[] yr, int plotTop) {
            StringBuilder pts = new StringBuilder();
            for (Sample s : samples) {
                if (s.at().isBefore(start) || s.at().isAfter(end)) continue;
                if (!pts.isEmpty()) pts.append(' ');
                pts.append(num(x(s.at(), start, end))).append(',').append(num(y(s.value(), yr, plotTop)));
            }
            svg.append("<polyline class=\"series\" data-metric=\"").append(escape(metric))
                    .append("\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"").append(pts).append("\"/>\n");
        }

        private void hline(StringBuilder svg, String cls, double y, String colour, String dash, String label) {
            svg.append("<line class=\"").append(cls).append("\" x1=\"").append(PLOT_LEFT).append("\" x2=\"").append(PLOT_RIGHT)
                    .append("\" y1=\"").append(num(y)).append("\" y2=\"").append(num(y)).append("\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"1.5\" stroke-dasharray=\"").append(dash).append("\"/>\n");
            // A white halo keeps the label legible where a noisy series crosses it.
            svg.append(text(PLOT_RIGHT - 4, y - 4, "end", "fill=\"" + colour + "\" font-size=\"11\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\"", label));
        }

        private void marker(StringBuilder svg, Marker m, int row, int plotTop, int plotBottom) {
            String x = num(x(m.at(), start, end));
            svg.append("<line class=\"marker marker-").append(m.name()).append("\" x1=\"").append(x).append("\" x2=\"").append(x)
                    .append("\" y1=\"").append(plotTop).append("\" y2=\"").append(plotBottom).append("\" stroke=\"").append(m.colour())
                    .append("\" stroke-width=\"1.5\" stroke-dasharray=\"4,3\"/>\n");
            int labelY = plotTop - 34 + row * 12;
            String label = label(m);
            double half = label.length() * LABEL_CHAR_WIDTH / 2;
            double centre = Math.clamp(Double.parseDouble(x), half + 2, WIDTH - half - 2);
            svg.append(text(centre, labelY, "middle", "fill=\"" + m.colour() + "\" font-size=\"11\"", label));
        }

        private void yAxis(StringBuilder svg, double[] yr, int plotTop) {
            for (double v = yr[0]; v <= yr[1] + yr[2] / 2; v += yr[2]) {
                double y = y(v, yr, plotTop);
                svg.append("<line x1=\"").append(PLOT_LEFT - 5).append("\" x2=\"").append(PLOT_RIGHT).append("\" y1=\"").append(num(y))
                        .append("\" y2=\"").append(num(y)).append("\" stroke=\"#e5e5e5\"/>\n");
                svg.append(text(PLOT_LEFT - 8, y + 4, "end", "", ReportNumbers.text(v)));
            }
            double mid = plotTop + PLOT_HEIGHT / 2.0;
            svg.append("<text x=\"18\" y=\"").append(num(mid)).append("\" text-anchor=\"middle\" transform=\"rotate(-90 18 ")
                    .append(num(mid)).append(")\">").append(escape(unitLabel(metric))).append("</text>\n");
        }

        private void xAxis(StringBuilder svg, int plotBottom) {
            long stepMin = tickMinutes(Duration.between(start, end));
            long stepSec = stepMin * 60;
            long first = Math.floorDiv(start.getEpochSecond() + stepSec - 1, stepSec) * stepSec;
            for (long s = first; s <= end.getEpochSecond(); s += stepSec) {
                Instant at = Instant.ofEpochSecond(s);
                String x = num(x(at, start, end));
                svg.append("<line x1=\"").append(x).append("\" x2=\"").append(x).append("\" y1=\"").append(plotBottom)
                        .append("\" y2=\"").append(plotBottom + 5).append("\" stroke=\"#333\"/>\n");
                svg.append(text(Double.parseDouble(x), plotBottom + 18, "middle", "", HH_MM.format(at)));
            }
            svg.append(text((PLOT_LEFT + PLOT_RIGHT) / 2.0, plotBottom + 34, "middle", "fill=\"#555\"", "time (UTC)"));
        }

        private void legend(StringBuilder svg, int y, boolean baseline, boolean threshold) {
            int x = PLOT_RIGHT - 330;
            svg.append("<line x1=\"").append(x).append("\" x2=\"").append(x + 24).append("\" y1=\"").append(y - 4).append("\" y2=\"")
                    .append(y - 4).append("\" stroke=\"#1f77b4\" stroke-width=\"2\"/>\n");
            svg.append(text(x + 28, y, "start", "", "release"));
            if (baseline) {
                svg.append("<line x1=\"").append(x + 90).append("\" x2=\"").append(x + 114).append("\" y1=\"").append(y - 4).append("\" y2=\"")
                        .append(y - 4).append("\" stroke=\"#555\" stroke-width=\"1.5\" stroke-dasharray=\"6,4\"/>\n");
                svg.append(text(x + 118, y, "start", "", "baseline"));
            }
            if (threshold) {
                svg.append("<line x1=\"").append(x + 190).append("\" x2=\"").append(x + 214).append("\" y1=\"").append(y - 4).append("\" y2=\"")
                        .append(y - 4).append("\" stroke=\"#d62728\" stroke-width=\"1.5\" stroke-dasharray=\"2,3\"/>\n");
                svg.append(text(x + 218, y, "start", "", "threshold"));
            }
        }
    }

    static String label(Marker m) {
        return m.name() + " " + HH_MM.format(m.at());
    }

    /**
     * Puts each marker label in the first row where it does not overlap the label before it, so markers a
     * minute apart stay readable; with every row taken, the emptiest-looking (last) row is reused.
     */
    static int[] labelRows(List<Marker> markers, Instant start, Instant end) {
        double[] rightEdge = new double[LABEL_ROWS];
        java.util.Arrays.fill(rightEdge, Double.NEGATIVE_INFINITY);
        Integer[] order = java.util.stream.IntStream.range(0, markers.size()).boxed()
                .sorted(java.util.Comparator.comparing(i -> markers.get(i).at())).toArray(Integer[]::new);
        int[] rows = new int[markers.size()];
        for (int i : order) {
            double half = label(markers.get(i)).length() * LABEL_CHAR_WIDTH / 2;
            double cx = x(markers.get(i).at(), start, end);
            int row = LABEL_ROWS - 1;
            for (int r = 0; r < LABEL_ROWS; r++) {
                if (cx - half > rightEdge[r] + 4) {
                    row = r;
                    break;
                }
            }
            rows[i] = row;
            rightEdge[row] = cx + half;
        }
        return rows;
    }

    /** [min, max, step]: zero-based unless the data goes negative, with a little headroom and round steps. */
    static double[] yRange(List<Sample> samples, Double baseline, Double threshold) {
        double lo = 0, hi = 0;
        List<Double> values = new ArrayList<>(samples.stream().map(Sample::value).toList());
        if (baseline != null) values.add(baseline);
        if (threshold != null) values.add(threshold);
        for (double v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (hi <= lo) hi = lo + 1;
        double step = niceStep((hi - lo) * 1.1 / 5);
        return new double[] {Math.floor(lo / step) * step, Math.ceil(hi * 1.1 / step) * step, step};
    }

    static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
        return nice * mag;
    }

    static long tickMinutes(Duration span) {
        for (long m : TICK_MINUTES) {
            if (span.toMinutes() / m <= 8) return m;
        }
        return TICK_MINUTES[TICK_MINUTES.length - 1] * Math.max(1, span.toDays() / 8);
    }

    static double y(double v, double[] yr, int plotTop) {
        return plotTop + PLOT_HEIGHT - PLOT_HEIGHT * (v - yr[0]) / (yr[1] - yr[0]);
    }

    static String unitSuffix(String metric) {
        String u = unit(metric);
        return u.isEmpty() ? "" : " (" + u + ")";
    }

    static String unitLabel(String metric) {
        String u = unit(metric);
        return u.isEmpty() ? metric : u;
    }

    static String unit(String metric) {
        Map<String, String> suffixes = new LinkedHashMap<>();
        suffixes.put("_ms", "ms");
        suffixes.put("_percent", "%");
        suffixes.put("_seconds", "s");
        suffixes.put("_sec", "s");
        suffixes.put("_bytes", "bytes");
        for (var e : suffixes.entrySet()) if (metric.endsWith(e.getKey())) return e.getValue();
        if (metric.equals(MetricNames.REQUEST_RATE)) return "requests/s";
        if (MetricNames.isCount(metric)) return "count";
        return "";
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String text(double x, double y, String anchor, String attrs, String content) {
        return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\"" + (attrs.isEmpty() ? "" : " " + attrs)
                + ">" + escape(content) + "</text>\n";
    }

    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\t' && c != '\n' ? ' ' : c);
            }
        }
        return out.toString();
    }
}
