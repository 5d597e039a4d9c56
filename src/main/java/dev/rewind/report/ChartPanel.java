package dev.rewind.report;

import static dev.rewind.report.ChartScale.*;
import static dev.rewind.report.MetricChart.*;
import static dev.rewind.report.Svg.*;

import dev.rewind.model.Finding;
import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Sample;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/** One metric's panel of the chart: title and legend, axes, the series, reference lines and markers. */
record ChartPanel(IncidentFacts facts, String metric, int top, Instant start, Instant end, List<Marker> markers) {
    static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int LABEL_ROWS = 3;
    private static final double LABEL_CHAR_WIDTH = 6.3;


    void draw(StringBuilder svg) {
        List<Sample> samples = facts.observations().get(metric).map(MetricSeries::samples).orElse(List.of());
        Double baseline = baselineOf();
        // a sequential finding's threshold is per request, not in the metric's unit: it is not drawn
        Double threshold = facts.findings().stream().filter(f -> f.evidence() == null && MetricNames.canonical(f.metric()).equals(metric))
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
        if (samples.isEmpty()) {
            svg.append(text((PLOT_LEFT + PLOT_RIGHT) / 2.0, plotTop + PLOT_HEIGHT / 2.0, "middle", "fill=\"#555\"",
                    "no samples of " + metric + " were recorded"));
        } else {
            series(svg, samples, yr, plotTop);
        }
        // Reference lines go over the series: a healthy series sits on its baseline and would hide it.
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
        svg.append("<text class=\"y-unit\" x=\"18\" y=\"").append(num(mid)).append("\" text-anchor=\"middle\" transform=\"rotate(-90 18 ")
                .append(num(mid)).append(")\">").append(escape(unitLabel(metric))).append("</text>\n");
    }

    private void xAxis(StringBuilder svg, int plotBottom) {
        long stepSec = tickSeconds(Duration.between(start, end));
        DateTimeFormatter format = stepSec < 60 ? HH_MM_SS : HH_MM;
        long first = Math.floorDiv(start.getEpochSecond() + stepSec - 1, stepSec) * stepSec;
        for (long s = first; s <= end.getEpochSecond(); s += stepSec) {
            Instant at = Instant.ofEpochSecond(s);
            String x = num(x(at, start, end));
            svg.append("<line x1=\"").append(x).append("\" x2=\"").append(x).append("\" y1=\"").append(plotBottom)
                    .append("\" y2=\"").append(plotBottom + 5).append("\" stroke=\"#333\"/>\n");
            svg.append(text(Double.parseDouble(x), plotBottom + 18, "middle", "", format.format(at)));
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

    static String label(Marker m) {
        return m.name() + " " + HH_MM_SS.format(m.at());
    }

    /**
     * Puts each marker label in the first row where it does not overlap the label before it, so markers a
     * minute apart stay readable; with every row taken, the emptiest-looking (last) row is reused.
     */
    static int[] labelRows(List<Marker> markers, Instant start, Instant end) {
        double[] rightEdge = new double[LABEL_ROWS];
        Arrays.fill(rightEdge, Double.NEGATIVE_INFINITY);
        Integer[] order = IntStream.range(0, markers.size()).boxed()
                .sorted(Comparator.comparing(i -> markers.get(i).at())).toArray(Integer[]::new);
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
}
