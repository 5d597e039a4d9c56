package dev.rewind.bench;

import dev.rewind.replay.DetectionCurves;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Detection-time curves as a self-contained SVG: one panel per traffic level, the share of releases caught (y) by
 * each time since the deploy (x, logarithmic), one step line per method. No library: axes, ticks, polylines and text.
 */
final class CurvePlot {
    static final int PANEL_W = 300, PANEL_H = 250, LEFT = 56, TOP = 58, GAP = 24, BOTTOM = 92;
    static final String[] COLOURS = {"#1f5fa8", "#c0392b", "#2e8b57"};
    static final String[] DASHES = {"", "7 4", "2 3"};

    private CurvePlot() {
    }

    /** One SVG: {@code panels} are the curves at each traffic level, every panel holding the same methods in the same order. */
    static String svg(String title, List<List<DetectionCurves.Curve>> panels, List<List<DetectionCurves.Curve>> healthy, Duration watch) {
        int width = LEFT + panels.size() * (PANEL_W + GAP) + 10, height = TOP + PANEL_H + BOTTOM + 18;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">%n",
                width, height, width, height));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", width, height));
        text(sb, LEFT, 24, title, "start", 15, "bold");
        double xMin = 1, xMax = Math.max(10, watch.toSeconds());
        for (int p = 0; p < panels.size(); p++) {
            List<DetectionCurves.Curve> curves = panels.get(p);
            int x0 = LEFT + p * (PANEL_W + GAP), y0 = TOP;
            text(sb, x0 + PANEL_W / 2.0, y0 - 10, trim(curves.get(0).requestsPerSecond()) + " requests/s", "middle", 13, "bold");
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n", x0, y0, PANEL_W, PANEL_H));
            for (int pct = 0; pct <= 100; pct += 25) {
                double y = y0 + PANEL_H * (1 - pct / 100.0);
                line(sb, x0, y, x0 + PANEL_W, y, "#e4e4e4");
                if (p == 0) text(sb, x0 - 6, y + 4, pct + "%", "end", 11, "normal");
            }
            for (long t : new long[] {1, 10, 60, 600, 3600}) {
                if (t > xMax) continue;
                double x = x0 + PANEL_W * Math.log(t / xMin) / Math.log(xMax / xMin);
                line(sb, x, y0, x, y0 + PANEL_H, "#e4e4e4");
                text(sb, x, y0 + PANEL_H + 16, t < 60 ? t + " s" : t / 60 + " min", "middle", 11, "normal");
            }
            text(sb, x0 + PANEL_W / 2.0, y0 + PANEL_H + 34, "time since the deploy (log scale)", "middle", 11, "normal");
            if (healthy != null) falseRollbacks(sb, x0 + PANEL_W / 2.0, y0 + PANEL_H + 54, healthy.get(p));
            for (int m = 0; m < curves.size(); m++) polyline(sb, curves.get(m), x0, y0, xMin, xMax, m);
        }
        text(sb, 16, TOP + PANEL_H / 2.0, "releases rolled back", "middle", 11, "normal", "rotate(-90 16 " + (TOP + PANEL_H / 2) + ")");
        int ly = TOP + PANEL_H + 82;
        List<DetectionCurves.Curve> first = panels.get(0);
        for (int m = 0; m < first.size(); m++) {
            double lx = LEFT + m * 300;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2.5\"%s/>%n",
                    lx, ly, lx + 28, ly, COLOURS[m % COLOURS.length], dash(m)));
            text(sb, lx + 34, ly + 4, first.get(m).method().name(), "start", 12, "normal");
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    /** Under a panel: how many healthy releases each method rolled back at that traffic, in the method's colour. */
    private static void falseRollbacks(StringBuilder sb, double x, double y, List<DetectionCurves.Curve> healthy) {
        StringBuilder t = new StringBuilder("healthy releases rolled back: ");
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\" fill=\"#222\">%s", x, y, escape(t.toString())));
        for (int m = 0; m < healthy.size(); m++) {
            DetectionCurves.Curve c = healthy.get(m);
            sb.append(String.format(Locale.ROOT, "<tspan fill=\"%s\" font-weight=\"bold\">%d</tspan>%s", COLOURS[m % COLOURS.length], c.caught(),
                    escape(m + 1 < healthy.size() ? " / " : " of " + c.times().size())));
        }
        sb.append("</text>\n");
    }

    /** The share caught by each time: a step up of 1/n at each release's time to decision. */
    private static void polyline(StringBuilder sb, DetectionCurves.Curve c, int x0, int y0, double xMin, double xMax, int m) {
        List<Double> times = new ArrayList<>();
        for (Duration t : c.times()) if (t != null) times.add(Math.max(xMin, t.toMillis() / 1000.0));
        times.sort(null);
        int n = c.times().size();
        StringBuilder pts = new StringBuilder();
        double y = 0;
        point(pts, x0, y0, xMin, xMax, xMin, 0);
        for (int k = 0; k < times.size(); k++) {
            point(pts, x0, y0, xMin, xMax, times.get(k), y);
            y = (k + 1) / (double) n;
            point(pts, x0, y0, xMin, xMax, times.get(k), y);
        }
        point(pts, x0, y0, xMin, xMax, xMax, y);
        sb.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"%s points=\"%s\"/>%n",
                COLOURS[m % COLOURS.length], dash(m), pts.toString().trim()));
    }

    private static void point(StringBuilder pts, int x0, int y0, double xMin, double xMax, double seconds, double share) {
        double x = x0 + PANEL_W * Math.log(Math.min(xMax, seconds) / xMin) / Math.log(xMax / xMin);
        double y = y0 + PANEL_H * (1 - share);
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
    }

    private static String dash(int m) {
        String d = DASHES[m % DASHES.length];
        return d.isEmpty() ? "" : " stroke-dasharray=\"" + d + "\"";
    }

    private static void line(StringBuilder sb, double x1, double y1, double x2, double y2, String colour) {
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n", x1, y1, x2, y2, colour));
    }

    private static void text(StringBuilder sb, double x, double y, String s, String anchor, int size, String weight) {
        text(sb, x, y, s, anchor, size, weight, null);
    }

    private static void text(StringBuilder sb, double x, double y, String s, String anchor, int size, String weight, String transform) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" font-weight=\"%s\"%s fill=\"#222\">%s</text>%n",
                x, y, anchor, size, weight, transform == null ? "" : " transform=\"" + transform + "\"", escape(s)));
    }

    /** Text and attribute values never carry markup (nor control characters): the report's SVG rule. */
    static String escape(String s) {
        return dev.rewind.report.Svg.escape(s);
    }

    static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
